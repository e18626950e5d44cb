// Bundle the compiled program (dist/) into a few files under dist/packed/, which bin/podmortem.js loads when it is
// up to date: Node resolves, reads and links each of dist's ~110 modules and ~90 CommonJS files of its packages
// one by one, ~0.2 s of every start; the bundle loads in ~0.1 s. Every run waits for that start, and a big journal's
// second thread waits for it before it reads. Run after tsc (npm run build).

import { build } from 'esbuild';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

// Chunks are named by their content: the last build's would stay beside this one's.
rmSync(path.join(root, 'dist', 'packed'), { recursive: true, force: true });
await build({
  absWorkingDir: root,
  // The early start of the second thread, the program, and the thread itself. Split, so that the module both the
  // first two use (part-worker, ingest/parallel/spawn.ts: it holds the worker started early) is one module, loaded once.
  entryPoints: { 'part-worker': 'dist/ingest/parallel/spawn.js', main: 'dist/cli/main.js', worker: 'dist/ingest/parallel/worker.js', 'decode-thread': 'dist/bundle/decode-thread.js', 'input-worker': 'dist/ingest/parallel/input-worker.js' },
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
