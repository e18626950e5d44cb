// Preloaded (`node -r`) into the CLI by young-gen.test.ts: at exit, the largest size this thread's young generation
// (V8's new space) reached goes to stderr on a line of its own, sampled after each collection.
const v8 = require('node:v8');
const { PerformanceObserver } = require('node:perf_hooks');

let most = 0;
const look = () => {
  const ns = v8.getHeapSpaceStatistics().find((s) => s.space_name === 'new_space');
  if (ns && ns.space_size > most) most = ns.space_size;
};
new PerformanceObserver(look).observe({ entryTypes: ['gc'] });
process.on('exit', () => {
  look();
  process.stderr.write(`\npodmortem-test-new-space-bytes=${most}\n`);
});
