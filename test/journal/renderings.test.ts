// Done-when of issue 21: every journalctl rendering of the real journal in
// ../shared/reference/real-outputs/journal/renderings (copied byte for byte under samples/formats/journal-modes)
// gives the export rendering's events — kind, IDs and host, and the time to the precision the rendering prints —
// except what a rendering cannot carry, each exception named with its reason.

import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ingest } from '../../src/ingest.js';
import type { PmEvent } from '../../src/events/types.js';

const ROOT = path.resolve(__dirname, '../..');
const MODES = path.join(ROOT, 'samples/formats/journal-modes');
const SHARED = path.resolve(ROOT, '../shared/reference/real-outputs/journal/renderings');

type Precision = 'us' | 's' | 'none';

interface Rendering {
  copy: string;
  precision: Precision;
  /** `journalctl -u`: only this unit's entries (and PID 1's about it). */
  unit?: string;
  /** What the rendering cannot show, and why: these export events are not expected from it. */
  hidden?: { why: string; drop: (e: PmEvent) => boolean };
  /** No entries at all (--header, --list-boots): no events, the file unrecognised. */
  none?: boolean;
  /**
   * No envelope a format reads whole (`-o cat` with no unit in the name): the envelope fallback reads the lines whose
   * own header says what they are (klog, logrus) and counts the rest; its events are some of the export's, none other.
   */
  fallback?: boolean;
  /** Neither year nor zone in the rendering nor in any daemon line of it: given as --year/--tz would. */
  dateless?: boolean;
}

/** `-o json` without -a prints MESSAGE null at 4096 bytes or more: kubelet's 5600-byte KillPodSandbox line. */
const JSON_NULL = { why: 'MESSAGE of 4096 bytes or more printed as null (-o json without -a)', drop: (e: PmEvent) => e.kind === 'sandbox.teardown.failed' };
/** `--output-fields=MESSAGE,_PID`: no identifier, no host; events read by identifier (PID 1's unit jobs, deploy tags) cannot be. */
const FIELDS_ONLY = {
  why: 'only MESSAGE and _PID: no SYSLOG_IDENTIFIER (PID 1\'s job lines and deploy tags are read by it), no _HOSTNAME, and the 5600-byte MESSAGE null',
  drop: (e: PmEvent) => JSON_NULL.drop(e) || e.attrs['ident'] === 'systemd' || e.kind === 'deploy.step',
};

const RENDERINGS: Record<string, Rendering> = {
  'journalctl_--header': { copy: 'header', precision: 'none', none: true },
  'journalctl_--list-boots': { copy: 'list-boots', precision: 'none', none: true },
  'journalctl_--list-boots.zh_CN.UTF-8': { copy: 'list-boots-zh_CN', precision: 'none', none: true },
  'journalctl_--utc_-o_short-iso': { copy: 'short-iso-utc-flag', precision: 's' },
  'journalctl_-a_-o_cat': { copy: 'cat-no-unit', precision: 'none', fallback: true },
  'journalctl_-a_-o_json': { copy: 'all-json', precision: 'us' },
  'journalctl_-a_-o_json-pretty': { copy: 'all-json-pretty', precision: 'us' },
  'journalctl_-a_-o_short': { copy: 'all-short', precision: 's' },
  'journalctl_-a_-o_verbose': { copy: 'all-verbose', precision: 'us' },
  'journalctl_-o_cat': { copy: 'cat-no-unit', precision: 'none', fallback: true },
  'journalctl_-o_export': { copy: 'export', precision: 'us' },
  'journalctl_-o_json': { copy: 'json', precision: 'us', hidden: JSON_NULL },
  'journalctl_-o_json-pretty': { copy: 'json-pretty', precision: 'us', hidden: JSON_NULL },
  'journalctl_-o_json-seq': { copy: 'json-seq', precision: 'us', hidden: JSON_NULL },
  'journalctl_-o_json_--output-fields=MESSAGE,_PID': { copy: 'json-output-fields', precision: 'us', hidden: FIELDS_ONLY },
  'journalctl_-o_short': { copy: 'short', precision: 's' },
  'journalctl_-o_short-full': { copy: 'short-full', precision: 's' },
  'journalctl_-o_short-full.zh_CN.UTF-8': { copy: 'short-full-zh_CN', precision: 's' },
  'journalctl_-o_short-iso': { copy: 'short-iso', precision: 's' },
  'journalctl_-o_short-iso-precise': { copy: 'short-iso-precise', precision: 'us' },
  'journalctl_-o_short-monotonic': { copy: 'short-monotonic', precision: 'none' },
  'journalctl_-o_short-precise': { copy: 'short-precise', precision: 'us' },
  'journalctl_-o_short-precise.zh_CN.UTF-8': { copy: 'short-precise-zh_CN', precision: 'us' },
  'journalctl_-o_short-unix': { copy: 'short-unix', precision: 'us' },
  'journalctl_-o_short.LC_ALL-C': { copy: 'short-LC_ALL-C', precision: 's' },
  'journalctl_-o_short.TZ-UTC': { copy: 'short-iso-TZ-UTC', precision: 's' },
  'journalctl_-o_short.zh_CN.UTF-8': { copy: 'short-zh_CN', precision: 's' },
  'journalctl_-o_verbose': { copy: 'verbose', precision: 'us' },
  'journalctl_-o_verbose.zh_CN.UTF-8': { copy: 'verbose-zh_CN', precision: 'us' },
  'journalctl_-o_with-unit': { copy: 'with-unit', precision: 's' },
  'journalctl_-u_docker.service_-o_with-unit': { copy: 'unit-docker-with-unit', precision: 's', unit: 'docker.service' },
  'journalctl_-u_kubelet.service': { copy: 'unit-kubelet-short', precision: 's', unit: 'kubelet.service', dateless: true },
  'journalctl_-x_-o_short': { copy: 'catalog-short', precision: 's' },
};

