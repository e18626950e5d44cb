// The collection between ingest and the report runs for a run of many events, and only then.

import { describe, expect, it } from 'vitest';
import { collectIfMany } from '../../src/full-collection.js';
import { COLLECT_MIN_EVENTS } from '../../src/ingest/tuning.js';

/** A WeakRef to an object nothing else holds, made in an earlier job (a WeakRef's target lives to the end of the job that made it). */
async function garbage(): Promise<WeakRef<object>> {
  const ref = new WeakRef({ big: new Array(1000).fill(0) });
  await new Promise((r) => setImmediate(r));
  return ref;
}

describe('collectIfMany', () => {
  it('collects the whole heap for a run of many events', async () => {
    const ref = await garbage();
    collectIfMany(COLLECT_MIN_EVENTS);
    expect(ref.deref()).toBeUndefined();
  });
});
