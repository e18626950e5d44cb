// Log lines pasted into tickets (samples/formats/paste/SOURCE.md): what can be undone exactly is, and gives the
// events of the lines as they were; what cannot is counted with a reason, and no ID is ever completed by a guess.

import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cleanLine } from '../../src/formats/_paste-clean.js';
import { deployLog } from '../../src/formats/deploy-log.js';
import { headOf } from '../helpers/run-format.js';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { ingest } from '../../src/ingest.js';
import { runJournal } from '../helpers/run-journal.js';

const DIR = path.resolve(__dirname, '../..', 'samples/formats');
const at = (c: string): string => path.join(DIR, c, 'input');
const FB7 = 'fb7cdb0a4f8da673da0a9818ec9a1576f953a8e8decf87a081827c11e4aa7138';

async function events(c: string) {
  const ing = await ingest([at(c)], { tz: null, year: null, host: null });
  return { input: ing.inputs[0]!, events: ing.events };
}

describe('paste', () => {
  it('reads the output glued after a prompt and a blog\'s line-number gutter (the seed report\'s "9月 14" lines)', async () => {
    const r = runJournal(at('paste/seed-report-glued'));
    expect(r.format?.id).toBe('paste');
    expect(r.records.map((x) => [x.stamp!.month, x.stamp!.day, x.ident, x.pid])).toEqual([
      [9, 14, 'cri-dockerd', 9246],
      [9, 14, 'dockerd', 2708],
    ]);
    const got = await events('paste/seed-report-glued');
    expect(got.events.find((e) => e.kind === 'shim.cleanup')!.ids).toEqual([FB7]);
  });

  it('takes grep -n\'s "file:line:" prefix off', async () => {
    const got = await events('paste/moby-47757-grep');
    expect(got.input.format).toBe('paste');
    expect(got.input.unparsed).toBe(0);
    expect(got.events.map((e) => e.kind)).toEqual(['shim.disconnected', 'shim.cleanup']);
  });

  it('skips the prompt line above the output', () => {
    const r = runJournal(at('paste/kubernetes-55020-prompt'));
    expect(r.format?.id).toBe('paste');
    expect(r.records).toHaveLength(3);
    expect(r.records[0]!.ident).toBe('dockerd-current');
    expect(r.counters).toMatchObject({ lines: 4, records: 3, skipped: 1, unparsed: 0 });
  });

  it('joins lines hard-wrapped at a fixed width: IDs cut by the wrap are whole again, every event as in the journal', async () => {
    const pasted = await events('paste/fold-100');
    const journal = await events('journal-modes/short');
    expect(pasted.input.format).toBe('paste');
    expect(pasted.input.unparsed).toBe(0);
    expect(pasted.input.notes.join('\n')).toMatch(/11 hard-wrapped line\(s\) joined \(wrap at 100 columns\)/);
    const shape = (e: { kind: string; ids: string[]; time: number | null }) => ({ kind: e.kind, ids: e.ids, time: e.time });
    const want = journal.events.filter((e) => e.text.includes('fb7cdb0a')).map(shape);
    expect(want.length).toBeGreaterThan(3);
    expect(pasted.events.map(shape)).toEqual(want);
  });

  it('takes no wrap from full-width lines that continue no record (the gate fuzz, FUZZ_SEED=4: a journal whose widest line is junk three times)', () => {
    // Real component lines as the gate fuzz mutated them: the three widest lines carry an 8-digit fraction, so
    // none opens a record, and two of them following each other looked like a wrap at 345 columns.
    const r = runJournal(path.resolve(__dirname, '../fixtures/fuzz-journal-repeated-junk.log'));
    expect(r.format?.id).toBe('journal-short');
  });

  it('takes no wrap from a width most lines have whole (the gate fuzz, FUZZ_SEED=-1893433140: junk twice after the commonest, widest line)', () => {
    // A generated journal whose ImageUpdate lines, half of all, are its widest (211 columns) and each followed by a
    // record's start; two junk lines after two of them looked like a paste wrapped at 211 columns.
    const r = runJournal(path.resolve(__dirname, '../fixtures/fuzz-journal-junk-after-common-width.log'));
    expect(r.format?.id).toBe('journal-short');
  });

  it('takes no wrap from one full-width line repeated (the gate fuzz, FUZZ_SEED=1447792708 with FUZZ_RUNS=1500)', () => {
    // Four copies of one mutated line ("Sep 31 …", no record's start) are the widest; the first follows a line a
    // word wrap would explain, so each copy looked like a piece cut at 213 columns.
    const r = runJournal(path.resolve(__dirname, '../fixtures/fuzz-journal-repeated-full-width-junk.log'));
    expect(r.format?.id).toBe('journal-short');
  });

  it('takes stray backtick lines for junk, not a quoted paste (the gate fuzz, FUZZ_SEED=1447792708 with FUZZ_RUNS=1500, once repeated lines were no wrap)', () => {
    // Two lines of a lone "`" among journal lines: a quote or backtick is a ticket's sign only before a record.
    const r = runJournal(path.resolve(__dirname, '../fixtures/fuzz-journal-stray-backtick-lines.log'));
    expect(r.format?.id).toBe('journal-short');
  });

  it('counts the lines a pager chopped at the terminal width, never reads a cut ID', () => {
    const r = runJournal(path.join(DIR, 'journal-field-shapes/microk8s-okt-nb'));
    expect(r.format?.id).toBe('paste');
    expect(r.records).toHaveLength(2);
    expect(r.unparsed.map((u) => u.reason.split(' ')[0])).toEqual(['chopped', 'chopped']);
  });

  it('reads a chopped line whose fixed words and whole ID end before the cut (_cut-readable.ts), and still counts the others (deislabs/containerd-wasm-shims#169)', async () => {
    const file = path.resolve(__dirname, '../../samples/wild/containerd-wasm-shims-169-short-monotonic-pager-cut-ignoring-event.log');
    const r = runJournal(file);
    expect(r.format?.id).toBe('paste');
    // Line 7 ("failed to close stdin: task <id> not found: not>") stays counted: its message is cut.
    expect(r.unparsed.map((u) => [u.line, u.reason.split(' ')[0]])).toEqual([[7, 'chopped']]);
    expect(r.notes.join('\n')).toMatch(/lines cut at 238 columns counted, not read \(but 1 whose message and ID end before the cut\)/);
    const ing = await ingest([file], { tz: null, year: null, host: null });
    expect(ing.events.map((e) => [e.source.line, e.kind, e.ids])).toEqual([[2, 'task.deleted', ['a70e84ac71bdcfcf1b30d6fc7b3645fb87047d379e46003350663c3f1f0ee98f']]]);
  });

  it('joins a line wrapped by hand at words (each piece ends in the space it broke at): the stop failure is read with its ID', async () => {
    const got = await events('paste/kata-2151-word-wrapped');
    expect(got.input.format).toBe('paste');
    expect(got.events.map((e) => [e.kind, e.ids])).toEqual([['sandbox.stop.failed', ['73e56b55f18f947a4cd6712987777888cb4087674f8ad36193df3b6b88296c21']]]);
  });
});

