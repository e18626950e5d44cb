// The same logrus entries in every envelope the daemons write them in — text to a file, JSON, a terminal with
// and without full timestamps, colour codes kept or lost in a paste — give the same events (samples made by
// real logrus 1.9.0: samples/formats/logrus-tty/SOURCE.md).

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { collapsedFields, logrusTty, splitFields } from '../../src/formats/logrus-tty.js';
import { logrusJson } from '../../src/formats/logrus-json.js';
import { logrusFile } from '../../src/formats/logrus-file.js';
import { klogFile } from '../../src/formats/klog-file.js';
import { kubelet } from '../../src/components/kubelet.js';
import { inputOf } from '../helpers/fixtures.js';
import { parseLogrus } from '../../src/components/logrus.js';
import { ingest } from '../../src/ingest.js';
import { headOf, runFormat } from '../helpers/run-format.js';

const S = path.resolve(__dirname, '../../samples/formats');
const file = (c: string): string => path.join(S, c, 'input');

async function run(c: string) {
  const ing = await ingest([file(c)], { tz: null, year: null, host: null });
  return { input: ing.inputs[0]!, events: ing.events };
}

describe('logrus envelopes give the text formatter\'s events', () => {
  it.each([
    ['logrus-json/emitter', 'logrus-json', true],
    ['logrus-tty/full-colour', 'logrus-tty', true],
    ['logrus-tty/full-pasted', 'logrus-tty', true],
    ['logrus-tty/relative-colour', 'logrus-tty', false],
    ['logrus-tty/relative-pasted', 'logrus-tty', false],
  ])('%s (%s)', async (c, format, timed) => {
    const text = await run('logrus-file/emitter');
    const got = await run(c);
    expect(got.input.format).toBe(format);
    expect(got.input.unparsed).toBe(0);
    const shape = (e: { kind: string; ids: string[] }) => ({ kind: e.kind, ids: e.ids });
    expect(text.events.map(shape)).toEqual(expect.arrayContaining([{ kind: 'shim.disconnected', ids: ['fb7cdb0a4f8da673da0a9818ec9a1576f953a8e8decf87a081827c11e4aa7138'] }]));
    expect(got.events.map(shape)).toEqual(text.events.map(shape));
    if (timed) {
      // each event at its own line's instant, to the microsecond (the run differs from the text one)
      for (const e of got.events) {
        const iso = /(?:"time":"|\[)(\d{4}-[^"\]]+)/.exec(e.text)![1]!;
        expect(e.time).toBe(Date.parse(iso) * 1000 + Number(iso.slice(23, 26)));
      }
    } else {
      expect(got.events.every((e) => e.time === null)).toBe(true);
      expect(got.input.notes.join('\n')).toMatch(/seconds since the daemon started.*7 records are timeless/);
    }
  });

  it('reads containerd 1.1 and 1.2 terminal lines copied from containerd PR #2490', async () => {
    const got = await run('logrus-tty/containerd-pr-2490');
    expect(got.input.unparsed).toBe(0);
    expect(got.events.map((e) => [e.kind, e.time])).toEqual([
      ['daemon.starting', null],
      ['daemon.starting', Date.UTC(2018, 6, 24, 8, 11, 7) * 1000 + 397856],
    ]);
  });
});

