// KillPodSandbox failures (kubelet names the pod, not the sandbox) go to the only sandbox whose StopPodSandbox
// failed on the same host in the 2 minutes before; with several candidates they are noted, not attributed.

import { describe, expect, it } from 'vitest';
import type { PmEvent } from '../../src/events/types.js';
import { buildTimeline } from '../../src/timeline/timeline.js';

const S = 1_000_000;
const T0 = Date.UTC(2024, 8, 14, 3, 39, 0) * 1000;
const id = (n: number): string => n.toString(16).padStart(8, '0') + 'fb7cdb0a4f8da673da0a9818ec9a1576f953a8e8decf87a081827c';

let seq = 0;
function ev(kind: PmEvent['kind'], time: number, ids: string[], attrs: PmEvent['attrs'] = {}, host = 'centos79'): PmEvent {
  const line = ++seq;
  return { kind, time, stamp: null, absUs: time, domain: 'journal', clockKey: 'j', host, ids, prefixes: [], attrs, source: { path: 'journal', line }, text: `line ${line}`, seq };
}
const stopFailed = (t: number, n: number, host?: string) => ev('sandbox.stop.failed', t, [id(n)], {}, host);
const killFailed = (t: number, pod = 'default/hostport-app-0', host?: string) => ev('sandbox.teardown.failed', t, [], { pod }, host);

describe('KillPodSandbox attribution', () => {
  it('goes to the one sandbox that failed to stop in the 2 minutes before, on the same host', () => {
    const kill = killFailed(T0 + 10 * S);
    const tl = buildTimeline([stopFailed(T0, 1), stopFailed(T0 + S, 1), stopFailed(T0, 2, 'other-node'), kill]);
    expect(kill.ids).toEqual([id(1)]);
    expect(kill.attrs.attributed).toMatch(/only sandbox/);
    expect(tl.notes).toEqual([]);
  });

  it('forgets failures older than 2 minutes', () => {
    const kill = killFailed(T0 + 200 * S);
    buildTimeline([stopFailed(T0, 1), stopFailed(T0 + 190 * S, 2), kill]);
    expect(kill.ids).toEqual([id(2)]);
  });

  it('with two candidates: noted, not attributed', () => {
    const kill = killFailed(T0 + 5 * S);
    const tl = buildTimeline([stopFailed(T0, 1), stopFailed(T0 + S, 2), kill]);
    expect(kill.ids).toEqual([]);
    expect(tl.notes).toEqual([`journal:${kill.source.line}: KillPodSandbox failure of default/hostport-app-0 matches 2 sandboxes; not attributed`]);
  });

  it('thousands failing at once: a hundred notes named, the rest counted', () => {
    const events: PmEvent[] = [];
    for (let i = 0; i < 3000; i++) events.push(stopFailed(T0, i));
    for (let i = 0; i < 300; i++) events.push(killFailed(T0 + S));
    const tl = buildTimeline(events);
    expect(events.slice(3000).every((e) => e.ids.length === 0)).toBe(true);
    expect(tl.notes).toHaveLength(101);
    expect(tl.notes[0]).toMatch(/matches 3000 sandboxes; not attributed$/);
    expect(tl.notes[100]).toBe('200 more KillPodSandbox failures matched several sandboxes and were not attributed');
  });
});
