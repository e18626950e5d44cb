// Envelopes no format knows, read by their body (src/formats/enveloped.ts, _body-find.ts), and the paste rules of the
// same session: each rule is checked on the real excerpt (samples/wild/, sourced in its .json) that showed it.

import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findBody } from '../../src/formats/_body-find.js';
import { cleanLine } from '../../src/formats/_paste-clean.js';
import { FORMATS } from '../../src/formats/index.js';
import { cutOrigin } from '../../src/formats/journal-short.js';
import { parseKlogCut, klogValue } from '../../src/components/klog.js';
import { ingest } from '../../src/ingest.js';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { bareMessage, loneMessage, readAlone } from '../../src/formats/_lone-message.js';
import { teardownBrokeOff } from '../../src/rules/checks/teardown-broke-off.js';
import { buildTimeline } from '../../src/timeline/timeline.js';
import { runJournal } from '../helpers/run-journal.js';

const WILD = path.resolve(__dirname, '../../samples/wild');
const wild = (slug: string): string => path.join(WILD, `${slug}.log`);

async function read(slug: string) {
  const ing = await ingest([wild(slug)], { tz: null, year: null, host: null });
  return { input: ing.inputs[0]!, events: ing.events };
}

const INNER = FORMATS.filter((f) => ['journal-short', 'journal-bare', 'logrus-file', 'logrus-tty', 'klog-file'].includes(f.id));

