// Journals in a folder go to the worker when the walk's look-ahead meets them (bundle/tree.ts, Run.foresee,
// PartSchedule.foresee), not when discovery reaches them after the small files before them: a sos report's
// etc/ and proc/ come before its sos_commands/logs/ journal. Their parts are joined where discovery puts them off,
// so the report is the one thread's; a journal foreseen that discovery then finds changed is read again as found.
// The worker is built JavaScript: the first test runs dist (npm run build).

import { utimesSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FORMATS } from '../../src/formats/index.js';
import type { InputStat } from '../../src/diagnostics/counters.js';
import { newStat } from '../../src/diagnostics/counters.js';
import { PartSchedule, type InParts } from '../../src/ingest/parallel/schedule.js';
import type { RunBook } from '../../src/ingest/run-book.js';
import { ValuePool } from '../../src/ingest/event-sink.js';
import { newIngestStats } from '../../src/ingest/stats.js';
import type { analyze as Analyze } from '../../src/report.js';
import { ClockBook } from '../../src/time/clock.js';
import { scratch } from '../bundle/_bundles.js';
import { runWith } from './_run-with.js';

const s = scratch('foresee');
afterAll(() => s.cleanup());
let analyze: typeof Analyze;
let startEarly: (paths: string[]) => void;
let gen: string;
let journals: string[];

const ENV = { PODMORTEM_THREADS: '2', PODMORTEM_APART_MIN: '600000' };

beforeAll(async () => {
  // @ts-expect-error the built modules (the worker runs dist/ingest/parallel/worker.js)
  analyze = ((await import('../../dist/report.js')) as { analyze: typeof Analyze }).analyze;
  // @ts-expect-error the built module, the one dist/report.js uses
  startEarly = ((await import('../../dist/ingest/parallel/spawn.js')) as { startEarly: (p: string[]) => void }).startEarly;
  // @ts-expect-error plain ESM module without types
  const { writeNode } = (await import('../../bench/gen.mjs')) as { writeNode: (o: object) => { root: string; journal: string } };
  // @ts-expect-error plain ESM module without types
  const { writeSmallFiles } = (await import('../../bench/gen-sos.mjs')) as { writeSmallFiles: (o: object) => number };
  gen = path.join(s.dir, 'gen');
  const nodes = ['node-g', 'node-h'].map((host, i) => writeNode({ dir: gen, host, seed: 51 + i, bytes: 1024 * 1024, rendering: 'short' }));
  // Small files before each journal in walk order (etc/, proc/ sort before sos_commands/), as in a sos report.
  nodes.forEach((n, i) => writeSmallFiles({ root: n.root, seed: 61 + i, count: 300 }));
  journals = nodes.map((n) => n.journal);
}, 120_000);

describe('journals foreseen by the folder walk', () => {
  it('go to the worker before discovery reaches them, and the report is the one thread’s', async () => {
    startEarly([gen]);
    const two = await runWith(analyze, ENV, [gen]);
    // Both journals were met by the look-ahead before the small files ahead of them were read, and joined as found.
    expect(two.stats).toMatchObject({ foreseen: 2, foreseenUnused: 0, workers: 1, rereadWhole: 0 });
    // Which thread reads a part is the machine's timing (a worker slow to start on a loaded machine leaves them all
    // to this thread, which steals what is left when it is done): every part is read, by one thread or the other.
    expect(two.stats.partsRead.worker + two.stats.partsRead.main).toBeGreaterThanOrEqual(2);
    const one = await runWith(analyze, { ...ENV, PODMORTEM_THREADS: '1' }, [gen]);
    expect(one.stats).toMatchObject({ foreseen: 0, workers: 0 });
    expect(two.text).toBe(one.text);
  }, 60_000);

  it('a journal foreseen and then found changed is read as discovery found it; the parts made before are not joined', async () => {
    const format = FORMATS.find((f) => f.id === 'journal-short')!;
    const run: RunBook = { clock: new ClockBook({ tz: null, year: null }, (r) => r), trackers: new Map(), rootJournalHosts: new Map(), rootHostname: new Map(), events: [], seq: 0, values: new ValuePool() };
    const stats = newIngestStats();
    const schedule = new PartSchedule(run, false, stats);
    const abs = journals[0]!;
    const { size } = await import('node:fs').then((fs) => fs.statSync(abs));
    const file = { path: 'gen/journal', root: 'gen', size, mtimeUs: 1, abs, exists: () => false, notes: [], drain: false, open: () => null as never };
    const stat: InputStat = newStat(file.path, file.root);
    // As Run.take registers a file it reads.
    run.clock.file(file.path, file.root, 2);
    const foreseen: InParts = { file, stat: newStat(file.path, file.root), format, cuts: [] };
    schedule.foresee(foreseen);
    // Touched between the look and discovery: another time, so not the read foreseen.
    utimesSync(abs, new Date(), new Date());
    schedule.add({ ...foreseen, file: { ...file, mtimeUs: 2 }, stat });
    await schedule.read(undefined);
    expect(stats).toMatchObject({ foreseen: 0, foreseenUnused: 1, partsRead: { main: 1, worker: 0 } });
    expect(stat.lines).toBeGreaterThan(1000);
    expect(stat.events).toBe(run.events.length);
    expect(run.events.length).toBeGreaterThan(0);
  }, 60_000);
});
