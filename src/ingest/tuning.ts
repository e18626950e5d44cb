// Every constant that tunes ingest, and every PODMORTEM_* environment knob of the program (ingest's, the bundle
// layer's xz and spill ones, the worker's young generation: tests and experiments; none is needed in normal use). The measurements behind each value are in BENCHMARKS.md ("What the
// analyzer does to be fast"); here, one line of why each.

import { availableParallelism } from 'node:os';
import { MAX_LINE_BYTES } from '../bundle/budget.js';

const env = process.env;

/** Lines longer than this (--max-line-length) are counted unparsed and skipped: a log line is never that long, garbage often is. */
export const MAX_LINE = MAX_LINE_BYTES;
/** Distinct journal host names counted per bundle root: a journal names one host, a handful after renames. */
export const HOST_NAMES = 256;
/** A file whose lines keep failing is probably not the chosen format: stop and say so. */
export const ABANDON_AFTER = 1000;
/** Daemon time values (`time="…"`) longer than this are not memoized: an RFC 3339 one is 20 to 35 characters. */
export const MEMO_TIME = 64;

/** Events a worker sends at once: its heap holds one batch, not its whole part (PODMORTEM_EVENT_BATCH: tests). */
export const EVENT_BATCH = Number(env.PODMORTEM_EVENT_BATCH) || 4096;

/** PODMORTEM_QUIET=0 builds every record (the count-only path's reference, for tests and debugging). */
export const countOnly = (): boolean => env.PODMORTEM_QUIET !== '0';

/** Whether this run may read a file in two threads (PODMORTEM_THREADS=1 reads every file in one go). */
export function twoThreads(): boolean {
  return env.PODMORTEM_THREADS !== '1' && availableParallelism() >= 2;
}

/**
 * Two or more archives are read by the input pool (parallel/inputs.ts: this thread and a worker each take the next
 * archive whole) on machines with this many CPUs or more. On two, one reading thread (its journals' parts handed to
 * the worker as found) is within ~6% of the pool's wall time for ~20% less CPU and ~40 MB less: three 100 MB nodes
 * as .tar.xz on a quiet machine, 7.5–7.9 s wall and 9.1–9.3 s CPU against the pool's 6.9–7.3 s and 11.3–12.3 s
 * (2026-12-07). With xz in a process of its own and the archives' journals copied for the worker, the pool still
 * cost 2 s more CPU and 45 MB on three nodes (BENCHMARKS.md). PODMORTEM_POOL=1 runs it whatever the CPUs (tests).
 */
export const POOL_MIN_CPUS = 4;
export const poolInputs = (): boolean => twoThreads() && (env.PODMORTEM_POOL === '1' || availableParallelism() >= POOL_MIN_CPUS);

/**
 * One journal this big is read at once in two parts, this thread and the worker each taking one (cut at SPLIT_AT);
 * smaller ones are put off (APART_MIN). PODMORTEM_SPLIT_MIN (bytes): tests.
 */
export const SPLIT_MIN = 768 * 1024 * 1024;
export const splitMin = (): number => Number(env.PODMORTEM_SPLIT_MIN) || SPLIT_MIN;

/**
 * Journals on disk of this size or more (and under SPLIT_MIN) are read after every other file, in parts; on two
 * threads the worker is handed them as discovery finds them (a sos collection of several nodes holds one journal
 * per node) once there are two parts to share, and reads them while this thread reads the small files. Journals
 * this big inside an archive are copied to a temporary file first (spill.ts).
 * PODMORTEM_APART_MIN (bytes): tests.
 */
export const APART_MIN = 32 * 1024 * 1024;
/**
 * A journal put off is cut in two from this size, so that this thread has a part of it to take: a lone 100 MB
 * journal cut in two saved this thread ~0.1 s of CPU for ~0.75 s more in all (the worker's start, its events
 * unpacked here), so it stays whole and on this thread (BENCHMARKS.md). PODMORTEM_CUT_MIN (bytes): tests.
 */