describe('paste: one record wrapped by the terminal among other text (multus-cni#1448, systemctl status k3s | grep)', () => {
  const file = path.resolve(__dirname, '../../samples/wild/multus-1448-k3s-status-grep-terminal-wrapped-stop-failed.log');

  it('joins its four physical lines and reads it; the lines around it are counted with their reason', async () => {
    const ing = await ingest([file], { tz: null, year: null, host: null });
    const input = ing.inputs[0]!;
    expect(input.format).toBe('paste');
    // the kubectl command is taken for a prompt line; the image name and the ticket's header line are counted
    expect(input.notes.join('\n')).toMatch(/1 shell prompt line\(s\) skipped, 3 hard-wrapped line\(s\) joined \(wrap at 164 columns\)/);
    expect(input.unparsed).toBe(2);
    expect(ing.events.map((e) => [e.kind, e.source.line, e.ids])).toEqual([['sandbox.stop.failed', 5, ['baff3103e4f7bc829737461fff168666d3e3709460a611e875b4fd4bf0fb08c9']]]);
  });

  it('without the wrap, one journal line among other text is no paste', () => {
    const one = readFileSync(file, 'utf8').split('\n').slice(0, 5).join('\n').replace(/Unkn$/, 'Unknown desc = x"') + '\n';
    const r = runJournal(Buffer.from(one), { path: 'ticket/comment.txt' });
    expect(r.format?.id).not.toBe('paste');
  });
});