describe('the envelope fallback: a body found where a format reads the rest of the line', () => {
  it('a Jenkins console stamp and indent before dockerd logrus lines (moby/moby#42715)', async () => {
    const got = await read('moby-42715-jenkins-prefixed-test-daemon-shutdown');
    expect(got.input.format).toBe('enveloped');
    // 8 logrus lines, 7 blank lines between them: nothing unparsed, the shutdown read with its own time.
    expect(got.input).toMatchObject({ records: 8, unparsed: 0 });
    const stop = got.events.find((e) => e.kind === 'daemon.stopped')!;
    expect(stop.source.line).toBe(15);
    expect(stop.time).toBe(Date.UTC(2021, 7, 6, 15, 33, 43) * 1000 + 577954);
    // The evidence is the whole line, envelope included.
    expect(stop.text.startsWith('[2021-08-06T16:10:53.289Z]')).toBe(true);
    expect(got.input.notes.join('\n')).toMatch(/envelope fallback: 8 record\(s\) read .*8 as logrus-file/);
  });

  it("Docker Desktop's log view: its local time before each line of a dind container (docker-library/docker#485)", async () => {
    const got = await read('docker-library-485-desktop-log-view-local-stamp-dind-shim');
    expect(got.input.format).toBe('enveloped');
    const id = '4d6a0b8ea012d1f6618c85e957a87312f6d4cbc1397138af13a102a2d1afbeb1';
    expect(got.events.filter((e) => e.source.line <= 2).map((e) => [e.kind, e.ids])).toEqual([
      ['shim.disconnected', [id]],
      ['shim.cleanup', [id]],
    ]);
  });

  it('finds the leftmost body a format reads, past stamps that are no record of their own', () => {
    const jenkins = '[2021-08-06T16:10:53.289Z]         time="2021-08-06T15:33:43.577954259Z" level=info msg="Daemon shutdown complete"';
    expect(findBody(jenkins, INNER, 'x')).toMatchObject({ at: 35, format: { id: 'logrus-file' } });
    // Prose, a stamp alone, a word with a colon: no body.
    expect(findBody('The node was restarted at 2021-08-06T16:10:53Z: see below', INNER, 'x')).toBeNull();
    expect(findBody('Note: the shim disconnected again', INNER, 'x')).toBeNull();
  });

  it('never reads a log line quoted in prose: inside a code span that words follow, or in a file named as a document', async () => {
    const { readFileSync } = await import('node:fs');
    const source = readFileSync(path.resolve(__dirname, '../../samples/hostport-stale-dnat/SOURCE.md'), 'utf8');
    const table = source.split('\n').filter((l) => l.startsWith('| ') && l.includes('level=info msg='));
    expect(table.length).toBeGreaterThan(2);
    for (const row of table) expect(findBody(row, INNER, 'x'), row).toBeNull();
    // The same text under a ticket's name stays unread; under its own name it is a document, never claimed.
    expect(runJournal(Buffer.from(source), { path: 'bundle/notes.txt' }).format).toBeNull();
    expect(runJournal(Buffer.from(source), { path: 'bundle/SOURCE.md' }).format).toBeNull();
    // A line that is one code span whole is no quotation.
    expect(findBody('`time="2024-09-02T08:13:11+08:00" level=info msg="Starting cri-dockerd 0.3.14 (683f70f)"`', INNER, 'x')).not.toBeNull();
  });

  it('keeps to its byte budget and line limit: past them lines are counted with the reason, not searched', async () => {
    const { ENVELOPED_BUDGET } = await import('../../src/formats/enveloped.js');
    const line = '[2021-08-06T16:10:53.289Z]         time="2021-08-06T15:33:43.577954259Z" level=info msg="Daemon shutdown complete"';
    const n = Math.ceil(ENVELOPED_BUDGET / (line.length + 1)) + 10;
    const huge = 'x'.repeat(20_000);
    const r = runJournal(Buffer.from(`${line}\n${huge}\n` + `${line}\n`.repeat(n)), { path: 'bundle/console.txt' });
    expect(r.format?.id).toBe('enveloped');
    const reasons = new Map<string, number>();
    for (const u of r.unparsed) reasons.set(u.reason.replace(/\d+/g, 'N'), (reasons.get(u.reason.replace(/\d+/g, 'N')) ?? 0) + 1);
    expect(reasons.get('a N-character line is searched for no log record')).toBe(1);
    expect(reasons.get('past the N bytes a file no format knows is searched for log records in')).toBeGreaterThan(5);
    expect(r.records.length + r.unparsed.length).toBe(n + 2);
  });

  it("takes a poster's markdown bold out before finding the body, and keeps it in the evidence (k3s-io/k3s#5672 read by the fallback)", async () => {
    const { readFileSync } = await import('node:fs');
    const { enveloped } = await import('../../src/formats/enveloped.js');
    const { runFormat } = await import('../helpers/run-format.js');
    const text = readFileSync(wild('k3s-5672-markdown-bold-inside-k3s-journal-line'), 'utf8');
    const r = runFormat(enveloped, text, 'ticket/comment.txt');
    expect(r.records.length).toBe(1);
    expect(r.records[0]!.message).toContain('remote_runtime.go:116] "RunPodSandbox from runtime service failed"');
    expect(r.records[0]!.raw).toContain('**remote_runtime**');
  });

  it('joins a record hard-wrapped at the file\'s width back, exactly: one k3s line wrapped three times at 164 among other text (k8snetworkplumbingwg/multus-cni#1448)', async () => {
    const { readFileSync } = await import('node:fs');
    const { enveloped } = await import('../../src/formats/enveloped.js');
    const { runFormat } = await import('../helpers/run-format.js');
    const r = runFormat(enveloped, readFileSync(wild('multus-1448-k3s-status-grep-terminal-wrapped-stop-failed'), 'utf8'), 'ticket/comment.txt');
    expect(r.records.map((x) => [x.source.line, x.endLine])).toEqual([[5, 8]]);
    // The sandbox's ID, cut by the second wrap, is whole once the pieces are glued back.
    expect(r.records[0]!.message).toContain('podSandboxID="baff3103e4f7bc829737461fff168666d3e3709460a611e875b4fd4bf0fb08c9"');
    expect(r.unparsed.map((u) => u.line)).toEqual([1, 2, 4]);
    expect(r.notes.join('\n')).toMatch(/3 hard-wrapped line\(s\) joined \(wrap at 164 columns\)/);
    // Prose around one klog line shows no wrap: nothing is joined to the record (openshift/origin#18683).
    const prose = runFormat(enveloped, readFileSync(wild('origin-18683-prose-around-klog-cut-runpodsandbox-failed'), 'utf8'), 'ticket/comment.txt');
    expect(prose.records.map((x) => [x.source.line, x.endLine])).toEqual([[4, undefined]]);
  });

  it('leaves a file with no body in its head unclaimed (no format, as before)', () => {
    const r = runJournal(Buffer.from('Hello,\nthe node stopped answering at 10:32.\nRegards\n'));
    expect(r.format).toBeNull();
  });
});

