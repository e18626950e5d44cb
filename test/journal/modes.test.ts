// One real journal, every journalctl rendering of it: each mode yields the same entries (count, UTC instant to the
// precision the mode prints, host, identifier or unit, PID, message), checked mode against mode through sniff,
// format and clock, and against the journal's own `-a -o json` read independently with JSON.parse.

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ingest } from '../../src/ingest.js';
import { runJournal, type JournalRun, type TimedRecord } from '../helpers/run-journal.js';

const ROOT = path.resolve(__dirname, '../..');
const MODES = path.join(ROOT, 'samples/formats/journal-modes');
const input = (mode: string): string => path.join(MODES, mode, 'input');

/** One entry as the lossless `-a -o json` rendering states it (the oracle). */
interface Truth {
  us: number;
  host: string;
  ident: string;
  unit: string | null;
  /** UNIT= (PID 1 messages about a unit). */
  aboutUnit: string | null;
  pid: number;
  bytes: Buffer;
}

const truth: Truth[] = readFileSync(input('all-json'), 'utf8')
  .split('\n')
  .filter((l) => l !== '')
  .map((l) => {
    const o = JSON.parse(l) as Record<string, string | number[]>;
    const m = o['MESSAGE']!;
    return {
      us: Number(o['__REALTIME_TIMESTAMP']),
      host: o['_HOSTNAME'] as string,
      ident: o['SYSLOG_IDENTIFIER'] as string,
      unit: (o['_SYSTEMD_UNIT'] as string | undefined) ?? null,
      aboutUnit: (o['UNIT'] as string | undefined) ?? null,
      pid: Number(o['_PID']),
      bytes: Array.isArray(m) ? Buffer.from(m) : Buffer.from(m, 'utf8'),
    };
  });

type Precision = 'us' | 's' | 'none';
type Ident = 'identifier' | 'unit';
/** How a rendering shows MESSAGE: in full, with non-UTF-8 values as "[NB blob data]", or null over 4096 bytes (json without -a). */
type Shown = 'full' | 'blob' | 'json';

interface Mode {
  dir: string;
  format: string;
  precision: Precision;
  ident: Ident;
  shown: Shown;
}

const m = (dir: string, format: string, precision: Precision, shown: Shown, ident: Ident = 'identifier'): Mode => ({ dir, format, precision, ident, shown });

/** Every full rendering (not cat, --header, --list-boots, --output-fields, nor the -u subsets). */
const FULL: Mode[] = [
  m('short', 'journal-short', 's', 'blob'),
  m('short-iso', 'journal-short', 's', 'blob'),
  m('short-iso-precise', 'journal-short', 'us', 'blob'),
  m('short-precise', 'journal-short', 'us', 'blob'),
  m('short-full', 'journal-short', 's', 'blob'),
  m('short-monotonic', 'journal-short', 'none', 'blob'),
  m('short-unix', 'journal-short', 'us', 'blob'),
  m('with-unit', 'journal-short', 's', 'blob', 'unit'),
  m('verbose', 'journal-verbose', 'us', 'blob'),
  m('export', 'journal-export', 'us', 'full'),
  m('json', 'journal-json', 'us', 'json'),
  m('json-pretty', 'journal-json', 'us', 'json'),
  m('json-seq', 'journal-json', 'us', 'json'),
  m('all-short', 'journal-short', 's', 'full'),
  m('all-verbose', 'journal-verbose', 'us', 'full'),
  m('all-json', 'journal-json', 'us', 'full'),
  m('all-json-pretty', 'journal-json', 'us', 'full'),
  m('short-zh_CN', 'journal-short', 's', 'blob'),
  m('short-precise-zh_CN', 'journal-short', 'us', 'blob'),
  m('short-full-zh_CN', 'journal-short', 's', 'blob'),
  m('verbose-zh_CN', 'journal-verbose', 'us', 'blob'),
  m('short-LC_ALL-C', 'journal-short', 's', 'blob'),
  m('short-iso-TZ-UTC', 'journal-short', 's', 'blob'),
  m('short-iso-utc-flag', 'journal-short', 's', 'blob'),
  m('catalog-short', 'journal-short', 's', 'blob'),
];

/** The rendering's view of one true entry. */
function expected(t: Truth, mode: Mode): { time: number | null; host: string; ident: string; pid: number; message: string } {
  const time = mode.precision === 'none' ? null : mode.precision === 's' ? Math.floor(t.us / 1e6) * 1e6 : t.us;
  const utf8 = t.bytes.toString('utf8');
  const printable = Buffer.from(utf8, 'utf8').equals(t.bytes);
  let message = utf8;
  if (mode.shown === 'blob' && !printable) message = `[${t.bytes.length}B blob data]`;
  if (mode.shown === 'json' && 'MESSAGE'.length + 1 + t.bytes.length >= 4096) message = '';
  return { time, host: t.host, ident: mode.ident === 'unit' ? (t.unit ?? t.ident) : t.ident, pid: t.pid, message };
}