describe('cleanLine', () => {
  const starts = (t: string): boolean => /^Sep 14 /.test(t);
  it('knows the prompts people paste', () => {
    for (const p of ['$ journalctl -u docker', '# journalctl -u docker', '[root@node-1 ~]# journalctl -u docker', 'ubuntu@ip-10-0-0-1:~$ journalctl -u docker', '1 2 3 $ journalctl -u docker'])
      expect(cleanLine(p, 0, starts), p).toEqual({ text: null, prompt: true, prefix: false });
  });

  it('never takes a prompt or prefix off a line that is a record as it stands', () => {
    expect(cleanLine('Sep 14 11:39:02 h a[1]: x', 0, starts).text).toBe('Sep 14 11:39:02 h a[1]: x');
    expect(cleanLine('> Sep 14 11:39:02 h a[1]: x', 0, starts)).toEqual({ text: 'Sep 14 11:39:02 h a[1]: x', prompt: false, prefix: true });
    expect(cleanLine('    Sep 14 11:39:02 h a[1]: x', 4, starts).text).toBe('Sep 14 11:39:02 h a[1]: x');
  });
});

describe('paste: iptables rules after the command that printed them (projectcalico/calico#3412)', () => {
  it('the prompt is taken off and the portmap rule is read with its sandbox ID', async () => {
    const text = '[root@safarov-server wordpress]# iptables-save | grep "dnat name"\n-A CNI-HOSTPORT-DNAT -p tcp -m comment --comment "dnat name: \\"k8s-pod-network\\" id: \\"efa1c24cca6a2f355ad807349d4e4e2fdf17ea5d7af126aedcdd1bfeb7756b21\\"" -m multiport --dports 80 -j CNI-DN-93fd5f42fffe1daf6b01f\n';
    const r = runJournal(Buffer.from(text), { path: 'ticket/iptables.txt' });
    expect(r.format?.id).toBe('paste');
    const { mkdtempSync, rmSync, writeFileSync } = await import('node:fs');
    const os = await import('node:os');
    const dir = mkdtempSync(path.join(os.tmpdir(), 'pm-paste-'));
    writeFileSync(path.join(dir, 'iptables.txt'), text);
    const ing = await ingest([path.join(dir, 'iptables.txt')], { tz: null, year: null, host: null });
    rmSync(dir, { recursive: true, force: true });
    expect(ing.events.filter((e) => e.kind === 'cni.dnat.present').map((e) => e.ids)).toEqual([['efa1c24cca6a2f355ad807349d4e4e2fdf17ea5d7af126aedcdd1bfeb7756b21']]);
  });
});