describe('collector stamps are no deploy log', () => {
  it("a GitHub Actions job log (7-digit stamps before go test output and a klog line) gives no deploy step: the klog line is read by the fallback (containerd/containerd#10620)", async () => {
    const got = await read('containerd-10620-actions-stamp-go-test-klog-stop-sandbox-failed');
    expect(got.input.format).toBe('enveloped');
    expect(got.events.map((e) => [e.source.line, e.kind, e.ids])).toEqual([[7, 'sandbox.stop.failed', ['4e3ee5c84275575a39a6c2fde6f12ac9c9189545e1218e773487bd29824cb10e']]]);
    // go test's lines hold no record: counted with the reason, not dropped.
    expect(got.input.unparsed).toBe(6);
  });

  // Cloud Logging's copies have a format of their own since session 6 (cloud-logging.ts), which reads this one too.
  it("earthly's target prefix and Cloud Logging's severity and resource label: logrus read, nothing in them a lifecycle line (earthly/earthly#3399, testcontainers/testcontainers-java#11139)", async () => {
    for (const [slug, format] of [['earthly-3399-target-pipe-prefix-dind-signal-loop-no-marks', 'enveloped'], ['testcontainers-java-11139-cloud-logging-severity-resource-label-no-marks', 'cloud-logging']]) {
      const got = await read(slug!);
      expect(got.input.format, slug).toBe(format);
      expect(got.input.unparsed, slug).toBe(0);
      expect(got.events, slug).toEqual([]);
    }
  });

  it('a table quoting klog messages (no header, no record) stays unread (kubernetes/kubernetes#99803)', async () => {
    const got = await read('kubernetes-99803-log-size-table-quoted-messages-no-marks');
    expect(got.input.format).toBeNull();
    expect(got.events).toEqual([]);
  });
});

describe('paste shapes', () => {
  it("word wraps: a full-width line of several words broke at a space (`minikube logs`' bullets, kubernetes/minikube#5377)", async () => {
    const r = runJournal(wild('minikube-5377-minikube-logs-bullets-wrapped-80-columns'));
    expect(r.format?.id).toBe('paste');
    // The space the wrap took after msg="ignoring event" is back: the libcontainerd fields are fields again.
    expect(r.records[0]!.message).toContain('msg="ignoring event" module=libcontainerd');
    const got = await read('minikube-5377-minikube-logs-bullets-wrapped-80-columns');
    expect(got.events.filter((e) => e.kind === 'task.deleted').map((e) => e.source.line)).toEqual([5, 9, 13, 17, 21, 25]);
  });

  it('markdown bold inside a line is taken out, and the backslashes markdown ate do not cut the err= value (k3s-io/k3s#5672)', async () => {
    expect(cleanLine('a **remote_runtime**.go:116] "**RunPodSandbox**" /etc/**/x', 0, () => true)).toMatchObject({ text: 'a remote_runtime.go:116] "RunPodSandbox" /etc/**/x', emphasis: true });
    const got = await read('k3s-5672-markdown-bold-inside-k3s-journal-line');
    expect(got.input.format).toBe('paste');
    expect(got.events.map((e) => [e.kind, e.ids])).toEqual([['sandbox.setup.failed', ['302404d3715d53807421355f5ddb7257aa2f7aa8851e330615ff8c031c5bf0f5']]]);
    // Escaped as klog writes it, the value still ends at its own closing quote.
    expect(klogValue('err="a \\"b\\" c" pod="x"', 'err')).toBe('a "b" c');
    expect(klogValue('err="a "b" c" pod="x"', 'err')).toBe('a "b" c');
  });

  it('klog headers with the severity letter cut keep their date (coreos/coreos-kubernetes#912)', async () => {
    const k = parseKlogCut('1023 03:32:46.529178   19936 cni.go:257] Error adding network: open /run/flannel/subnet.env: no such file or directory')!;
    expect(k).toMatchObject({ level: null, pid: 19936, file: 'cni.go:257' });
    expect([k.stamp!.month, k.stamp!.day, k.stamp!.hour, k.stamp!.micro]).toEqual([10, 23, 3, 529178]);
    const got = await read('coreos-kubernetes-912-klog-level-letter-and-width-cut');
    expect(got.input.format).toBe('klog-file');
    expect(got.events.filter((e) => e.kind === 'sandbox.setup.failed').map((e) => e.source.line)).toEqual(expect.arrayContaining([2, 3, 4]));
  });

  it('an identifier holding a time of day holds another prefix: a GitHub Actions stamp and a minikube bullet before journal lines (kubernetes/minikube#8620)', async () => {
    const got = await read('minikube-8620-actions-log-stamp-bullets-docker-restart-succeeded');
    // journal-short had taken the runner's stamp, host "*" and the identifier "Jul 01 14:49:59 minikube systemd".
    expect(got.input.format).toBe('enveloped');
    expect(new Set(got.events.map((e) => e.host))).toEqual(new Set(['minikube']));
    expect(got.events.map((e) => [e.source.line, e.kind])).toEqual(
      expect.arrayContaining([
        [2, 'daemon.stopped'],
        [4, 'daemon.stopped'],
        [5, 'daemon.starting'],
        [6, 'daemon.starting'],
      ]),
    );
    expect(cutOrigin('* Jul 01 14:49:59 minikube systemd[1]: Stopped Docker Application Container Engine.', true)).toBeNull();
    expect(cutOrigin('minikube systemd[1]: Stopped Docker Application Container Engine.', true)).toMatchObject({ host: 'minikube', ident: 'systemd', pid: '1' });
  });

  it("an identifier holding blanks and no [pid] is prose: Talos' kmsg quoting a StopPodSandbox error gives no deploy step (siderolabs/talos#3151)", async () => {
    const got = await read('talos-3151-kmsg-upgrade-failed-quotes-stoppodsandbox-no-marks');
    expect(got.events).toEqual([]);
  });
});

