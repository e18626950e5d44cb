// journalctl -o verbose: detection, the cursor's t= as the instant, multi-line values, blob placeholders, garbage.

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FORMATS } from '../../src/formats/index.js';
import { journalVerbose } from '../../src/formats/journal-verbose.js';
import { sniff } from '../../src/sniff/sniff.js';
import { headOf, runFormat } from '../helpers/run-format.js';
import { runJournal } from '../helpers/run-journal.js';

const ROOT = path.resolve(__dirname, '../..');
const MODES = path.join(ROOT, 'samples/formats/journal-modes');
const read = (dir: string): string => readFileSync(path.join(MODES, dir, 'input'), 'utf8');
const run = (t: string) => runFormat(journalVerbose, t, 'bundle/journalctl_-o_verbose');
const accounted = (r: ReturnType<typeof run>): void => {
  expect(r.counters.records + r.counters.skipped + r.counters.unparsed).toBe(r.counters.lines);
};
const HEADER = 'Sat 2024-09-14 11:39:02.118734 CST [s=1576435e36f34ed69fc21d26c2f7208a;i=1;b=7d4b2e91c0a34f6f8e2d1a5b9c3e7f10;m=f44885155d;t=6220c14ad514e;x=e427bcd9c75e498f]';

describe('journal-verbose detect', () => {
  it.each(['verbose', 'all-verbose', 'verbose-zh_CN'])('claims the real %s rendering, and nothing outscores it', (dir) => {
    const t = read(dir);
    const head = headOf(t);
    const mine = journalVerbose.detect(head)!;
    expect(mine.score).toBeGreaterThanOrEqual(0.9);
    for (const f of FORMATS.filter((x) => x !== journalVerbose)) expect(f.detect(head)?.score ?? 0, f.id).toBeLessThan(mine.score);
    expect(sniff(head, Buffer.from(t.slice(0, 16384))).format?.id).toBe('journal-verbose');
  });

  it('looks past a boot marker line', () => {
    expect(journalVerbose.detect(headOf(`-- Boot 7d4b2e91c0a34f6f8e2d1a5b9c3e7f10 --\n${HEADER}\n    _HOSTNAME=centos79\n`))!.score).toBeGreaterThanOrEqual(0.9);
  });

  it.each([
    ['a short-full line', 'Sat 2024-09-14 11:39:42 CST centos79 systemd[1]: Stopping Docker Application Container Engine...'],
    ['an export entry', '__CURSOR=s=1;i=1\n__REALTIME_TIMESTAMP=1726285142118734\n_HOSTNAME=centos79'],
    ['a json line', '{"__REALTIME_TIMESTAMP":"1726285142118734","MESSAGE":"x"}'],
    ['a header with no field after it', HEADER + '\nsomething else'],
  ])('rejects %s', (_w, t) => {
    expect(journalVerbose.detect(headOf(t))).toBeNull();
  });
});

describe('journal-verbose on the real journalctl 252 rendering', () => {
  const r = run(read('verbose'));
  const exportRun = runJournal(path.join(MODES, 'export/input'));

  it('golden counters: 21 entries in 436 lines, the rest deliberate skips, nothing unparsed', () => {
    expect(r.counters).toEqual({ lines: 436, records: 21, events: 0, skipped: 415, unparsed: 0 });
    accounted(r);
  });

  it('the instant is the cursor\'s t= (µs, hex), the same as export\'s __REALTIME_TIMESTAMP', () => {
    expect(r.records[0]!.absUs).toBe(0x6220c14ad514e);
    expect(r.records.map((x) => x.absUs)).toEqual(exportRun.records.map((x) => x.absUs));
    expect(r.records.every((x) => x.stamp === null && x.domain === 'journal')).toBe(true);
  });

  it('host, identifier, PID and messages are those of export, except the binary one', () => {
    const view = (x: { host: string | null; ident: string | null; pid: number | null; message: string }) => [x.host, x.ident, x.pid, x.message];
    const want = exportRun.records.map(view);
    want[2]![3] = '[49B blob data]';
    expect(r.records.map(view)).toEqual(want);
  });

  it('shows the non-UTF-8 message as a placeholder and notes how to get it; -a reads the bytes', () => {
    expect(r.records[2]!.message).toBe('[49B blob data]');
    expect(r.notes.join('\n')).toMatch(/blob data.*journalctl -a/);
    const all = run(read('all-verbose'));
    expect(all.records[2]!.message).toBe(exportRun.records[2]!.message);
    expect(all.notes).toEqual([]);
  });

  it('a multi-line value continues on lines aligned after "    MESSAGE=": only that indentation is removed', () => {
    const multi = r.records[3]!;
    expect(multi.message.split('\n')).toEqual([
      'uninstall-docker: stopping docker before package removal',
      '● docker.service - Docker Application Container Engine',
      '   Loaded: loaded (/usr/lib/systemd/system/docker.service; enabled; vendor preset: disabled)',
      '   Active: active (running) since Mon 2024-09-02 08:13:10 CST; 1 weeks 5 days ago',
      ' Main PID: 1234 (dockerd)',
    ]);
    const lines = read('verbose').split('\n');
    expect(lines[multi.source.line - 1]).toBe('    MESSAGE=uninstall-docker: stopping docker before package removal');
    expect(multi.endLine).toBe(multi.source.line + 4);
    expect(multi.raw.split('\n')).toEqual(lines.slice(multi.source.line - 1, multi.endLine));
  });

  it('points each record at its MESSAGE line', () => {
    const lines = read('verbose').split('\n');
    for (const x of r.records) expect(lines[x.source.line - 1]!.startsWith('    MESSAGE=')).toBe(true);
  });
});

