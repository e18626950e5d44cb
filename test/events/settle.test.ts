// Settled events (events/settle.ts) hold less and lose no evidence: the report still quotes each cited line as the
// file has it, with its path, line and time.

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { addId, NO_NAMES, settleEvent } from '../../src/events/settle.js';
import type { PmEvent } from '../../src/events/types.js';
import { analyze } from '../../src/report.js';

const ROOT = path.resolve(__dirname, '../..');
const SAMPLE = path.join(ROOT, 'samples/hostport-stale-dnat');

function event(over: Partial<PmEvent> = {}): PmEvent {
  const stamp = { year: null, yearShift: 0, month: 9, day: 10, hour: 8, minute: 0, second: 1, micro: 0, offsetMin: null };
  return { kind: 'shim.disconnected', time: 1, stamp, absUs: 5, domain: 'journal', clockKey: 'j', host: 'h', ids: [], prefixes: [], attrs: {}, source: { path: 'j', line: 1 }, text: 't', seq: 0, fineUs: 7, ...over };
}

describe('settled events', () => {
  it('let go of what only the clock read and share the empty ID and prefix list', () => {
    const e = event();
    settleEvent(e);
    expect(e.stamp).toBeNull();
    expect(e.absUs).toBeNull();
    expect(e.fineUs).toBeNull();
    expect(e.ids).toBe(NO_NAMES);
    expect(e.prefixes).toBe(NO_NAMES);
    expect(e.time).toBe(1);
  });

  it('keep the IDs and prefixes they have', () => {
    const e = event({ ids: ['a'.repeat(64), 'b'.repeat(64)], prefixes: ['c'.repeat(12)] });
    settleEvent(e);
    expect(e.ids).toEqual(['a'.repeat(64), 'b'.repeat(64)]);
    expect(e.prefixes).toEqual(['c'.repeat(12)]);
  });

  it('take an ID the timeline resolves without touching the shared empty list', () => {
    const e = event();
    settleEvent(e);
    addId(e, 'd'.repeat(64));
    expect(e.ids).toEqual(['d'.repeat(64)]);
    expect(NO_NAMES).toEqual([]);
    expect(() => (NO_NAMES as string[]).push('x')).toThrow();
  });

  it('after a run: no event holds a stamp, and every finding quotes its lines as the files hold them', async () => {
    const a = await analyze([SAMPLE], { tz: null, year: null, host: null }, 'test');
    expect(a.timeline.events.length).toBeGreaterThan(0);
    for (const e of a.timeline.events) {
      // Derived events (sandbox.rebooted) are made after the clock; the sample has none, so every event was settled.
      expect(e.stamp).toBeNull();
      expect(e.absUs).toBeNull();
      if (e.prefixes.length === 0) expect(e.prefixes).toBe(NO_NAMES);
    }
    const cited = a.report.findings.flatMap((f) => f.evidence);
    expect(cited.length).toBeGreaterThan(0);
    const base = path.dirname(SAMPLE);
    let journal = 0;
    for (const ev of cited) {
      expect(ev.time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
      expect(ev.text.length).toBeGreaterThan(0);
      if (!ev.path.includes('journalctl')) continue;
      // A journal record's text is its line(s) as the file holds them (a very long one cut, ending in '…').
      const fromLine = readFileSync(path.join(base, ev.path), 'utf8').split('\n').slice(ev.line - 1).join('\n');
      expect(fromLine.startsWith(ev.text.endsWith('…') ? ev.text.slice(0, -1) : ev.text)).toBe(true);
      journal++;
    }
    expect(journal).toBeGreaterThan(3);
  });
});
