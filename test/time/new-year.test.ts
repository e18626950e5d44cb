// A journal crossing New Year's Eve (built by scripts/make-new-year-journal.sh with systemd-journal-remote and
// journalctl): year-less `-o short` lines land in the right years with no --year, and the report says why.

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyze } from '../../src/report.js';
import { renderJson } from '../../src/render/json.js';
import { renderMarkdown } from '../../src/render/markdown.js';
import { renderTable } from '../../src/render/table.js';
import { runJournal } from '../helpers/run-journal.js';

const ROOT = path.resolve(__dirname, '../..');
const DIR = path.join(ROOT, 'samples/formats/journal-modes/new-year');
const INPUT = path.join(DIR, 'input');
const OFFSET_US = 8 * 3600e6;

/** What the generator wrote: one realtime per entry, in order. */
const truth = (JSON.parse(readFileSync(path.join(DIR, 'scenario.expected.json'), 'utf8')) as { __REALTIME_TIMESTAMP: string; local_time: string }[]).map((e) => ({
  us: Number(e.__REALTIME_TIMESTAMP),
  local: e.local_time,
}));
/** The year a UTC instant has on the node's +08:00 wall clock. */
const localYear = (us: number): number => new Date((us + OFFSET_US) / 1000).getUTCFullYear();

describe('New Year: the rendering really crosses it', () => {
  it('has year-less December and January lines and 14 entries from 23:59:50 to 00:00:10 +08:00', () => {
    const lines = readFileSync(INPUT, 'utf8').split('\n');
    expect(lines[0]).toMatch(/^Dec 31 23:59:50 sha-node-7 kubelet\[2211\]: /);
    expect(lines.filter((l) => l !== '').pop()).toMatch(/^Jan 01 00:00:10 sha-node-7 kubelet\[2211\]: /);
    expect(truth).toHaveLength(14);
    expect(truth[0]!.local).toBe('2024-12-31T23:59:50.104233+08:00');
    expect(truth[13]!.local).toBe('2025-01-01T00:00:10.004118+08:00');
  });
});

describe('New Year: analyze() with no --year and no --tz', async () => {
  const { report, timeline } = await analyze([INPUT], { tz: null, year: null, host: null }, 'test');

  it('reads every line', () => {
    expect(report.inputs.map((i) => [i.format, i.lines, i.records, i.unparsed])).toEqual([['journal-short', 16, 14, 0]]);
  });

  it('lists the inferred zone with its basis: the daemons\' own +08:00', () => {
    const zone = report.assumptions.find((a) => a.what === 'time zone')!;
    expect(zone).toMatchObject({ host: 'sha-node-7', value: '+08:00' });
    expect(zone.basis).toMatch(/time= field/);
    expect(zone.basis).toContain('+08:00');
  });

  it('lists the inferred year with its basis, and where the file rolls over into 2025', () => {
    const year = report.assumptions.find((a) => a.what === 'year of input')!;
    expect(year.value).toBe('2024');
    expect(year.basis).toMatch(/dated time= field/);
    expect(year.basis).toMatch(/rolls over from December to January once: lines after it are 2025/);
  });

  it('puts events before midnight in 2024 and after midnight in 2025 (node time), each at its true instant', () => {
    const byLine = new Map<number, number>();
    // line → entry: the short rendering has one line per entry plus continuation lines
    const starts = readFileSync(INPUT, 'utf8')
      .split('\n')
      .map((l, i) => [l, i + 1] as const)
      .filter(([l]) => /^(Dec|Jan) /.test(l))
      .map(([, n]) => n);
    starts.forEach((n, i) => byLine.set(n, i));
    expect(timeline.events.length).toBeGreaterThan(8);
    for (const e of timeline.events) {
      const t = truth[byLine.get(e.source.line)!]!;
      expect(e.time, `line ${e.source.line}`).not.toBeNull();
      // short prints whole seconds; the klog/logrus stamps in the message may refine them
      expect(Math.floor(e.time! / 1e6), `line ${e.source.line}`).toBe(Math.floor(t.us / 1e6));
      expect(localYear(e.time!), `line ${e.source.line}`).toBe(t.local.startsWith('2024') ? 2024 : 2025);
    }
    const years = timeline.events.map((e) => localYear(e.time!));
    expect(years).toContain(2024);
    expect(years).toContain(2025);
  });

  it('shows the assumptions in every report format', () => {
    for (const text of [renderJson(report), renderMarkdown(report), renderTable(report, { color: false, width: 160 })]) {
      expect(text).toContain('year of input');
      expect(text).toContain('+08:00');
      expect(text).toMatch(/2025/);
    }
  });
});

describe('New Year: --year and --tz still override', () => {
  it('--year 2023 moves the December lines to 2023 and the January ones to 2024, and says so', async () => {
    const { report, timeline } = await analyze([INPUT], { tz: null, year: 2023, host: null }, 'test');
    expect(report.assumptions.find((a) => a.what === 'year of input')).toMatchObject({ value: '2023' });
    expect(report.assumptions.find((a) => a.what === 'year of input')!.basis).toMatch(/^--year/);
    const first = timeline.events.find((e) => e.source.line === 1)!;
    const last = timeline.events.find((e) => e.source.line === 16)!;
    expect(localYear(first.time!)).toBe(2023);
    expect(localYear(last.time!)).toBe(2024);
  });
});

describe('New Year: every rendering of the same journal agrees', () => {
  const modes: [string, 'us' | 's' | 'none'][] = [
    ['short-iso', 's'],
    ['short-iso-precise', 'us'],
    ['short-precise', 'us'],
    ['short-full', 's'],
    ['short-monotonic', 'none'],
    ['short-unix', 'us'],
    ['with-unit', 's'],
    ['verbose', 'us'],
    ['export', 'us'],
    ['json', 'us'],
    ['json-pretty', 'us'],
    ['json-seq', 'us'],
  ];
  it.each(modes)('journalctl -o %s: the 14 entries at their instants (to the precision the mode prints)', (mode, precision) => {
    const r = runJournal(path.join(DIR, 'renderings', `journalctl_-o_${mode}`));
    expect(r.unparsed).toEqual([]);
    expect(r.records.map((x) => x.time)).toEqual(truth.map((t) => (precision === 'none' ? null : precision === 's' ? Math.floor(t.us / 1e6) * 1e6 : t.us)));
  });

  it('the year-less short input alone gives the same instants (to the second)', () => {
    const r = runJournal(INPUT);
    expect(r.records.map((x) => x.time)).toEqual(truth.map((t) => Math.floor(t.us / 1e6) * 1e6));
  });

  it('the full -o cat rendering names no unit: only its lines with a header of their own are read (the envelope fallback); the -u kubelet.service one is read, timeless', () => {
    const all = runJournal(path.join(DIR, 'renderings/journalctl_-o_cat'));
    expect(all.format?.id).toBe('enveloped');
    // klog lines have no year and the logrus lines theirs: each is placed by its own header, nothing by the cat.
    expect(all.records.every((x) => x.ident !== 'kubelet.service')).toBe(true);
    const cat = runJournal(path.join(DIR, 'renderings/journalctl_--no-pager_-u_kubelet.service_-o_cat'));
    expect(cat.format?.id).toBe('journal-cat');
    expect(cat.records).toHaveLength(6);
    expect(cat.records.every((x) => x.time === null && x.ident === 'kubelet.service')).toBe(true);
  });
});
