// Every registered format, fed files made of its own samples (whole, mutated, indented, cut), other formats'
// samples and noise: detect() and the parser never throw, and no line is lost (the accounting of _harness.ts).

import fc from 'fast-check';
import { describe, it } from 'vitest';
import { FORMATS } from '../../src/formats/index.js';
import type { Format } from '../../src/formats/types.js';
import { sniff } from '../../src/sniff/sniff.js';
import { headOf } from '../helpers/run-format.js';
import { anyText, checkRun, chunked, fileOf, holds, linesLike, runBytes, runLines, TIMEOUT } from './_harness.js';

/** Display paths a format sees in bundles (some read the unit, table, network or IP from the name), and a neutral one. */
const PATHS: Record<string, string[]> = {
  'cni-cache': ['var/lib/cni/cache/results/labnet-83abb8008f443a64fa5efc49ea2935ad4ed5f6085d2cf58ad810f4753a632d1c-eth0'],
  'cni-conflist': ['etc/cni/net.d/10-flannel.conflist', 'etc/cni/net.d/99-loopback.conf'],
  'cni-ipam': ['var/lib/cni/networks/cbr0/10.187.2.34', 'var/lib/cni/networks/cbr0/last_reserved_ip.0', 'var/lib/cni/networks/cbr0/fd00::1', 'x'],
  'cri-dockerd-checkpoint': ['var/lib/cri-dockerd/sandbox/fb7cdb0a4f8da673da0a9818ec9a1576f953a8e8decf87a081827c11e4aa7138', 'sandbox/not-an-id'],
  'docker-inspect': ['sos_commands/docker/containers/docker_inspect_x'],
  'docker-ps': ['sos_commands/docker/docker_ps_-a'],
  'journal-cat': ['sos_commands/logs/journalctl_--no-pager_--unit_kubelet', 'sos_commands/logs/journalctl_-o_cat', 'x'],
  'journal-export': ['sos_commands/logs/journalctl_--no-pager_-o_export'],
  'journal-verbose': ['sos_commands/logs/journalctl_--no-pager_-o_verbose'],
  'klog-file': ['var/log/kubelet.log'],
  'kubectl-pods': ['kubectl_get_pods_-o_wide'],
  'logrus-file': ['var/log/docker.log', 'var/log/other.log'],
  'deploy-log': ['var/log/kube-deploy/deploy.log'],
  'host-meta': ['sos_commands/date/date', 'hostname', 'etc/hostname', 'x'],
  'iptables-list': ['sos_commands/firewall_tables/iptables_-t_nat_-nvL', 'iptables_-nvL'],
  'iptables-save': ['custom/iptables-save', 'iptables_-t_filter_-S'],
  'journal-json': ['sos_commands/logs/journalctl_--no-pager_-o_json'],
  'journal-short': ['sos_commands/logs/journalctl_--no-pager'],
  'nft-ruleset': ['sos_commands/firewall_tables/nft_-a_list_ruleset', 'nft_list_table_ip_nat'],
};

const ALL_SAMPLES = FORMATS.flatMap((f) => f.samples);

function pathOf(f: Format): fc.Arbitrary<string> {
  return fc.constantFrom(...(PATHS[f.id] ?? ['bundle/input']), 'bundle/input');
}

