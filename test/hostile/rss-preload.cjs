// Preloaded (`node -r`) into the CLI by the hostile tests: at exit, the process's peak resident set size goes
// to stderr on a line of its own, which the test takes off before checking stderr. VmHWM is this process
// image's own peak; getrusage's maxrss is not (Linux keeps the forking parent's across exec: every child of a
// 170 MB vitest worker "peaked" at 170 MB).
const { readFileSync } = require('node:fs');

process.on('exit', () => {
  let kb = process.resourceUsage().maxRSS;
  try {
    const m = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync('/proc/self/status', 'utf8'));
    if (m) kb = Number(m[1]);
  } catch {
    // no /proc: getrusage's figure, an upper bound
  }
  process.stderr.write(`\npodmortem-test-maxrss-kb=${kb}\n`);
});
