// Journal lines as people posted them (samples/formats/journal-field-shapes/SOURCE.md): other locales'
// months, identifiers without a pid or with a unit-like name, rsyslog's RFC 3339 stamps, padded days, and
// lines cut down to "<identifier>[pid]:".

import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { journalShort } from '../../src/formats/journal-short.js';
import { ingest } from '../../src/ingest.js';
import { runJournal } from '../helpers/run-journal.js';
import { runFormat } from '../helpers/run-format.js';

const DIR = path.resolve(__dirname, '../../samples/formats/journal-field-shapes');
const BARE = path.resolve(__dirname, '../../samples/formats/journal-bare/containerd-6402/input');
const at = (f: string): string => path.join(DIR, f);

describe('journal-short reads the shapes real hosts print', () => {
  it('microk8s-okt-nb: okt. and a snap identifier (its pager-chopped lines are the paste format\'s: test/formats/paste.test.ts)', () => {
    const r = runJournal(at('microk8s-okt-nb'));
    expect(r.records.map((x) => [x.stamp!.month, x.stamp!.day, x.host, x.ident, x.pid])).toEqual([
      [10, 29, 'linux', 'microk8s.daemon-containerd', 147026],
      [10, 29, 'linux', 'microk8s.daemon-containerd', 147026],
    ]);
  });

  it.each([
    ['k3s', 2, 12, 'dieteng159', 'k3s', 758],
    ['docker-1.11', 2, 5, 'ip-10-16-101-236', 'docker', 2259],
    ['padded-day', 7, 8, 'DOCKER-RYZEN', 'kernel', null],
    ['zh-8yue', 2, 8, 'konvymaster-01', 'containerd', 7959],
    ['rsyslog-rfc3339', 3, 4, 'onxl9979', 'dockerd', 56029],
  ])('%s: %i records in month %i, host %s, identifier %s[%s]', (file, count, month, host, ident, pid) => {
    const r = runJournal(at(file), { path: `node/${file}` });
    expect(r.format?.id).toBe('journal-short');
    expect(r.unparsed).toEqual([]);
    expect(r.records).toHaveLength(count);
    expect(r.records.every((x) => x.stamp!.month === month && x.host === host)).toBe(true);
    expect(r.records.some((x) => x.ident === ident && x.pid === pid)).toBe(true);
  });

  it('rsyslog-rfc5424: RSYSLOG_SyslogProtocol23Format\'s "<PRI>1 <stamp> host app procid msgid sd msg", with and without the "<PRI>1 "', () => {
    const r = runJournal(at('rsyslog-rfc5424'), { path: 'node/syslog' });
    expect(r.format?.id).toBe('journal-short');
    expect(r.unparsed).toEqual([]);
    expect(r.records.map((x) => [x.host, x.ident, x.pid, x.message.slice(0, 5)])).toEqual([
      ['vm', 'containerd', 22938, 'time='],
      ['vm', 'kubelet', 24578, 'E0207'],
      // PROCID "-": no pid; MSGID and STRUCTURED-DATA "-" or elements, left out of the message.
      ['vm', 'systemd', null, 'Start'],
      ['vm', 'kubelet', 24578, 'E0207'],
    ]);
    expect(r.records[1]!.time).toBe(Date.UTC(2026, 11, 7, 19, 54, 45) * 1000 + 377909);
    // containerd/containerd#9947 posted the same lines without "<PRI>1 ": read alike, the message's own ": " no identifier.
    const cut = runJournal(Buffer.from('2024-02-07T02:49:40.739405+00:00 NodeA kubelet 24578 - -  E0207 02:49:40.738973   24578 remote_runtime.go:176] "RunPodSandbox from runtime service failed" err="rpc error: code = DeadlineExceeded desc = context deadline exceeded"\n'), { path: 'node/syslog' });
    expect(cut.records.map((x) => [x.host, x.ident, x.pid, x.message.slice(0, 14)])).toEqual([['NodeA', 'kubelet', 24578, 'E0207 02:49:40']]);
    // RFC 5424 allows only an RFC 3339 stamp: after a short one the header is no RFC 5424's, and its "identifier" up to
    // the first ": " holds blanks and no [pid]: prose, refused by the regex path as by the fast path (gate fuzz
    // FUZZ_SEED=-277086297 mixed one into a short journal).
    const short = runFormat(journalShort, 'Sep 24 05:34:17 node-x kubelet 24578 - -  E0207 02:49:40.739041   24578 kuberuntime_sandbox.go:72] "Failed to create sandbox for pod" err="rpc error: x"\n');
    expect(short.records).toEqual([]);
    expect(short.unparsed.map((u) => u.line)).toEqual([1]);
    // A traditional "ident[pid]:" line is not read as RFC 5424, even when its message looks like a header.
    const trad = runJournal(Buffer.from('2024-04-01T00:32:23.142118+00:00 onxl9979 dockerd[56029]: a 1 - - b\n'), { path: 'node/syslog' });
    expect(trad.records.map((x) => [x.ident, x.pid, x.message])).toEqual([['dockerd', 56029, 'a 1 - - b']]);
  });

  it('rsyslog-rfc3164-pri: a forwarded message\'s "<PRI>" before a traditional or an RFC 3339 stamp is no part of the record', async () => {
    const r = runJournal(at('rsyslog-rfc3164-pri'), { path: 'node/syslog' });
    expect(r.format?.id).toBe('journal-short');
    expect(r.unparsed).toEqual([]);
    expect(r.records.map((x) => [x.stamp!.month, x.stamp!.day, x.host, x.ident, x.pid, x.message.slice(0, 5)])).toEqual([
      [12, 7, 'vm', 'kubelet', 89518, 'E0319'],
      [12, 7, 'vm', 'kubelet', 89518, 'E0319'],
    ]);
    expect(r.records[1]!.time).toBe(Date.UTC(2026, 11, 7, 20, 52, 33) * 1000 + 83350);
    const ing = await ingest([at('rsyslog-rfc3164-pri')], { tz: null, year: 2026, host: null });
    expect(ing.events.map((e) => [e.kind, e.source.line])).toEqual([
      ['sandbox.setup.failed', 1],
      ['sandbox.setup.failed', 2],
    ]);
  });

  it('reads a klog line whose journal prefix a paste left out by its own header, making up no host or identifier (amazon-vpc-cni-k8s#59)', async () => {
    const file = path.resolve(__dirname, '../../samples/wild/amazon-vpc-cni-59-first-line-prefix-dropped-createpodsandbox.log');
    const r = runJournal(file);
    expect(r.format?.id).toBe('journal-short');
    expect(r.unparsed).toEqual([]);
    expect(r.records.map((x) => [x.host, x.ident, x.pid, x.stamp!.month, x.stamp!.day, x.stamp!.micro])).toEqual([
      [null, null, 3852, 4, 18, 12799],
      ['ip-172-20-19-97.us-west-2.compute.internal', 'kubelet', 3852, 4, 18, 0],
      ['ip-172-20-19-97.us-west-2.compute.internal', 'kubelet', 3852, 4, 18, 0],
    ]);
    expect(r.notes.join('\n')).toMatch(/1 klog lines without their journal prefix/);
    const ing = await ingest([file], { tz: null, year: 2018, host: null });
    expect(ing.events.map((e) => [e.kind, e.source.line])).toEqual([
      ['sandbox.setup.failed', 1],
      ['sandbox.setup.failed', 2],
      ['sandbox.setup.failed', 3],
    ]);
    // Text that is no klog line stays unparsed, with the reason.
    expect(runFormat(journalShort, 'Sep 14 11:39:02 centos79 kubelet[1789]: x\nnot a log line\n').unparsed.map((u) => u.reason)).toEqual(['no journalctl timestamp']);
  });

  it('dates rsyslog\'s RFC 3339 stamps absolutely, to the microsecond', () => {
    const r = runJournal(at('rsyslog-rfc3339'));
    expect(r.records[2]!.time).toBe(Date.UTC(2024, 3, 1, 0, 32, 23) * 1000 + 142714);
  });

  it('gives the lifecycle events of the padded-day block with full IDs', async () => {
    const ing = await ingest([at('padded-day')], { tz: null, year: null, host: null });
    const id = '90fb4c1e120bb2222da88aba22a203412946285e37ab7f27fc05e3e3e81432e1';
    expect(ing.events.filter((e) => e.ids.includes(id)).map((e) => e.kind)).toEqual(expect.arrayContaining(['shim.disconnected', 'shim.cleanup']));
    // the year comes from the daemons' own time= (2023), the zone too (+02:00)
    expect(ing.events.find((e) => e.kind === 'shim.disconnected')!.time).toBe(Date.UTC(2023, 7, 5, 5, 27, 14) * 1000 + 304609);
  });

  it('reads journalctl --no-hostname lines: the identifier right after the time', () => {
    const r = runFormat(journalShort, 'Sep 14 11:39:42 dockerd[1234]: time="2024-09-14T11:39:42.015893387+08:00" level=info msg="Processing signal \'terminated\'"\nSep 14 11:39:43 kernel: eth0: link down\n');
    expect(r.unparsed).toEqual([]);
    expect(r.records.map((x) => [x.host, x.ident, x.pid])).toEqual([
      [null, 'dockerd', 1234],
      [null, 'kernel', null],
    ]);
  });

  it('reads an empty host field (rsyslog with no host name, a host blanked out before posting): the identifier after the time', () => {
    // kubernetes/kubernetes#99901: "Mar  6 12:48:42 kubelet[1464]:" and "Mar  6 12:48:42  containerd[1468]:" in one paste
    const r = runFormat(
      journalShort,
      'Mar  6 12:48:42 kubelet[1464]: I0306 12:48:42.048373    1464 topology_manager.go:219] [topologymanager] RemoveContainer - Container ID: 03791a556519693f891e76ce3c5747ca0283d0d6b14dec8b5f614250477fe8a0\nMar  6 12:48:42  containerd[1468]: time="2021-03-06T12:48:42.048709701-05:00" level=info msg="StopPodSandbox for \\"4eb8ff4f73b787ef48a232d347eba2609580fb0b035b4ccc8d2cd7dd035d0097\\""\n',
    );
    expect(r.unparsed).toEqual([]);
    expect(r.records.map((x) => [x.stamp!.day, x.host, x.ident, x.pid])).toEqual([
      [6, null, 'kubelet', 1464],
      [6, null, 'containerd', 1468],
    ]);
    // two spaces then prose is no record: the identifier must end in ':' or '[pid]:'
    expect(runFormat(journalShort, 'Mar  6 12:48:42  just some words\n').unparsed).toHaveLength(1);
  });

  it('reads ja_JP\'s padded month (" 9月 14 …") as a record, and a deeper indent as a continuation', () => {
    // journalctl indents a continuation by the prefix's width in bytes
    const prefix = ' 9月 14 11:39:41 centos79 logger[27310]: ';
    const r = runFormat(journalShort, `${prefix}step one\n${' '.repeat(Buffer.byteLength(prefix))}and more\n10月 01 00:00:01 centos79 logger[27310]: step two\n`);
    expect(r.unparsed).toEqual([]);
    expect(r.records.map((x) => [x.stamp!.month, x.message])).toEqual([
      [9, 'step one\nand more'],
      [10, 'step two'],
    ]);
  });
});

