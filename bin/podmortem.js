#!/usr/bin/env node
import { statSync } from 'node:fs';
import v8 from 'node:v8';

// Young-generation collections without V8's helper tasks: a journal read on both CPUs leaves them no CPU of their
// own, they take it from the other reading thread. The 1.6 GB journal (--trace-gc-nvp): ~390 ms of collection
// CPU a run instead of ~790 ms (the helpers' ~320 ms gone, the worker's own pauses 183 -> 123 ms), for the same
// wall time within the noise; a scavenge here keeps a few hundred KB, too little to share. Set before the worker
// starts: the flag is the process's.
v8.setFlagsFromString('--no-parallel-scavenge');
// The young generation stays at its first size (src/young-gen.ts says why, and sets it again after each worker starts).
if (process.env.PODMORTEM_YOUNG !== 'grow') v8.setFlagsFromString('--semi-space-growth-factor=1');

// The program bundled (dist/packed, scripts/bundle.mjs) when that bundle was made from the dist there is: it
// loads in half the time of dist's ~200 modules. After a bare tsc, or with PODMORTEM_UNPACKED=1, dist itself.
const packed = packedIsFresh();
function packedIsFresh() {
  if (process.env.PODMORTEM_UNPACKED === '1') return false;
  try {
    return statSync(new URL('../dist/packed/main.js', import.meta.url)).mtimeMs >= statSync(new URL('../dist/cli/main.js', import.meta.url)).mtimeMs;
  } catch {
    return false;
  }
}

// A journal big enough to be read in two threads gets its second thread now, loading its modules on the other
// CPU while this one loads the program (ingest/parallel/spawn.ts looks at the paths in the background).
const args = process.argv.slice(2);
if (args[0] === 'analyze' || args[0] === 'timeline') (await import(packed ? '../dist/packed/part-worker.js' : '../dist/ingest/parallel/spawn.js')).startEarly(args.slice(1).filter((a) => !a.startsWith('-')));
const { main } = await import(packed ? '../dist/packed/main.js' : '../dist/cli/main.js');
// Let the old generation grow by half of what survives a full collection before the next one, not by V8's
// default factor of up to 4: the run keeps its events and turns over the rest, and the default let a 1.6 GB
// three-node bundle peak at 285 MB RSS instead of 254 MB (an event-dense 1 GB .tar.xz at the default event
// cap: 1.73 GB instead of 775 MB) for a few percent of speed. Set once the program is loaded: loading it
// under the flag took 20-35 ms more (more collections while the heap is young), and what it keeps is small.
v8.setFlagsFromString('--heap-growing-percent=50');

// Exit only once stdout has taken everything: process.exit() right after a large write to a pipe cut the
// report (`podmortem analyze … --format json | jq` got the first 80 KB of a 27 MB report).
main(args).then((code) => process.stdout.write('', () => process.exit(code)));