describe('a message quoted alone: no envelope at all (formats/_lone-message.ts, read by ingest/read-file.ts)', () => {
  // The message of a real containerd line (containerd/containerd#6704, `INFO[2022-03-21T12:38:16.934851269+08:00] …`),
  // its terminal head taken off as a poster quoting it alone would.
  const STOPPED = 'StopPodSandbox for "c032ad745f82906353acc368b3c5c631682b0f7b3fe97769e1258fa335e445ac" returns successfully';

  it('the decorations a ticket puts around it come off: indent, bullet, quote, code span', () => {
    expect(bareMessage(`    ${STOPPED}   `)).toBe(STOPPED);
    expect(bareMessage(`- \`${STOPPED}\``)).toBe(STOPPED);
    expect(bareMessage(`> ${STOPPED}`)).toBe(STOPPED);
    expect(bareMessage('``` ')).toBeNull();
  });

  it("a wording one component declares its own is that component's, read with no time", () => {
    const got = readAlone(`\`${STOPPED}\``, 'ticket.txt', 3)!;
    expect(got.component).toBe('containerd');
    expect(got.drafts.map((d) => [d.kind, d.ids, d.stamp, d.absUs, d.source.line])).toEqual([['sandbox.stopped', ['c032ad745f82906353acc368b3c5c631682b0f7b3fe97769e1258fa335e445ac'], null, null, 3]]);
  });

  it("PID 1's lines of a followed unit, as `journalctl -o cat` prints them: systemd's, read with its identifier (containerd/containerd#1865)", async () => {
    const got = await read('containerd-1865-journal-cat-cri-containerd-usage-then-restart');
    expect(got.events.map((e) => [e.source.line, e.kind, e.attrs.daemon, e.time])).toEqual([
      [10, 'daemon.stopped', 'cri-containerd', null],
      [14, 'daemon.stopped', 'cri-containerd', null],
      [15, 'daemon.started', 'cri-containerd', null],
    ]);
    // The same job line of a unit nobody follows, and the restatements of an exit, stay unread.
    expect(loneMessage('Started Session 1 of user root.')).toBeNull();
    expect(loneMessage("cri-containerd.service: Failed with result 'exit-code'.")).toBeNull();
  });

  it('not read alone: prose, a wording several daemons share, an ID cut short', () => {
    expect(loneMessage('The pod was stopped and its sandbox removed.')).toBeNull();
    // moby's API server line, copied into Pouch and other daemons (for-linux-1411 keeps it unread).
    expect(loneMessage(' API listen on /var/run/docker.sock    ')).toBeNull();
    expect(loneMessage('StopPodSandbox for "c032ad745f82" returns successfully')).toBeNull();
  });

  it('a kubelet line quoted without its klog header above a whole one: both read, the lone one timeless (kubernetes/kubernetes#26199)', async () => {
    const got = await read('kubernetes-26199-kubelet-1-3-headerless-failed-killing-teardownnetwork');
    expect(got.input.format).toBe('enveloped');
    expect(got.input).toMatchObject({ unparsed: 0 });
    expect(got.events.map((e) => [e.source.line, e.kind, e.time === null])).toEqual([
      [1, 'sandbox.teardown.failed', true],
      [2, 'sandbox.teardown.failed', false],
    ]);
    expect(got.input.notes.join('\n')).toMatch(/1 line\(s\) no format read were a daemon's own wording quoted alone/);
  });

  it('a lone failure is no signal of a broken teardown: nothing places it in time (teardown-broke-off)', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'lone-'));
    const file = path.join(dir, 'ticket.txt');
    // The message of Pouch's real failure line (samples/wild/pouch-1536-…, line 2), its terminal head taken off and
    // put in a code span, as a poster quoting it alone would.
    const real = readFileSync(wild('pouch-1536-logrus-tty-space-stamp-stoppodsandbox-failed'), 'utf8').split('\n')[1]!;
    writeFileSync(file, `\`${real.slice(real.indexOf('] ') + 2).trimEnd()}\`\n`);
    const ing = await ingest([file], { tz: null, year: null, host: null });
    rmSync(dir, { recursive: true, force: true });
    expect(ing.events.map((e) => [e.kind, e.ids[0]?.slice(0, 12), e.time])).toEqual([['sandbox.teardown.failed', '0ad2446f4a41', null]]);
    expect(teardownBrokeOff.check(buildTimeline(ing.events, ing.coverage))).toEqual([]);
  });
});