describe('journal-bare: lines cut to "<identifier>[pid]:"', () => {
  it('places each record by the daemon\'s own time= and says so', async () => {
    const ing = await ingest([BARE], { tz: null, year: null, host: null });
    const input = ing.inputs[0]!;
    expect(input.format).toBe('journal-bare');
    expect(input.unparsed).toBe(0);
    expect(input.notes.join('\n')).toMatch(/2 placed by the daemon's own time="…", 0 timeless/);
    const shim = ing.events.find((e) => e.kind === 'shim.disconnected')!;
    expect(shim.ids).toEqual(['6ce9d405aaae9dfae615d0810ba46b4726c60607dd940233fe824b651158372e']);
    expect(shim.time).toBe(Date.UTC(2022, 0, 2, 13, 53, 1) * 1000 + 309515);
  });

  it('reads "<identifier>: " without a pid when a daemon\'s own header follows (kubernetes/kubernetes#20497); prose is not claimed', () => {
    const text = 'kubelet: I0812 13:17:00.017310    9852 manager.go:1371] Killing container "8bfe02e26c4e67ef862e273cdebaa55280eff21d25a7a36e208b3d214c613b4e pufferfish default/pufferfish-2747628150-hek8m" with 30 second grace period\nkubelet: I0812 13:17:00.048009    9852 kubelet.go:2414] SyncLoop (PLEG): "pufferfish-2747628150-hek8m_default(7b1c7181-5da0-11e6-bae9-04013c998d03)", event: &pleg.PodLifecycleEvent{ID:"7b1c7181-5da0-11e6-bae9-04013c998d03", Type:"ContainerStarted", Data:"8bfe02e26c4e67ef862e273cdebaa55280eff21d25a7a36e208b3d214c613b4e"}\n';
    const r = runJournal(Buffer.from(text), { path: 'ticket/kubelet.txt' });
    expect(r.format?.id).toBe('journal-bare');
    expect(r.records.map((x) => [x.ident, x.pid])).toEqual([
      ['kubelet', null],
      ['kubelet', null],
    ]);
    expect(runJournal(Buffer.from('Note: this is prose\nAnswer: more prose\n'), { path: 'ticket/notes.txt' }).format?.id).not.toBe('journal-bare');
  });

  it('reads lines cut after the month and day, their time of day and host left (k3s-io/k3s#6119): host kept, placed by the daemon\'s time=', () => {
    // Whole lines of k3s#6119's `journalctl -u k3s` paste (the poster cut "Sep 12" off each).
    const text = [
      ' 12:09:51 node k3s[22385]: time="2022-09-12T12:09:51+08:00" level=info msg="Tunnel server egress proxy waiting for runtime core to become available"',
      ' 12:09:54 node k3s[22385]: I0912 12:09:54.830065   22385 controller.go:611] quota admission added evaluator for: roles.rbac.authorization.k8s.io',
      ' 12:09:54 node k3s[22385]: I0912 12:09:54.956459   22385 alloc.go:327] "allocated clusterIPs" service="default/kubernetes" clusterIPs=map[IPv4:10.43.0.1]',
      '',
    ].join('\n');
    const r = runJournal(Buffer.from(text), { path: 'ticket/k3s.txt' });
    expect(r.format?.id).toBe('journal-bare');
    expect(r.unparsed).toEqual([]);
    expect(r.records.map((x) => [x.host, x.ident, x.pid])).toEqual([
      ['node', 'k3s', 22385],
      ['node', 'k3s', 22385],
      ['node', 'k3s', 22385],
    ]);
    expect(r.notes.join('\n')).toMatch(/1 placed by the daemon's own time="…", 2 timeless/);
    // a clock and a word before prose is no journal line
    expect(runJournal(Buffer.from(' 12:09:51 meeting notes: bring logs\n 12:10:00 lunch notes: none\n'), { path: 'ticket/notes.txt' }).format?.id).not.toBe('journal-bare');
  });

  it('keeps a line with no time of its own, timeless, and counts it', () => {
    const r = runJournal(Buffer.from('kubelet[1789]: I0914 11:39:02.118431    1789 kubelet.go:2430] "SyncLoop DELETE" source="api" pods=["default/a"]\nkubelet[1789]: I0914 11:39:03.118431    1789 kubelet.go:2430] "SyncLoop ADD" source="api" pods=["default/a"]\n'), { path: 'ticket/kubelet.txt' });
    expect(r.format?.id).toBe('journal-bare');
    expect(r.records.map((x) => [x.ident, x.pid, x.time])).toEqual([
      ['kubelet', 1789, null],
      ['kubelet', 1789, null],
    ]);
    expect(r.notes.join('\n')).toMatch(/0 placed .*, 2 timeless/);
  });
});