export const CUT_MIN = 256 * 1024 * 1024;
export const cutMin = (): number => Number(env.PODMORTEM_CUT_MIN) || CUT_MIN;
export const apartMin = (): number => Number(env.PODMORTEM_APART_MIN) || APART_MIN;

/**
 * Where the second part of a journal read on two threads starts, as a share of the file: this thread reads less,
 * as it also takes in the worker's events with a heap that holds them all. PODMORTEM_SPLIT_AT: experiments.
 */
export const SPLIT_AT = Number(env.PODMORTEM_SPLIT_AT) || 0.465;

/**
 * A part is cut short and its end read by the other thread when that thread is done and the part has this many
 * bytes left: a part read after another starts slow (its read loop compiled again), so only a big gap pays.
 * PODMORTEM_STEAL_MIN (bytes): tests.
 */
export const STEAL_MIN = 48 * 1024 * 1024;
export const stealMin = (): number => Number(env.PODMORTEM_STEAL_MIN) || STEAL_MIN;
/**
 * The share of what is left of the other thread's part that a thread takes: the main thread also unpacks the
 * worker's events, so it takes less of the worker's part than the worker takes of its.
 */
export const STEAL_SHARE = { main: 0.45, worker: 0.55 };

/**
 * PODMORTEM_MAIN_PARTS (tests): the main thread takes at most so many parts (or pooled inputs) and leaves the rest to the worker,
 * which on small test files would otherwise still be loading when the main thread had read them all.
 */
export const mainParts = (): number => Number(env.PODMORTEM_MAIN_PARTS) || Infinity;

/** The worker's old generation: its part's events (tens of MB); a part that needs more fails and is read again whole. */
export const WORKER_OLD_MB = 96;
/** The worker's young generation: decoded text and records that die young; Node's default let it grow 3 times this. */
export const WORKER_YOUNG_MB = 16;
/** Entries looked at per input when deciding whether to start the worker early: a bundle's tree, not a disk. */
export const LOOK_AT = 4096;

/**
 * A run keeping this many events has its heap collected once between ingest and the report (full-collection.ts):
 * the garbage ingest leaves made the report phase the peak. PODMORTEM_COLLECT=0 leaves it to V8 (experiments).
 */
export const COLLECT_MIN_EVENTS = 32_768;
export const collectAfterIngest = (): boolean => env.PODMORTEM_COLLECT !== '0';

/** PODMORTEM_SPILL=0 reads big archive members from the stream, never copied to a temporary file (tests compare both). */
export const spillAllowed = (): boolean => env.PODMORTEM_SPILL !== '0';
/** PODMORTEM_SPILL_FULL_AT (bytes, tests): the copy's writes fail with ENOSPC past so many bytes, as on a full disk. */
export const spillFullAt = (): number => Number(env.PODMORTEM_SPILL_FULL_AT) || Infinity;

/** PODMORTEM_XZ=0 decodes every xz stream in process with liblzma, never with the xz program (tests compare both). */
export const xzProgramOff = (): boolean => env.PODMORTEM_XZ === '0';
/** PODMORTEM_XZ_PROGRAM names another xz program (tests: one that cannot start, one that dies half way). */
export const xzProgramNamed = (): string | undefined => env.PODMORTEM_XZ_PROGRAM || undefined;
/** PODMORTEM_XZ_MIN (bytes, tests, whose archives are a few KB): the smallest xz data given to the program. */
export const xzProgramMin = (): number | undefined => (env.PODMORTEM_XZ_MIN !== undefined ? Number(env.PODMORTEM_XZ_MIN) : undefined);
/** PODMORTEM_XZ_FILE=0 reads .xz inputs from the stream, never decoded to a temporary file (tests compare both). */
export const xzFileAllowed = (): boolean => env.PODMORTEM_XZ_FILE !== '0';

/** PODMORTEM_TRACE=1 prints a line at each stage of a run with each thread's CPU (experiments: trace.ts). */
export const traceOn = (): boolean => env.PODMORTEM_TRACE === '1';

/** PODMORTEM_YOUNG=grow leaves V8's default young generation to the worker (experiments: young-gen.ts). */
export const youngGrows = (): boolean => env.PODMORTEM_YOUNG === 'grow';
