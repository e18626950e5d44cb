import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { FORMATS } from '../../src/formats/index.js';
import type { Format } from '../../src/formats/types.js';
import { decompress } from 'fzstd';
import { headOf, runBytesFormat, runFormat } from '../helpers/run-format.js';

const SRC = fileURLToPath(new URL('../../src/formats/', import.meta.url));
const JOURNAL_FILE = fileURLToPath(new URL('../../samples/formats/journal-file/zstd-compact-keyed-hash/input.journal.zst', import.meta.url));

/** A display path under which a format's samples make sense as one file. */
const CONTEXT: Record<string, string> = {
  'cloud-logging': 'ticket/gke-node-logs.txt',
  'cni-cache': 'var/lib/cni/cache/results/labnet-83abb8008f443a64fa5efc49ea2935ad4ed5f6085d2cf58ad810f4753a632d1c-eth0',
  'cni-conflist': 'etc/cni/net.d/10-flannel.conflist',
  'cni-ipam': 'var/lib/cni/networks/cbr0/10.187.2.34',
  'container-log': 'var/lib/docker/containers/2f1ab5e0e7c8a2f7b1d4c3e6a9f8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f1a0/2f1ab5e0e7c8a2f7b1d4c3e6a9f8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f1a0-json.log',
  'cri-dockerd-checkpoint': 'var/lib/cri-dockerd/sandbox/fb7cdb0a4f8da673da0a9818ec9a1576f953a8e8decf87a081827c11e4aa7138',
  'docker-desktop-log': 'Library/Containers/com.docker.docker/Data/log/vm/containerd.log',
  'docker-inspect': 'sos_commands/docker/containers/docker_inspect_x',
  'docker-ps': 'sos_commands/docker/docker_ps_-a',
  'docker-version': 'sos_commands/docker/docker_version',
  'dpkg-list': 'sos_commands/dpkg/dpkg_-l',
  enveloped: 'ticket/ci-console.txt',
  'journal-bare': 'ticket/containerd.txt',
  'journal-cat': 'sos_commands/logs/journalctl_--no-pager_--unit_kubelet',
  'journal-export': 'sos_commands/logs/journalctl_--no-pager_-o_export',
  'journal-file': 'var/log/journal/3c1f0e6a8b2d4f7e9a5c1b3d5e7f9a2b/system.journal',
  'journal-verbose': 'sos_commands/logs/journalctl_--no-pager_-o_verbose',
  'klog-file': 'var/log/kubelet.log',
  'klog-json': 'talos/kubelet.log',
  'kubectl-pods': 'kubectl_get_pods_-o_wide',
  'logrus-file': 'var/log/docker.log',
  'logrus-json': 'var/log/containerd.log',
  'logrus-tty': 'var/log/docker.log',
  'deploy-log': 'var/log/kube-deploy/deploy.log',
  'host-meta': 'sos_commands/date/date',
  'iptables-list': 'sos_commands/firewall_tables/iptables_-t_nat_-nvL',
  'iptables-save': 'custom/iptables-save',
  'journal-json': 'sos_commands/logs/journalctl_--no-pager_-o_json',
  'journal-short': 'sos_commands/logs/journalctl_--no-pager',
  'paste': 'ticket/comment.txt',
  'systemctl-status': 'sos_commands/systemd/systemctl_status_--all',
  'systemd-console': 'ticket/serial-console.txt',
  'talos-log': 'talos/machined.log',
  'nft-ruleset': 'sos_commands/firewall_tables/nft_-a_list_ruleset',
  'sos-log': 'sosreport-node/sos_logs/sos.log',
  'sos-manifest': 'sosreport-node/sos_reports/manifest.json',
};

/** How the samples are fed: as one file (journals, deploy, ipam, iptables) or one file per line (host-meta). */
function feed(f: Format): ReturnType<typeof runFormat>[] {
  const path = CONTEXT[f.id]!;
  // A binary file's sample is its signature, which detect() is checked on; what it reads is a real file.
  if (f.id === 'journal-file') return [runBytesFormat(f, Buffer.from(decompress(readFileSync(JOURNAL_FILE))), path)];
  if (f.id === 'host-meta') return f.samples.map((s) => runFormat(f, s + '\n', path));
  return [runFormat(f, f.samples.join('\n') + (f.id === 'cni-ipam' ? '' : '\n'), path)];
}

