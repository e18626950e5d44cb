#!/usr/bin/env node
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import v8 from 'node:v8';
import vm from 'node:vm';
import path from 'node:path';

// Young-generation collections without V8's helper tasks: a journal read on both CPUs leaves them no CPU of their
// own, they take it from the other reading thread. The 1.6 GB journal (--trace-gc-nvp): ~390 ms of collection
// CPU a run instead of ~790 ms (the helpers' ~320 ms gone, the worker's own pauses 183 -> 123 ms), for the same
// wall time within the noise; a scavenge here keeps a few hundred KB, too little to share. Set before the worker
// starts: the flag is the process's.
v8.setFlagsFromString('--no-parallel-scavenge');
// The young generation stays at its first size (src/young-gen.ts says why, and sets it again after each worker starts).
if (process.env.PODMORTEM_YOUNG !== 'grow') v8.setFlagsFromString('--semi-space-growth-factor=1');

// The program bundled (dist/packed/main.cjs, scripts/bundle.mjs) when that bundle was made from the dist there is:
// it loads in half the time of dist's ~200 modules, and with its code cache compiles next to nothing. After a bare
// tsc, or with PODMORTEM_UNPACKED=1, dist itself.
const PACKED = fileURLToPath(new URL('../dist/packed/main.cjs', import.meta.url));
const packed = packedIsFresh();
function packedIsFresh() {
  if (process.env.PODMORTEM_UNPACKED === '1') return false;
  try {
    return statSync(PACKED).mtimeMs >= statSync(new URL('../dist/cli/main.js', import.meta.url)).mtimeMs;
  } catch {
    return false;
  }
}

/**
 * The bundle run as the CommonJS module it is, compiled from its code cache (main.cjs.cache: the build id of the
 * bundle's first line, then V8's data) when that cache was made from this very build; V8 checks its own version and
 * flags and falls back to compiling. PODMORTEM_CODE_CACHE=write (scripts/bundle.mjs) writes the cache at the end.
 */
function loadPacked() {
  const source = readFileSync(PACKED, 'utf8');
  const id = /^\/\/ podmortem-build (\w+)\n/.exec(source)?.[1];
  let cachedData;
  if (id !== undefined && process.env.PODMORTEM_CODE_CACHE !== 'write') {
    try {
      const cache = readFileSync(`${PACKED}.cache`);
      if (cache.subarray(0, id.length).toString('latin1') === id) cachedData = cache.subarray(id.length);
    } catch {
      // no cache: compiled as it loads
    }
  }
  const script = new vm.Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, { filename: PACKED, cachedData });
  // PODMORTEM_CODE_CACHE=report: say whether the cache was taken (tests: a cache V8 refuses costs ~90 ms a run, silently).
  if (process.env.PODMORTEM_CODE_CACHE === 'report') process.stderr.write(`code cache: ${cachedData === undefined ? 'none' : script.cachedDataRejected ? 'rejected' : 'taken'}\n`);
  const module = { exports: {} };
  script.runInThisContext()(module.exports, createRequire(PACKED), module, PACKED, path.dirname(PACKED));
  return { ...module.exports, script, id };
}

const program = packed ? loadPacked() : null;
// A journal big enough to be read in two threads gets its second thread now, loading its modules on the other
// CPU while this one loads the program (ingest/parallel/spawn.ts looks at the paths in the background).
const args = process.argv.slice(2);
if (args[0] === 'analyze' || args[0] === 'timeline') (program ?? (await import('../dist/ingest/parallel/spawn.js'))).startEarly(args.slice(1).filter((a) => !a.startsWith('-')));
const { main } = program ?? (await import('../dist/cli/main.js'));
// Let the old generation grow by half of what survives a full collection before the next one, not by V8's
// default factor of up to 4: the run keeps its events and turns over the rest, and the default let a 1.6 GB
// three-node bundle peak at 285 MB RSS instead of 254 MB (an event-dense 1 GB .tar.xz at the default event
// cap: 1.73 GB instead of 775 MB) for a few percent of speed. Set once the program is loaded: loading it
// under the flag took 20-35 ms more (more collections while the heap is young), and what it keeps is small.
v8.setFlagsFromString('--heap-growing-percent=50');

// Exit only once stdout has taken everything: process.exit() right after a large write to a pipe cut the
// report (`podmortem analyze … --format json | jq` got the first 80 KB of a 27 MB report).
main(args).then((code) => {
  if (program !== null && process.env.PODMORTEM_CODE_CACHE === 'write') writeCodeCache(program);
  process.stdout.write('', () => process.exit(code));
});

/** The functions compiled so far, for the next runs (their flags as at load: V8 refuses data made under others). */
function writeCodeCache({ script, id }) {
  v8.setFlagsFromString('--heap-growing-percent=0');
  if (id !== undefined) writeFileSync(`${PACKED}.cache`, Buffer.concat([Buffer.from(id, 'latin1'), script.createCachedData()]));
}