function view(r: TimedRecord): { time: number | null; host: string | null; ident: string | null; pid: number | null; message: string } {
  return { time: r.time, host: r.host, ident: r.ident, pid: r.pid, message: r.message };
}

const runs = new Map<string, JournalRun>();
const run = (dir: string): JournalRun => {
  let r = runs.get(dir);
  if (!r) {
    r = runJournal(input(dir), { path: `centos79/journalctl_${dir}` });
    runs.set(dir, r);
  }
  return r;
};

describe('journal modes: the oracle', () => {
  it('is the 21 entries of the scenario, with the GBK, multi-line and 5600-byte messages', () => {
    expect(truth).toHaveLength(21);
    expect(truth[2]!.bytes.length).toBe(49);
    expect(truth[3]!.bytes.toString('utf8')).toContain('\n   Loaded: loaded');
    expect(truth[13]!.bytes.length).toBe(5600);
  });
});

describe('journal modes: every full rendering yields the same entries', () => {
  for (const mode of FULL) {
    describe(mode.dir, () => {
      it(`is read by ${mode.format} with no unparsed line`, () => {
        const r = run(mode.dir);
        expect(r.format?.id).toBe(mode.format);
        expect(r.unparsed).toEqual([]);
        expect(r.counters.records).toBe(21);
        // every line accounted for: a record, a deliberate skip or an unparsed line
        expect(r.counters.records + r.counters.skipped + r.counters.unparsed).toBe(r.counters.lines);
      });

      it('gives each entry its instant, host, identifier, PID and message', () => {
        const got = run(mode.dir).records.map(view);
        expect(got).toEqual(truth.map((t) => expected(t, mode)));
      });
    });
  }

  it('agrees mode against mode: every pair of renderings gives equal entries at their common precision', () => {
    const rank: Record<Precision, number> = { none: 0, s: 1, us: 2 };
    const norm = (r: TimedRecord, p: Precision, mode: Mode, i: number) => ({
      time: p === 'none' ? null : p === 's' ? Math.floor(r.time! / 1e6) * 1e6 : r.time,
      host: r.host,
      pid: r.pid,
      // identifiers and units are different names: compare each with what the entry says for that kind
      ident: mode.ident === 'unit' ? (truth[i]!.ident === r.ident ? 'id' : truth[i]!.unit === r.ident ? 'unit' : r.ident) : r.ident === truth[i]!.ident ? 'id' : r.ident,
      // a message is comparable when both renderings show it (no blob placeholder, no json null)
      message: r.message,
    });
    let pairs = 0;
    for (const a of FULL) {
      for (const b of FULL) {
        if (a.dir >= b.dir) continue;
        const p = rank[a.precision] < rank[b.precision] ? a.precision : b.precision;
        const ra = run(a.dir).records;
        const rb = run(b.dir).records;
        expect(ra.length, `${a.dir} vs ${b.dir}`).toBe(rb.length);
        for (let i = 0; i < ra.length; i++) {
          const x = norm(ra[i]!, p, a, i);
          const y = norm(rb[i]!, p, b, i);
          const shownBoth = a.shown === b.shown || (expected(truth[i]!, a).message === expected(truth[i]!, b).message);
          if (!shownBoth) {
            x.message = y.message = '(shown differently)';
          }
          if ((x.ident === 'unit' && y.ident === 'id') || (x.ident === 'id' && y.ident === 'unit')) x.ident = y.ident = 'id';
          expect(x, `${a.dir} vs ${b.dir}, entry ${i + 1}`).toEqual(y);
        }
        pairs++;
      }
    }
    expect(pairs).toBe((FULL.length * (FULL.length - 1)) / 2);
  });
});

describe('journal modes: the clock behind the instants', () => {
  it('short-full prints "CST": it resolves through the +08:00 inferred from the daemons\' time=, not US Central', () => {
    const r = run('short-full');
    const zone = r.assumptions.find((a) => a.what === 'time zone')!;
    expect(zone.value).toBe('+08:00');
    expect(zone.basis).toMatch(/time= field/);
    expect(r.records[0]!.time).toBe(1726285142_000000);
  });

  it('short-monotonic is timeless and says so', () => {
    const r = run('short-monotonic');
    expect(r.records.every((x) => x.time === null)).toBe(true);
    expect(r.notes.join('\n')).toMatch(/timeless/);
  });

  it('year-less short renderings take their year from the daemons\' dated time= lines', () => {
    const year = run('short').assumptions.find((a) => a.what.startsWith('year of'))!;
    expect(year.value).toBe('2024');
    expect(year.basis).toMatch(/time= field/);
  });
});