describe('logrus-tty', () => {
  it('hands the components the text formatter\'s body: level, message and fields', () => {
    const r = runFormat(logrusTty, 'WARN[0000] failed to load plugin io.containerd.snapshotter.v1.btrfs  error="path /var/lib/containerd must be a btrfs filesystem"\n', 'var/log/containerd.log');
    const l = parseLogrus(r.records[0]!.message)!;
    expect(l).toMatchObject({ level: 'warning', msg: 'failed to load plugin io.containerd.snapshotter.v1.btrfs', fields: { error: 'path /var/lib/containerd must be a btrfs filesystem' }, time: null });
    expect(r.records[0]!.ident).toBe('containerd');
  });

  it('keeps a message with "=" in it whole when no field follows, and double spaces inside it', () => {
    expect(splitFields('Daemon has completed initialization          ')).toBeNull();
    expect(splitFields('a  b=c is not a field because  id=1 is')).toBeNull();
    expect(splitFields('loading plugin "x"...  type=io.containerd.content.v1')).toEqual({ msg: 'loading plugin "x"...', fields: [['type', 'io.containerd.content.v1']] });
  });

  it('counts a line of another shape as unparsed, with its reason', () => {
    const r = runFormat(logrusTty, 'INFO[0000] ok\nsomething else\nINFO[yesterday] bad\n');
    expect(r.unparsed.map((u) => u.reason)).toEqual(['no logrus terminal level "INFO[…] " at the start', '[yesterday] is neither seconds since start nor an RFC 3339 instant']);
  });

  it('a line of nothing but key=value pairs after a record carries more of its fields (a record broken before error=, as the Kubernetes documentation prints it)', () => {
    const text = 'ERRO[2022-04-26T00:43:24.518165483Z] StopPodSandbox for "b" failed\nerror="failed to destroy network for sandbox \\"bbc85f891eaf060c5a879e27bba9b6b06450210161dfdecfbb2732959fb6500a\\": invalid version \\"\\": the version is empty"\n';
    expect(logrusTty.detect(headOf(text))).not.toBeNull();
    const r = runFormat(logrusTty, text, 'docs/containerd.log');
    expect(r.unparsed).toEqual([]);
    expect(r.records).toHaveLength(1);
    expect(parseLogrus(r.records[0]!.message)).toMatchObject({ level: 'error', msg: 'StopPodSandbox for "b" failed', fields: { error: 'failed to destroy network for sandbox "bbc85f891eaf060c5a879e27bba9b6b06450210161dfdecfbb2732959fb6500a": invalid version "": the version is empty' } });
    // prose after a record is no field of it
    expect(runFormat(logrusTty, 'INFO[0000] ok\nthe error=that one\n').unparsed).toHaveLength(1);
  });

  it('takes a key as logrus writes it, up to its "=": dockerd\'s padded "Docker daemon" line with graphdriver(s)= gives its version (moby#39549)', async () => {
    const line = readFileSync(path.resolve(__dirname, '../../samples/wild/moby-39549-logrus-tty-rfc3339-daemon-initialized.log'), 'utf8').split('\n')[4]!;
    expect(line).toContain('graphdriver(s)=overlay2');
    expect(splitFields(line.slice(line.indexOf('] ') + 2))).toEqual({ msg: 'Docker daemon', fields: [['commit', '4dc163ef31'], ['graphdriver(s)', 'overlay2'], ['version', 'dev']] });
    const ing = await ingest([path.resolve(__dirname, '../../samples/wild/moby-39549-logrus-tty-rfc3339-daemon-initialized.log')], { tz: null, year: null, host: null });
    expect(ing.events.map((e) => [e.kind, e.source.line, e.attrs['version'] ?? null])).toEqual([
      ['version.seen', 5, 'dev'],
      ['daemon.started', 6, null],
    ]);
  });

  it('reads the level word whole as people retype it: ERROR[…], WARNING[…]', () => {
    const r = runFormat(logrusTty, 'ERROR[2022-04-26T00:43:24.518165483Z] StopPodSandbox for "b" failed\nWARNING[0000] x\n');
    expect(r.records.map((x) => parseLogrus(x.message)!.level)).toEqual(['error', 'warning']);
  });

  it('is not chosen for plain logrus text nor for journal lines', () => {
    expect(logrusTty.detect(headOf('time="2024-09-14T11:39:42.015893387+08:00" level=info msg="x"\n'))).toBeNull();
    expect(logrusTty.detect(headOf('Sep 14 11:39:02 centos79 dockerd[1]: INFO[0000] x\n'))).toBeNull();
  });
});

describe('logrus-json', () => {
  it('turns non-string values into their JSON text and keeps the key order', () => {
    const r = runFormat(logrusJson, '{"attempt":3,"level":"error","msg":"x y","time":"2024-09-14T11:39:42.015893387+08:00","z":{"a":1}}\n', 'var/log/dockerd.json');
    expect(r.records[0]!.message).toBe('time="2024-09-14T11:39:42.015893387+08:00" level=error msg="x y" attempt=3 z="{\\"a\\":1}"');
    expect(parseLogrus(r.records[0]!.message)!.fields).toEqual({ attempt: '3', z: '{"a":1}' });
  });

  it('is not chosen for journalctl -o json nor docker\'s json-file container logs', () => {
    expect(logrusJson.detect(headOf('{"__REALTIME_TIMESTAMP":"1","MESSAGE":"level=info msg=x"}\n'))).toBeNull();
    expect(logrusJson.detect(headOf('{"log":"hello\\n","stream":"stdout","time":"2018-01-24T05:57:12.583118365Z"}\n'))).toBeNull();
  });
});

