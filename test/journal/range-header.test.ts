// journalctl's range header (systemd ≤ 249: "-- Logs begin at …, end at … --", "-- Journal begins at …, ends at … --")
// names its last entry with the year: a journal pasted without a bundle is dated by it, not by the reader's clock.

import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { rangeEnd } from '../../src/formats/_journal-markers.js';
import { ingest } from '../../src/ingest.js';

const WILD = path.resolve(__dirname, '../../samples/wild');

describe('journal range header', () => {
  it('rangeEnd reads the end stamp, the zone abbreviation left unread; a header with no end gives none', () => {
    // kubernetes/kubernetes#68885-era and moby#22507 headers as journalctl printed them (samples/wild).
    expect(rangeEnd('-- Logs begin at Mon 2016-05-16 21:37:06 UTC, end at Tue 2016-05-17 01:01:01 UTC. --')).toMatchObject({ year: 2016, month: 5, day: 17, hour: 1, minute: 1, second: 1, offsetMin: null });
    // A header the terminal cut after the end's zone (docker/machine#1714) still names it.
    expect(rangeEnd('-- Logs begin at Wed 2015-12-16 15:31:33 EST, end at Wed 2015-12-16 15:33:31 EST. -')).toMatchObject({ year: 2015, month: 12, day: 16, hour: 15 });
    expect(rangeEnd('-- Logs begin at Mon 2022-05-30 17:37:44 PDT. --')).toBeNull();
  });

  it("dates a pasted journal with no other dated line: the year is the header's, and the report says where it came from", async () => {
    const file = path.join(WILD, 'docker-machine-1714-journal-cut-80-columns-docker-1-9-start-stop.log');
    const ing = await ingest([file], { tz: null, year: null, host: null });
    const started = ing.events.find((e) => e.kind === 'daemon.started')!;
    expect(new Date(started.time! / 1000).toISOString()).toBe('2015-12-16T15:32:23.000Z');
    const capture = ing.assumptions.find((a) => a.what === 'capture time')!;
    expect(capture.basis).toContain('docker-machine-1714-journal-cut-80-columns-docker-1-9-start-stop.log:1: -- Logs begin at');
  });
});