describe('journal modes: zh_CN month names', () => {
  it.each([
    ['short-zh_CN', 'short-LC_ALL-C'],
    ['short-zh_CN', 'short'],
    ['short-precise-zh_CN', 'short-precise'],
    ['short-full-zh_CN', 'short-full'],
    ['verbose-zh_CN', 'verbose'],
  ])('%s gives the same instants and messages as %s', (zh, c) => {
    expect(run(zh).records.map(view)).toEqual(run(c).records.map(view));
  });

  it('the zh_CN short rendering really prints "9月"', () => {
    expect(readFileSync(input('short-zh_CN'), 'utf8').split('\n')[0]).toMatch(/^9月 14 11:39:02 centos79 kubelet\[1789\]: /);
  });
});

describe('journal modes: -u renderings are exactly their unit\'s subset', () => {
  /** `journalctl -u U` matches _SYSTEMD_UNIT=U, and PID 1's messages about U (UNIT=U). */
  const subset = (unit: string): Truth[] => truth.filter((t) => t.unit === unit || (t.pid === 1 && t.aboutUnit === unit));

  it.each([
    ['unit-kubelet-short', 'kubelet.service', m('', 'journal-short', 's', 'blob')],
    ['unit-docker-with-unit', 'docker.service', m('', 'journal-short', 's', 'blob', 'unit')],
  ])('%s yields the %s entries', (dir, unit, mode) => {
    // kubelet's subset alone has no dated line and no zone (klog has neither): like any collected file, its mtime
    // dates it, and the zone the rendering was made in is given as --tz would give it.
    const mtimeUs = truth[truth.length - 1]!.us + 3600e6;
    const r = runJournal(input(dir), { path: `centos79/journalctl_${dir}`, mtimeUs, tz: 'Asia/Shanghai' });
    expect(r.unparsed).toEqual([]);
    const want = subset(unit);
    expect(want.length).toBeGreaterThan(0);
    expect(r.records.map(view)).toEqual(want.map((t) => expected(t, mode)));
  });

  it.each([
    ['unit-kubelet-cat', 'kubelet.service'],
    ['unit-docker-cat', 'docker.service'],
  ])('%s (-o cat, unit from the file name) yields the %s messages, timeless', (dir, unit) => {
    const r = runJournal(input(dir), { path: `centos79/journalctl_--no-pager_-u_${unit}_-o_cat` });
    expect(r.format?.id).toBe('journal-cat');
    expect(r.unparsed).toEqual([]);
    const lines = subset(unit).flatMap((t) => t.bytes.toString('utf8').split('\n'));
    expect(r.records.map((x) => x.message)).toEqual(lines);
    expect(r.records.every((x) => x.time === null && x.ident === unit && x.pid === null)).toBe(true);
  });
});

describe('journal modes: through the real pipeline (ingest)', () => {
  it('every full rendering gives the same events with the same instants (to the second) and hosts', async () => {
    const summary = async (dir: string, precision: Precision) => {
      const ing = await ingest([input(dir)], { tz: null, year: null, host: null });
      expect(ing.inputs[0]!.unparsed, dir).toBe(0);
      return ing.events.map((e) => ({ kind: e.kind, ids: e.ids, host: e.host, time: precision === 'none' ? null : e.time === null ? null : Math.floor(e.time / 1e6) }));
    };
    const reference = await summary('export', 's');
    expect(reference.length).toBeGreaterThan(5);
    expect(new Set(reference.map((e) => e.host))).toEqual(new Set(['centos79']));
    for (const mode of FULL) {
      const got = await summary(mode.dir, mode.precision === 'none' ? 'none' : 's');
      let want = mode.precision === 'none' ? reference.map((e) => ({ ...e, time: null })) : reference;
      // json without -a prints MESSAGE null when it is 4096 bytes or more: that entry's event cannot be seen there.
      if (mode.shown === 'json') {
        const hidden = new Set(truth.filter((t) => 8 + t.bytes.length >= 4096).map((t) => Math.floor(t.us / 1e6)));
        want = want.filter((e) => !hidden.has(e.time!));
      }
      expect(got, mode.dir).toEqual(want);
    }
  });

  it('the cat rendering without a unit in its name is left to the envelope fallback: the lines with a header of their own', async () => {
    const ing = await ingest([input('cat-no-unit')], { tz: null, year: null, host: null });
    // 7 klog and 8 logrus lines read; PID 1's four job lines read alone, with no time (systemd's own wording);
    // the status block, a script's and the GBK line counted.
    expect(ing.inputs[0]!).toMatchObject({ format: 'enveloped', records: 15, unparsed: 6 });
    const pid1 = ing.events.filter((e) => e.attrs['ident'] === 'systemd');
    expect(pid1.map((e) => [e.source.line, e.kind, e.time])).toEqual([
      [9, 'daemon.stopping', null],
      [14, 'daemon.stopped', null],
      [19, 'daemon.starting', null],
      [22, 'daemon.started', null],
    ]);
    expect(ing.events.every((e) => e.kind !== 'deploy.step')).toBe(true);
  });
});