describe('logrus-tty on a pasted docker 1.8 docker.log (kubernetes#17720, ESC shown as "^[")', () => {
  it('reads every line, levels and messages, timeless', async () => {
    const r = runFormat(logrusTty, readFileSync(file('logrus-tty/kubernetes-17720'), 'utf8'), 'var/log/docker.log');
    expect(r.unparsed).toEqual([]);
    expect(r.records.map((x) => parseLogrus(x.message)!.level)).toEqual(['info', 'fatal', 'warning', 'info', 'info', 'info']);
    expect(parseLogrus(r.records[5]!.message)!.msg).toBe('[graphdriver] using prior storage driver "aufs"');
    expect(r.records.every((x) => x.stamp === null)).toBe(true);
  });
});

describe('logrus-tty with the klog lines of the same terminal (crictl: its own logrus, its CRI client\'s klog)', () => {
  const WILD = path.resolve(__dirname, '../../samples/wild');
  const wild = (slug: string): string => readFileSync(path.join(WILD, `${slug}.log`), 'utf8');

  it('reads a crictl runp paste (containerd#10744, prompt dropped): the klog line is a record, timed by its header, and the kubelet component reads it', () => {
    const text = wild('containerd-10744-crictl-runp-cni-not-initialized').split('\n').slice(1).join('\n');
    expect(logrusTty.detect(headOf(text))!.why).toContain('1 klog lines among them');
    const r = runFormat(logrusTty, text, 'ticket/crictl.txt');
    expect(r.unparsed).toEqual([]);
    expect(r.records.map((x) => x.source.line)).toEqual([1, 2, 3]);
    const k = r.records[1]!;
    expect([k.stamp?.month, k.stamp?.day, k.stamp?.hour, k.stamp?.micro, k.pid]).toEqual([9, 22, 1, 941363, 315]);
    expect(kubelet.recognize(inputOf(k)).map((e) => [e.kind, e.ids])).toEqual([['sandbox.setup.failed', ['c4c57d078fc28ae83f4fd22167a23aa62e5ca77a09e9e1e62de72bc0135031ef']]]);
  });

  it('through ingest, a crictl paste with its prompt (cri-tools#1255) gives the setup failure with the sandbox ID', async () => {
    const ing = await ingest([path.join(WILD, 'cri-tools-1255-crictl-runp-klog-setup-failed.log')], { tz: null, year: null, host: null });
    expect(ing.events.map((e) => [e.kind, e.source.line, e.ids])).toEqual([['sandbox.setup.failed', 2, ['9d2d48a44f868508befed39e09dd1c2956660f1e6e1c6d16801657cd93848948']]]);
  });

  it('a kubelet klog file with a stray logrus line stays klog-file\'s: klog lines count only up to the logrus ones', () => {
    const klog = wild('kubernetes-52331-bare-klog-dockershim-calling-teardown');
    const text = klog + 'INFO[0000] Daemon has completed initialization          \n';
    expect(logrusTty.detect(headOf(text))).toBeNull();
    expect(klogFile.detect(headOf(text))).not.toBeNull();
    // and no klog line alone makes a logrus terminal
    expect(logrusTty.detect(headOf(klog))).toBeNull();
  });
});

describe('logrus-file with klog lines (k3s\'s own logrus and its embedded kubelet\'s klog in one /var/log/k3s.log)', () => {
  // Whole lines of two real k3s logs put side by side: time="…" lines of k3s#8293, klog lines of k3s#8404 (OpenRC's /var/log/k3s.log).
  const K3S = [
    'time="2023-09-04T17:58:34Z" level=info msg="Server node token is available at /var/lib/rancher/k3s/server/token"',
    'I0922 15:41:32.786393   10642 customresource_discovery_controller.go:289] Starting DiscoveryController',
    'time="2023-09-04T17:58:34Z" level=info msg="Wrote kubeconfig /etc/rancher/k3s/k3s.yaml"',
    'I0922 15:41:32.786411   10642 apf_controller.go:373] Starting API Priority and Fairness config controller',
    '',
  ].join('\n');

  it('reads both: the klog lines are records timed by their header, counted in the note', () => {
    expect(logrusFile.detect(headOf(K3S, 'var/log/k3s.log'))!.why).toContain('2 klog lines among them');
    const r = runFormat(logrusFile, K3S, 'var/log/k3s.log');
    expect(r.unparsed).toEqual([]);
    expect(r.records.map((x) => [x.source.line, x.stamp?.month, x.stamp?.day])).toEqual([[1, 9, 4], [2, 9, 22], [3, 9, 4], [4, 9, 22]]);
    expect(r.notes.some((n) => n.includes('2 klog lines among the logrus ones'))).toBe(true);
  });

  it('journalctl -o cat of a whole journal (every unit\'s lines, logrus and klog among them) stays unread', () => {
    const cat = readFileSync(path.resolve(__dirname, '../../samples/formats/journal-modes/cat-no-unit/input'), 'utf8');
    expect(logrusFile.detect(headOf(cat))).toBeNull();
    expect(logrusTty.detect(headOf(cat))).toBeNull();
  });
});