describe('paste: records broken by hand at words, lines of uneven widths (kata-containers/kata-containers#2151)', () => {
  it('each piece ending in the space it broke at takes the next line as its rest; the ID is read whole', async () => {
    const file = path.resolve(__dirname, '../../samples/wild/kata-2151-kubelet-hard-wrapped-stop-failed.log');
    const r = runJournal(file, { path: 'ticket/kubelet.txt' });
    expect(r.format?.id).toBe('paste');
    expect(r.records.map((x) => x.source.line)).toEqual([1, 9]);
    expect(r.records[0]!.message).toContain('StopPodSandbox "73e56b55f18f947a4cd6712987777888cb4087674f8ad36193df3b6b88296c21" from runtime service failed: rpc error: code = Unknown');
    // the fences between the two blocks are no part of either record: counted, not read
    expect(r.unparsed.map((u) => u.line)).toEqual([6, 8]);
  });

  it('a word wrap that broke after a hyphen joins with none added: `…_kube-` + `system(…)` (kubernetes/kubeadm#507)', () => {
    const file = path.resolve(__dirname, '../../samples/wild/kubeadm-507-indented-hard-wrapped-createpodsandbox-failed-prelink.log');
    const r = runJournal(file, { path: 'ticket/kubelet.txt' });
    expect(r.format?.id).toBe('paste');
    expect(r.records.map((x) => x.source.line)).toEqual([1, 9]);
    expect(r.records[0]!.message).toContain('558 kuberuntime_sandbox.go:54] CreatePodSandbox for pod "kube-dns-545bc4bfd4-mjn49_kube-system(2ffdece1-c2d0-11e7-98cb-005056008ce3)" failed: rpc error');
  });

  it('a padded logrus terminal line followed by other output is no broken record: nothing is joined onto prose', () => {
    const text = 'INFO[0000] Loading containers: start.                   \nsome other output \nmore output\n';
    expect(runJournal(Buffer.from(text), { path: 'ticket/docker.txt' }).format?.id).not.toBe('paste');
  });
});

describe('paste: a log collector\'s RFC 3339 stamp before each line (docker logs -t, kubectl logs --timestamps)', () => {
  // Put together from real parts, not one real capture: the stamp as kubectl logs --timestamps prints it
  // (apache/answer#865), before k3s's own logrus line (k3d-io/k3d#505) and the CRI client's klog line (cri-tools#1255).
  const TEXT = [
    '2024-03-18T15:46:14.238135024Z time="2021-02-18T00:12:18.476399517Z" level=info msg="Starting k3s v1.18.6+k3s1 (6f56fa1d)"',
    '2024-03-18T15:46:14.247511802Z E0829 08:20:58.614213   21200 remote_runtime.go:222] "RunPodSandbox from runtime service failed" err="rpc error: code = Unknown desc = failed to setup network for sandbox \\"9d2d48a44f868508befed39e09dd1c2956660f1e6e1c6d16801657cd93848948\\": plugin type=\\"calico\\" failed (add): pods \\"nginx-sandbox\\" not found"',
    '2024-03-18T15:46:14.247556827Z time="2021-02-18T00:12:18.501617980Z" level=info msg="Kine listening on unix://kine.sock"',
    '',
  ].join('\n');

  it('takes the stamp off a line that is a record once it is gone, and only then', () => {
    const klog = (t: string): boolean => /^[IWEF]\d{4} /.test(t);
    expect(cleanLine('2024-03-18T15:46:14.247511802Z I0829 08:20:58.614213   21200 a.go:1] x', 0, klog)).toEqual({ text: 'I0829 08:20:58.614213   21200 a.go:1] x', prompt: false, prefix: true });
    expect(cleanLine('2024-03-18T15:46:14.247511802Z [upload-dir] try to install...', 0, klog).prefix).toBe(false);
  });

  it('reads the daemon lines under the stamps (no deploy steps made of them): the setup failure with its sandbox ID', async () => {
    expect(deployLog.detect(headOf(TEXT))).toBeNull();
    const dir = mkdtempSync(path.join(tmpdir(), 'pm-collector-'));
    const file = path.join(dir, 'k3d-server-0.log');
    writeFileSync(file, TEXT);
    const ing = await ingest([file], { tz: null, year: null, host: null }).finally(() => rmSync(dir, { recursive: true, force: true }));
    expect(ing.inputs[0]!.format).toBe('paste');
    // k3s's own start line names its version (components/k3s.ts); the klog line gives the setup failure.
    expect(ing.events.map((e) => [e.kind, e.source.line, e.ids])).toEqual([
      ['daemon.starting', 1, []],
      ['sandbox.setup.failed', 2, ['9d2d48a44f868508befed39e09dd1c2956660f1e6e1c6d16801657cd93848948']],
    ]);
  });
});
