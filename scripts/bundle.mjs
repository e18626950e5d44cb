// Bundle the compiled program (dist/) into a few files under dist/packed/, which bin/podmortem.js loads when it is
// up to date: Node resolves, reads and links each of dist's ~110 modules and ~90 CommonJS files of its packages
// one by one, ~0.2 s of every start; the bundle loads in ~0.1 s. Every run waits for that start, and a big journal's
// second thread waits for it before it reads. Run after tsc (npm run build).
//
// The program the CLI runs is one CommonJS file, dist/packed/main.cjs, with a V8 code cache beside it
// (main.cjs.cache, made by one run of the CLI over the sample bundle): Node 20 has no compile cache for ES modules
// (module.enableCompileCache came in 22.1), and parsing and compiling the bundle's functions again on every run
// took ~360M instructions of a 25 MB journal's ~4,100M (callgrind). The threads keep their ES module bundles.

import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

// Chunks are named by their content: the last build's would stay beside this one's.
rmSync(path.join(root, 'dist', 'packed'), { recursive: true, force: true });
await build({
  absWorkingDir: root,
  // The threads, split so that the modules they share are loaded once each.
  entryPoints: { worker: 'dist/ingest/parallel/worker.js', 'decode-thread': 'dist/bundle/decode-thread.js', 'input-worker': 'dist/ingest/parallel/input-worker.js' },
  outdir: 'dist/packed',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // A native addon stays a package; the packages loaded on first use (src/lazy.ts) are not imported statically.
  external: ['lzma-native'],
  // The CommonJS packages bundled (commander, yaml …) require Node's own modules.
  banner: { js: "import { createRequire as __podmortemRequire } from 'node:module'; const require = __podmortemRequire(import.meta.url);" },
  // dist/ and dist/packed/ sit at the same depth: paths made from import.meta.url (rules/, package.json) come out the same; the worker's file is named
  // relative to the module that starts it, which sits beside it in both (ingest/parallel/, packed/).
  logLevel: 'warning',
  legalComments: 'none',
}).catch(() => process.exit(1));

// The program: the CLI and the early start of the second thread (ingest/parallel/spawn.ts, which holds the worker
// started early) in one file, so that both share that module. `import.meta.url` is the file's own URL, as in the
// ES module bundles beside it (the workers' files are named relative to it). The first line names this build: the
// code cache is taken only for the build it was made from (V8 itself checks the source's length, not its text).
const buildId = randomBytes(8).toString('hex');
await build({
  absWorkingDir: root,
  stdin: { contents: "export { main } from './dist/cli/main.js';\nexport { startEarly } from './dist/ingest/parallel/spawn.js';\n", resolveDir: root, sourcefile: 'packed-main.js' },
  outfile: 'dist/packed/main.cjs',
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  external: ['lzma-native'],
  define: { 'import.meta.url': '__podmortemUrl' },
  banner: { js: `// podmortem-build ${buildId}\nconst __podmortemUrl = require('node:url').pathToFileURL(__filename).href;` },
  logLevel: 'warning',
  legalComments: 'none',
}).catch(() => process.exit(1));

// The code cache: the functions one run over the sample bundle compiled, written by bin/podmortem.js at its end.
// Without it (a failed run, another Node) the program compiles as it loads, as before.
const made = spawnSync(process.execPath, [path.join(root, 'bin', 'podmortem.js'), 'analyze', path.join(root, 'samples', 'hostport-stale-dnat'), path.join(root, 'samples', 'formats', 'journal-short'), '--format', 'json', '-o', process.platform === 'win32' ? 'NUL' : '/dev/null'], {
  env: { ...process.env, PODMORTEM_CODE_CACHE: 'write', PODMORTEM_THREADS: '1' },
  stdio: ['ignore', 'ignore', 'inherit'],
});
if (!existsSync(path.join(root, 'dist', 'packed', 'main.cjs.cache'))) console.warn(`bundle: no code cache (the sample run ended with ${made.status ?? made.signal})`);