/** Extra lines each format's grammar turns on (markers, headers, indentation) beyond its samples. */
const EXTRA: Record<string, string[]> = {
  'journal-short': ['-- Boot 7d4b2e91c0a34f6f8e2d1a5b9c3e7f10 --', '-- No entries --', '░░ Subject: A stop job', '   Loaded: loaded', 'Dec 31 23:59:59 h a[1]: x', 'Jan  1 00:00:00 h a: y', 'Feb 30 10:00:00 h a: bad day'],
  'journal-verbose': ['', '-- Reboot --', '     continued value', '    MESSAGE=[12B blob data]', 'Sat 2024-02-31 11:39:02 CST'],
  'journal-json': ['{', '\t"__REALTIME_TIMESTAMP" : "1726285142118734",', '\t"MESSAGE" : "x"', '}', '\u001e{"__REALTIME_TIMESTAMP":"1","MESSAGE":[1,2,300]}', '{"__REALTIME_TIMESTAMP":{"a":1}}', '{"__proto__":{"x":1},"__REALTIME_TIMESTAMP":"5"}'],
  'journal-export': ['', '__REALTIME_TIMESTAMP=1726285142118734', 'MESSAGE', '_PID=1', 'bad name=x'],
  'iptables-save': ['*filter', '-A INPUT -j ACCEPT', ':PREROUTING ACCEPT [0:0]', '-A CNI-DN-b24a4eb3a38dc5843c23a -p tcp -m tcp --dport 80 -j DNAT --to-destination 10.1.2.3:8080', '-A POSTROUTING -s 10.1.2.3/32 -m comment --comment "name: \\"cbr0\\" id: \\"fb7cdb0a4f8da673da0a9818ec9a1576f953a8e8decf87a081827c11e4aa7138\\"" -j CNI-0123456789abcdef01234567', '-A X -m comment --comment "unclosed'],
  'iptables-list': ['Chain INPUT (policy ACCEPT 0 packets, 0 bytes)', 'num  target     prot opt source               destination', '1    ACCEPT     all  --  0.0.0.0/0            0.0.0.0/0', '    0     0            all  --  *      *       0.0.0.0/0            0.0.0.0/0'],
  'kubectl-pods': ['NAMESPACE   NAME   READY   STATUS    RESTARTS      AGE   IP           NODE   NOMINATED NODE   READINESS GATES', 'kube-system   a   1/1   Running   2 (3h ago)   3h   10.0.0.1   n1   <none>   <none>', 'No resources found in default namespace.', '{"apiVersion":"v1","kind":"List","items":[{"kind":"Pod","metadata":{"name":"a"}},3,{"kind":"Service"}]}'],
  'docker-inspect': ['[{"Id":"fb7cdb0a4f8da673da0a9818ec9a1576f953a8e8decf87a081827c11e4aa7138","State":{}}, 1, "x", {"Id":"bad"}]', '[]'],
  'cni-cache': ['{"kind":"cniCacheV1"} trailing', '{"kind":"other"}', '[1,2]'],
  'cni-conflist': ['{"name":"n","plugins":[{"type":"portmap","capabilities":{"portMappings":true}},{}]}', '{"name":"","type":"x"}'],
  'cri-dockerd-checkpoint': ['{"version":"v2","name":"a","namespace":"b","data":{"port_mappings":[{"host_port":"80"},null]},"checksum":1}'],
  'cni-ipam': ['fb7cdb0a4f8da673da0a9818ec9a1576f953a8e8decf87a081827c11e4aa7138\r', 'eth0', '', 'extra'],
  'deploy-log': ['Traceback (most recent call last):', '  File "x.py", line 1', 'ValueError: boom', '2024-13-45 99:99:99,000 - x INFO - impossible'],
  'host-meta': ['node-1', 'Tue Aug 19 15:02:37 -05 2025', 'Tue Feb 31 15:02:37 UTC 2025', ''],
  'docker-ps': ['CONTAINER ID   IMAGE     COMMAND   CREATED   STATUS    PORTS     NAMES', 'zzzz'],
  'nft-ruleset': ['table ip6 nat {', '\tchain CNI-HOSTPORT-DNAT {', '\t\tmeta l4proto tcp xt match "multiport" counter packets 0 bytes 0 jump CNI-DN-b24a4eb3a38dc5843c23a', '\t\ttcp dport 443 counter packets 0 bytes 0 XT target DNAT not found', ' # handle 14', '\t\tmeta l4proto tcp XT match comment not found', ' XT match multiport not found', ' counter packets 0 bytes 0 jump CNI-DN-b24a4eb3a38dc5843c23a # handle 25', '\tset s {', '\t\telements = { 1, 2,', '}', '{', '\tchain hostports {', 'table ip cni_hostport {', '\t\tmasquerade comment "x"'],
};

describe('every format on hostile files', () => {
  for (const f of FORMATS) {
    const lines = linesLike([...f.samples, ...(EXTRA[f.id] ?? [])], ALL_SAMPLES);

    it(`${f.id}: detect() and sniff() never throw on any head`, () => {
      holds([fileOf(lines, 12), pathOf(f)], (text, p) => {
        f.detect(headOf(text, p));
        sniff(headOf(text, p), Buffer.from(text));
      });
    }, TIMEOUT);

    it(`${f.id}: the line parser never throws and accounts for every line`, () => {
      holds([fileOf(lines), pathOf(f)], (text, p) => checkRun(runLines(f, text, p)));
    }, TIMEOUT);

    it(`${f.id}: any text at all, even without a line of the format`, () => {
      holds([fileOf(anyText.map((s) => s.replace(/\n/g, '')), 8), pathOf(f)], (text, p) => checkRun(runLines(f, text, p)));
    }, TIMEOUT);

    if (f.openBytes) {
      it(`${f.id}: the byte parser never throws and accounts for every line, however the bytes are chunked`, () => {
        const bytes = fc.tuple(fileOf(lines), fc.array(fc.uint8Array({ maxLength: 12 }), { maxLength: 3 }), fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 5 })).map(([text, junk, cuts]) => {
          // Binary junk spliced in: length prefixes that lie, NULs, stray newlines.
          let buf = Buffer.from(text);
          for (const j of junk) {
            const at = buf.length === 0 ? 0 : (j[0] ?? 0) % buf.length;
            buf = Buffer.concat([buf.subarray(0, at), Buffer.from(j), buf.subarray(at)]);
          }
          return chunked(buf, cuts);
        });
        holds([bytes, pathOf(f)], (chunks, p) => checkRun(runBytes(f, chunks, p)));
      }, TIMEOUT);
    }
  }
});
