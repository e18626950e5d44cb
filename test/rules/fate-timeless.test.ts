// A removal or exit with no time (a message quoted alone, a klog line cut before its date) sorts after every timed
// event in the timeline, but nothing places it after the container's start: src/rules/_fate.ts takes it as the
// container's end only when no start was logged at all.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ingest } from '../../src/ingest.js';
import { lastDeath } from '../../src/rules/_fate.js';
import { buildTimeline, containersById } from '../../src/timeline/timeline.js';
import type { PmEvent } from '../../src/events/types.js';

// docs/catalogue.md's real structured PLEG line (a ContainerStarted of sandbox 0961bad2…).
const STARTED = '9月 14 11:45:13 centos79 kubelet[1789]: I0914 11:45:13.002410    1789 kubelet.go:2461] "SyncLoop (PLEG): event for pod" pod="default/hostport-app-0" event={"ID":"0b9d7e5c-3a1f-4e2d-8c6b-9f0e1d2c3b4a","Type":"ContainerStarted","Data":"0961bad27f1a52a28701b7038120b8188e7a78df21f57a08428f021ab3c071e2"}';
const ID = '0961bad27f1a52a28701b7038120b8188e7a78df21f57a08428f021ab3c071e2';

async function startEvent(): Promise<PmEvent> {
  const dir = mkdtempSync(path.join(tmpdir(), 'fate-'));
  const file = path.join(dir, 'journal');
  writeFileSync(file, STARTED + '\n');
  const ing = await ingest([file], { tz: null, year: 2024, host: null });
  rmSync(dir, { recursive: true, force: true });
  return ing.events.find((e) => e.ids.includes(ID))!;
}

describe('fate: an exit with no time is no end of a container that was seen starting', () => {
  it('is ignored next to a timed start; taken when no start was logged', async () => {
    const start = await startEvent();
    expect(start.time).not.toBeNull();
    // Its ContainerDied twin as a quote with no time would give it: the same event, Type died, time none.
    const died: PmEvent = { ...start, seq: start.seq + 1, time: null, stamp: null, attrs: { ...start.attrs, type: 'ContainerDied' }, source: { path: 'ticket.txt', line: 1 } };
    const both = containersById(buildTimeline([start, died])).find((c) => c.id === ID)!;
    expect(lastDeath(both)).toBeNull();
    const alone = containersById(buildTimeline([died])).find((c) => c.id === ID)!;
    expect(lastDeath(alone)).toBe(alone.events[0]);
  });
});