describe('journal-verbose: edge forms and garbage (counted, never thrown)', () => {
  it('a header without a cursor falls back to its own wall clock: UTC is absolute, CST is left to the clock', () => {
    const utc = run('Sat 2024-09-14 03:39:02.118734 UTC\n    MESSAGE=a\n').records[0]!;
    expect(utc.absUs).toBeNull();
    expect(utc.stamp).toMatchObject({ year: 2024, month: 9, day: 14, hour: 3, micro: 118734, offsetMin: 0 });
    const cst = run('Sat 2024-09-14 11:39:02.118734 CST\n    MESSAGE=a\n').records[0]!;
    expect(cst.stamp).toMatchObject({ year: 2024, hour: 11, offsetMin: null });
  });

  it('SYSLOG_IDENTIFIER, else _COMM, else "unknown"; _PID else SYSLOG_PID; repeated MESSAGE joined', () => {
    const t = `${HEADER}\n    _COMM=kubelet\n    SYSLOG_PID=42\n    MESSAGE=a\n    MESSAGE=b\n`;
    expect(run(t).records[0]).toMatchObject({ ident: 'kubelet', pid: 42, message: 'a\nb', host: null });
  });

  it('an entry without MESSAGE is a record pointing at its header', () => {
    const r = run(`${HEADER}\n    _HOSTNAME=centos79\n`);
    expect(r.records[0]).toMatchObject({ message: '', source: { line: 1 }, raw: HEADER });
    accounted(r);
  });

  it('lines before any header, junk inside an entry and an impossible date are counted with reasons', () => {
    const t = ['    _HOSTNAME=orphan', 'junk before', HEADER, '    MESSAGE=kept', 'not a field', 'Sat 2024-02-31 11:39:02.000000 CST', '    MESSAGE=bad date', '', '-- No entries --'].join('\n') + '\n';
    const r = run(t);
    expect(r.records.map((x) => x.message)).toEqual(['kept']);
    expect(r.unparsed.map((u) => [u.line, u.reason])).toEqual([
      [1, 'field line before any entry header'],
      [2, 'not a verbose entry header'],
      [5, 'not a "    KEY=value" field line'],
      [6, 'verbose header with an impossible date and no cursor t='],
      [7, 'field of an entry without a usable time'],
    ]);
    accounted(r);
  });

  it('random text never throws, and every line is accounted for', () => {
    let seed = 7;
    const rnd = (): number => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
    const base = read('verbose').split('\n');
    const pieces = ['    ', '            ', 'MESSAGE=', HEADER, '', '░░ x', '-- Boot x --', 'Sat 2024-13-01 00:00:00 CST', '\t', '=', 'é'];
    for (let i = 0; i < 300; i++) {
      const lines: string[] = [];
      const n = Math.floor(rnd() * 60);
      for (let j = 0; j < n; j++) lines.push(rnd() < 0.5 ? base[Math.floor(rnd() * base.length)]! : pieces[Math.floor(rnd() * pieces.length)]! + pieces[Math.floor(rnd() * pieces.length)]!);
      let r: ReturnType<typeof run> | undefined;
      expect(() => (r = run(lines.join('\n') + '\n'))).not.toThrow();
      accounted(r!);
    }
  });
});