describe('a record hard-wrapped just before a blank: the rest starts with that one blank', () => {
  // rke2's real `Running kubelet …` line (docs/catalogue.md "## k3s", a public issue's journal) between two lines of
  // the same journal, wrapped here every 200 columns as a terminal would: the wrap falls before a space of its flags.
  const RUNNING = readFileSync(path.resolve(__dirname, '../../docs/catalogue.md'), 'utf8').split('\n').find((l) => l.includes('rke2[8599]') && l.includes('msg="Running kubelet --address'))!;
  const STARTING = RUNNING.replace(/msg="Running kubelet .*$/, 'msg="Starting rke2 v1.26.10+rke2r2 (21e3a8c82da71473f2b846065dcab197a9b2c9d8)"');

  it('is joined back and read; an indent of two blanks is not taken for a rest', async () => {
    const pieces: string[] = [];
    for (let i = 0; i < RUNNING.length; i += 200) pieces.push(RUNNING.slice(i, i + 200));
    expect(pieces.some((p) => /^ \S/.test(p))).toBe(true);
    const dir = mkdtempSync(path.join(tmpdir(), 'wrap-'));
    const file = path.join(dir, 'ticket.txt');
    writeFileSync(file, [STARTING, ...pieces, STARTING].join('\n') + '\n');
    const ing = await ingest([file], { tz: null, year: null, host: null });
    rmSync(dir, { recursive: true, force: true });
    expect(ing.inputs[0]).toMatchObject({ format: 'enveloped', unparsed: 0 });
    expect(ing.events.map((e) => [e.source.line, e.kind, e.attrs.daemon])).toEqual([
      [1, 'daemon.starting', 'rke2'],
      [2, 'daemon.starting', 'kubelet'],
      [pieces.length + 2, 'daemon.starting', 'rke2'],
    ]);
  });
});