/** The unit of each export entry's events: its _SYSTEMD_UNIT, or the UNIT= PID 1 speaks about. */
function unitsByLine(): Map<number, string> {
  const units = new Map<number, string>();
  const lines = readFileSync(path.join(MODES, 'export/input'), 'latin1').split('\n');
  let start = 1;
  let unit = '';
  let about = '';
  lines.forEach((l, i) => {
    if (l.startsWith('__CURSOR=')) {
      start = i + 1;
      unit = about = '';
    }
    if (l.startsWith('_SYSTEMD_UNIT=')) unit = l.slice(14);
    if (l.startsWith('UNIT=')) about = l.slice(5);
    if (l === '' || i === lines.length - 1) for (let n = start; n <= i + 1; n++) units.set(n, unit || about);
  });
  return units;
}

async function run(copy: string, dateless = false) {
  const opts = dateless ? { tz: 'Asia/Shanghai', year: 2024, host: null } : { tz: null, year: null, host: null };
  const ing = await ingest([path.join(MODES, copy, 'input')], opts);
  return { input: ing.inputs[0]!, events: ing.events };
}

const view = (e: PmEvent, p: Precision, host: boolean) => ({
  kind: e.kind,
  ids: e.ids,
  host: host ? e.host : null,
  time: p === 'none' || e.time === null ? null : p === 's' ? Math.floor(e.time / 1e6) : e.time,
});

describe('every journalctl rendering of the real journal gives the export\'s events', () => {
  it('covers every file in the shared renderings folder, each copied byte for byte', () => {
    if (!existsSync(SHARED)) {
      console.warn(`skipped: ${SHARED} is not here (outside the development machine); the copies are checked below`);
      return;
    }
    const files = readdirSync(SHARED).sort();
    expect(files.filter((f) => !(f in RENDERINGS))).toEqual([]);
    for (const f of files) expect(readFileSync(path.join(MODES, RENDERINGS[f]!.copy, 'input')).equals(readFileSync(path.join(SHARED, f))), f).toBe(true);
  });

  it.each(Object.entries(RENDERINGS))('%s', async (_file, r) => {
    const got = await run(r.copy, r.dateless);
    if (r.none) {
      // no entries in it: nothing to read as events, and nothing is guessed from it
      expect(got.events).toEqual([]);
      return;
    }
    if (r.fallback) {
      expect(got.input.format).toBe('enveloped');
      const exp = (await run('export')).events.map((e) => JSON.stringify(view(e, 'none', false)));
      const mine = got.events.map((e) => JSON.stringify(view(e, 'none', false)));
      expect(mine.length).toBeGreaterThan(3);
      for (const m of mine) {
        expect(exp, m).toContain(m);
        exp.splice(exp.indexOf(m), 1);
      }
      return;
    }
    expect(got.input.unparsed).toBe(0);
    const exp = await run('export');
    const units = unitsByLine();
    let want = exp.events;
    if (r.unit) want = want.filter((e) => units.get(e.source.line) === r.unit);
    if (r.hidden) want = want.filter((e) => !r.hidden!.drop(e));
    expect(want.length).toBeGreaterThan(0);
    // --output-fields has no _HOSTNAME: the host is the bundle folder's
    const host = r.hidden !== FIELDS_ONLY;
    const byTime = (a: { time: number | null; kind: string }, b: { time: number | null; kind: string }) => (a.time ?? 0) - (b.time ?? 0) || a.kind.localeCompare(b.kind);
    expect(got.events.map((e) => view(e, r.precision, host)).sort(byTime)).toEqual(want.map((e) => view(e, r.precision, host)).sort(byTime));
  });
});