describe('format registry', () => {
  it('ids are unique and sorted, so sniffing order is stable', () => {
    const ids = FORMATS.map((f) => f.id);
    expect(ids).toEqual([...ids].sort());
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('every format module in src/formats is registered, and nothing else is', () => {
    const modules = readdirSync(SRC)
      .filter((n) => n.endsWith('.ts') && !n.startsWith('_') && n !== 'index.ts' && n !== 'types.ts')
      .map((n) => n.replace(/\.ts$/, ''))
      .sort();
    const registered = FORMATS.map((f) => f.id);
    expect(modules.filter((m) => !registered.includes(m)), 'format modules missing from FORMATS: register them in src/formats/index.ts (helpers go in _<name>.ts)').toEqual([]);
    expect(registered.filter((id) => !modules.includes(id)), 'registered ids with no src/formats/<id>.ts: rename the module or the id').toEqual([]);
  });

  // A format with no sample context here still gets the structural checks below; its samples are checked once
  // someone adds how they are fed (a display path, and whether they form one file).
  for (const f of FORMATS.filter((x) => !(x.id in CONTEXT))) it.todo(`${f.id}: add a sample context to CONTEXT in test/formats/registry.test.ts`);

  for (const f of FORMATS) {
    describe(f.id, () => {
      it('its id is its file name: src/formats/<id>.ts exports this very object', async () => {
        const file = new URL(`../../src/formats/${f.id}.ts`, import.meta.url).href;
        const mod = (await import(/* @vite-ignore */ file)) as Record<string, unknown>;
        expect(Object.values(mod)).toContain(f);
      });

      it('has a title and an upstream reference URL', () => {
        expect(f.title.trim()).not.toBe('');
        expect(f.reference).toMatch(/^https:\/\/\S+/);
      });

      it('carries samples', () => {
        expect(f.samples.length).toBeGreaterThan(0);
        expect(f.samples.every((x) => typeof x === 'string' && x !== '')).toBe(true);
      });

      if (!(f.id in CONTEXT)) return;

      it('every sample is accepted: no unparsed line', () => {
        for (const r of feed(f)) expect(r.unparsed).toEqual([]);
      });

      it('every sample produces something: a record, an event, a fact or a deliberate skip', () => {
        for (const r of feed(f)) {
          const c = r.counters;
          expect(c.records + c.events + c.skipped + r.meta.length).toBeGreaterThan(0);
        }
      });

      it('detect() claims its own samples in their context, and no other format outscores it', () => {
        const path = CONTEXT[f.id]!;
        const texts = f.id === 'host-meta' ? f.samples : [f.samples.join('\n')];
        for (const text of texts) {
          const head = headOf(text, path);
          const mine = f.detect(head);
          expect(mine, `${f.id} refused its own samples`).not.toBeNull();
          expect(mine!.score).toBeGreaterThanOrEqual(0.5);
          for (const other of FORMATS.filter((o) => o !== f)) expect(other.detect(head)?.score ?? 0, `${other.id} on ${f.id} samples`).toBeLessThan(mine!.score);
        }
      });
    });
  }

  it('journal-short: each sample line is one record', () => {
    const f = FORMATS.find((x) => x.id === 'journal-short')!;
    expect(feed(f)[0]!.counters.records).toBe(f.samples.length);
  });

  it('deploy-log: each sample line is one record', () => {
    const f = FORMATS.find((x) => x.id === 'deploy-log')!;
    expect(feed(f)[0]!.counters.records).toBe(f.samples.length);
  });

  it('iptables-save: the sample jump is a cni.dnat.present event, the CNI chain declarations are events, every other line a skip', () => {
    const f = FORMATS.find((x) => x.id === 'iptables-save')!;
    const r = feed(f)[0]!;
    expect(r.events.map((e) => e.kind)).toEqual(['cni.chain.declared', 'cni.chain.declared', 'cni.dnat.present']);
    expect(r.counters.skipped).toBe(f.samples.length - 3);
  });

  it('iptables-list: the sample jump row is a cni.dnat.present event after its chain header', () => {
    const f = FORMATS.find((x) => x.id === 'iptables-list')!;
    expect(feed(f)[0]!.events.map((e) => e.kind)).toEqual(['cni.chain.declared', 'cni.dnat.present']);
  });

  it('nft-ruleset: the iptables-nft jump and DNAT rows and the portmap nftables rule are events after their chain headers', () => {
    const f = FORMATS.find((x) => x.id === 'nft-ruleset')!;
    expect(feed(f)[0]!.events.map((e) => e.kind)).toEqual(['cni.chain.declared', 'cni.dnat.present', 'cni.chain.declared', 'cni.chain.declared', 'cni.dnat.target', 'cni.dnat.present', 'cni.dnat.target']);
  });

  it('cni-ipam: the samples form one lease', () => {
    const f = FORMATS.find((x) => x.id === 'cni-ipam')!;
    expect(feed(f)[0]!.events.map((e) => e.kind)).toEqual(['ipam.folder', 'ipam.lease']);
  });

  it('host-meta: each sample is a capture fact', () => {
    const f = FORMATS.find((x) => x.id === 'host-meta')!;
    expect(feed(f).map((r) => r.meta.map((m) => m.kind))).toEqual(f.samples.map(() => ['capture']));
  });
});
