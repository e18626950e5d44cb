// Worker events packed for the trip to the main thread come back as the events they were: every nullable and
// optional field in each of its states, keys in ownedEvent's order (reports serialize events as they are).

import { describe, expect, it } from 'vitest';
import { pack, unpack } from '../../src/events/pack.js';
import { NO_NAMES } from '../../src/events/settle.js';
import type { AttrValue, PmEvent } from '../../src/events/types.js';

const names = { get: (s: string) => s, attr: (v: AttrValue) => v };

function event(over: Partial<PmEvent>, optional: { fineUs?: number | null; endLine?: number } = {}): PmEvent {
  const e: PmEvent = {
    kind: 'shim.disconnected',
    time: 1726285183530117,
    stamp: { year: null, yearShift: 1, month: 9, day: 14, hour: 11, minute: 39, second: 43, micro: 530117, offsetMin: null },
    absUs: null,
    domain: 'journal',
    clockKey: 'sos/journal',
    host: 'sosreport-node-a',
    ids: ['2b4b0b4e9b7a6f5a4c3d2e1f0a9b8c7d6e5f4a3b2c1d0e9f8a7b6c5d4e3f2a1b'],
    prefixes: [],
    attrs: { ident: 'containerd', pid: 633, namespace: 'moby' },
    source: { path: 'sos/journal', line: 12 },
    text: 'Sep 14 11:39:43 node-a containerd[633]: time="…" msg="shim disconnected" ✓ \ud800',
    seq: 7,
    ...over,
  };
  if ('fineUs' in optional) e.fineUs = optional.fineUs;
  if ('endLine' in optional) e.endLine = optional.endLine;
  return e;
}

describe('packed events', () => {
  it('unpack(pack(events)) gives the events back, key for key and in order', () => {
    const events = [
      event({}),
      event({ time: null, stamp: null, absUs: 1726285183530117, domain: 'absolute' }, { fineUs: null }),
      event({ stamp: { year: 2024, yearShift: 0, month: 2, day: 29, hour: 23, minute: 59, second: 60, micro: 0, offsetMin: -330 } }, { fineUs: 1726285183530117, endLine: 15 }),
      event({ ids: [], prefixes: ['5e1c0d9a7b3f'], attrs: { pods: ['a/b', 'c/d'], sandbox: true, position: 0, error: null } }, { endLine: 12 }),
      event({ kind: 'deploy.step', attrs: {}, text: '' }),
      // A kind or domain outside the vocabulary comes back as it was sent.
      event({ kind: 'sandbox.unheard-of' as PmEvent['kind'], domain: 'elsewhere' as PmEvent['domain'] }),
    ];
    const back = unpack(structuredClone(pack(events)), 'sos/journal', 'sosreport-node-a', names);
    expect(back).toEqual(events);
    expect(back.map((e) => JSON.stringify(e))).toEqual(events.map((e) => JSON.stringify(e)));
    expect(back.map((e) => Object.keys(e))).toEqual(events.map((e) => Object.keys(e)));    // Empty lists come back as the one shared empty list, not one each (events/settle.ts).
    expect(back[0]!.prefixes).toBe(NO_NAMES);
    expect(back[3]!.ids).toBe(NO_NAMES);
  });

  it('events of the same printed second share one stamp object, others keep their own', () => {
    const later = { year: null, yearShift: 1, month: 9, day: 14, hour: 11, minute: 39, second: 44, micro: 530117, offsetMin: null };
    const back = unpack(pack([event({}), event({ kind: 'shim.cleanup' }), event({ stamp: later }), event({ stamp: { ...later } })]), 'p', 'r', names);
    expect(back[1]!.stamp).toBe(back[0]!.stamp);
    expect(back[2]!.stamp).not.toBe(back[1]!.stamp);
    expect(back[2]!.stamp).toEqual(later);
    expect(back[3]!.stamp).toBe(back[2]!.stamp);
  });

  it('IDs, prefixes and attribute values go through the receiver\'s shared copies', () => {
    const seen: string[] = [];
    const shared = { get: (s: string) => (seen.push(s), s.toUpperCase()), attr: (v: AttrValue) => (typeof v === 'string' ? `<${v}>` : v) };
    const [e] = unpack(pack([event({ prefixes: ['5e1c0d9a7b3f'] })]), 'p', 'r', shared);
    expect(e!.ids[0]).toBe('2B4B0B4E9B7A6F5A4C3D2E1F0A9B8C7D6E5F4A3B2C1D0E9F8A7B6C5D4E3F2A1B');
    expect(e!.prefixes).toEqual(['5E1C0D9A7B3F']);
    expect(e!.attrs).toEqual({ ident: '<containerd>', pid: 633, namespace: '<moby>' });
    expect([e!.source.path, e!.clockKey, e!.host]).toEqual(['p', 'p', 'r']);
  });
});