describe('logrus ≤ 0.6.5 (docker 1.4–1.5): every string value quoted, the level too', () => {
  // moby docs/articles/configuring.md at v1.7.0 (a docker 1.5/1.6 journal) and samples/wild moby-11181 (docker 1.5's log file).
  const DOCS = [
    'time="2015-05-06T00:22:05Z" level="info" msg="+job serveapi(unix:///var/run/docker.sock)"',
    'time="2015-05-06T00:22:05Z" level="info" msg="Listening for HTTP on unix (/var/run/docker.sock)"',
    'time="2015-05-06T00:22:06Z" level="info" msg="+job init_networkdriver()"',
  ].join('\n');

  it('a file of such lines is logrus-file, its level read unquoted', () => {
    expect(logrusFile.detect(headOf(DOCS, 'docker.log'))?.score).toBeGreaterThan(0.8);
    expect(parseLogrus(DOCS.split('\n')[1]!)).toMatchObject({ level: 'info', msg: 'Listening for HTTP on unix (/var/run/docker.sock)' });
  });

  it('docker 1.5\'s shutdown line beside the init script\'s own line is read (moby#11181: no format reads the file whole)', async () => {
    const ing = await ingest([path.resolve(__dirname, '../../samples/wild/moby-11181-upstart-docker-log-docker-15-received-signal.log')], { tz: null, year: null, host: null });
    expect(ing.events.map((e) => [e.source.line, e.kind, e.attrs.signal])).toEqual([[1, 'daemon.stopping', 'terminated']]);
  });
});

describe('logrus on a terminal with its padding collapsed to one space (collapsedFields)', () => {
  // containerd/containerd#11815's real terminal lines (dockerd 28 with its managed containerd), each run of blanks made
  // one here as markdown renders a post outside a code block, or a poster retyping aligns nothing.
  const REAL = [
    'INFO[2025-05-07T08:57:56.576773500Z] ignoring event                                container=589c33c88591a9936cb8fd64453e4b0c1357ae2f79d975c34645ff8f0aa10485 module=libcontainerd namespace=moby topic=/tasks/delete type="*events.TaskDelete"',
    'INFO[2025-05-07T08:57:56.576938958Z] shim disconnected                             id=589c33c88591a9936cb8fd64453e4b0c1357ae2f79d975c34645ff8f0aa10485 namespace=moby',
    'WARN[2025-05-07T08:57:56.577356208Z] cleaning up after shim disconnected           id=589c33c88591a9936cb8fd64453e4b0c1357ae2f79d975c34645ff8f0aa10485 namespace=moby',
  ];
  const collapse = (l: string): string => l.replace(/ +/g, ' ');

  it('reads the same events as the padded lines', async () => {
    const events = async (lines: string[]) => {
      const dir = mkdtempSync(path.join(tmpdir(), 'tty-'));
      const f = path.join(dir, 'dockerd.log');
      writeFileSync(f, lines.join('\n') + '\n');
      const got = (await ingest([f], { tz: null, year: null, host: null })).events.map((e) => [e.source.line, e.kind, e.ids]);
      rmSync(dir, { recursive: true, force: true });
      return got;
    };
    const padded = await events(REAL);
    expect(padded.map(([, k]) => k)).toEqual(['task.deleted', 'shim.disconnected', 'shim.cleanup']);
    expect(await events(REAL.map(collapse))).toEqual(padded);
  });

  it("takes no field split when the padding survived (two blanks somewhere), nor one yielding logrus's own keys", () => {
    // containerd/containerd#6704: a msg quoting a shim's own logrus line is all msg.
    expect(collapsedFields('cleanup warnings time="2022-03-21T12:38:16+08:00" level=info msg="starting signal loop" namespace=k8s.io pid=27560')).toBeNull();
    expect(collapsedFields('shim disconnected  id=589c33c88591a9936cb8fd64453e4b0c1357ae2f79d975c34645ff8f0aa10485')).toBeNull();
    expect(collapsedFields(collapse(REAL[1]!).slice(37))).toEqual({ msg: 'shim disconnected', fields: [['id', '589c33c88591a9936cb8fd64453e4b0c1357ae2f79d975c34645ff8f0aa10485'], ['namespace', 'moby']] });
  });
});
