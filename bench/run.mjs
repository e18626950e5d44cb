#!/usr/bin/env node
// `npm run bench`: generate large node bundles, run `podmortem analyze` on them, compare with lnav and with a
// bare line-splitting loop, check the findings against what the generator planted, write BENCHMARKS.md.
//
// Environment:
//   BENCH_INPUTS which inputs, names or groups, comma-separated (default: all, in this order):
//                sos3      = sos3-txz,sos3-dir: three sos reports, each a .tar.xz (as sos packs them), and the same
//                            as folders. A report: a BENCH_SOS_MB journal in short rendering (chatty kubelet,
//                            dockerd, containerd; random PIDs for sshd and cron) and BENCH_SOS_FILES small files
//                sos10     = sos10-txz,sos10-dir: ten, likewise
//                journals  = j25,j100,j578,j1600: one node's sos folder with one journal of that many MB
//                json      = json100: one node's folder, a 100 MB journal in json rendering
//                members   = members200k: a .tar of 200,000 members nothing reads (peak RSS)
//                lnav reads the same journals unpacked; the floor is split2 line counting of them, and
//                `xz -dc` of the archives for .tar.xz inputs
//   BENCH_SOS_MB    journal size of each sos report in MB (default 100: sos keeps the newest 100 MiB)
//   BENCH_SOS_FILES small files in each sos report (default 2000)
//   BENCH_DIR    where inputs go (default $TMPDIR/podmortem-bench); removed at the end unless BENCH_KEEP=1
//   BENCH_RUNS   rounds per input (analyze, lnav, floor one after the other), the fastest run of each kept (default 3)
//   BENCH_OUT    the report file (default BENCHMARKS.md in the repository)
//   BENCH_SEED   generator seed (default 7)

import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync, readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeNode } from './gen.mjs';
import { writeManyMembers, writeSmallFiles } from './gen-sos.mjs';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const MB = 1024 * 1024;
const env = process.env;
const GROUPS = { sos3: ['sos3-txz', 'sos3-dir'], sos10: ['sos10-txz', 'sos10-dir'], journals: ['j25', 'j100', 'j578', 'j1600'], json: ['json100'], members: ['members200k'] };
const INPUTS = (env.BENCH_INPUTS ?? Object.keys(GROUPS).join(',')).split(',').flatMap((s) => GROUPS[s.trim()] ?? [s.trim()]);
const SOS_MB = Number(env.BENCH_SOS_MB ?? 100);
const SOS_FILES = Number(env.BENCH_SOS_FILES ?? 2000);
const DIR = path.resolve(env.BENCH_DIR ?? path.join(os.tmpdir(), 'podmortem-bench'));
const RUNS = Math.max(1, Number(env.BENCH_RUNS ?? 3));
const OUT = path.resolve(env.BENCH_OUT ?? path.join(REPO, 'BENCHMARKS.md'));
const SEED = Number(env.BENCH_SEED ?? 7);
const KEEP = env.BENCH_KEEP === '1';

const log = (...a) => console.error('[bench]', ...a);

function have(cmd) {
  return spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;
}

/** GNU time for wall clock and peak RSS (`npm run bench` installs it with scripts/system-tools.sh). */
function ensureTime() {
  return existsSync('/usr/bin/time');
}

/** One run of a command under GNU time: wall seconds, peak RSS and stdout. */
function timed(cmd, args, opts = {}) {
  const r = spawnSync('/usr/bin/time', ['-v', cmd, ...args], { encoding: 'utf8', maxBuffer: 64 * MB, ...opts });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status}):\n${r.stderr.slice(-3000)}`);
  const wall = r.stderr.match(/Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (?:(\d+):)?(\d+):([\d.]+)/);
  const rss = r.stderr.match(/Maximum resident set size \(kbytes\): (\d+)/);
  const secs = Number(wall[1] ?? 0) * 3600 + Number(wall[2]) * 60 + Number(wall[3]);
  return { wall: secs, rssMB: Number(rss[1]) / 1024, stdout: r.stdout };
}

/** The faster of two runs (null: none yet). */
const faster = (best, run) => (best === null || run.wall < best.wall ? run : best);

function sizeOf(p) {
  const st = statSync(p);
  if (st.isFile()) return st.size;
  return readdirSync(p).reduce((s, n) => s + sizeOf(path.join(p, n)), 0);
}

function ensureBuilt() {
  if (existsSync(path.join(REPO, 'dist', 'cli', 'main.js'))) return;
  log('building dist/ (tsc)');
  execFileSync('npx', ['tsc', '-p', 'tsconfig.json'], { cwd: REPO, stdio: 'inherit' });
}

function machine() {
  const cpus = os.cpus();
  return { nproc: os.availableParallelism?.() ?? cpus.length, cpu: cpus[0]?.model ?? 'unknown', memGiB: (os.totalmem() / 1024 ** 3).toFixed(1), node: process.version, lnav: have('lnav') ? execFileSync('lnav', ['-V'], { encoding: 'utf8' }).trim() : null, os: `${os.type()} ${os.release()}` };
}

/** Each input generated once, even when two cases share it (an archive is made from the folder). */
const made = new Map();
function once(name, make) {
  if (!made.has(name)) {
    const t = Date.now();
    const c = make();
    c.genSeconds = (Date.now() - t) / 1000;
    made.set(name, c);
    log(`generated ${name} in ${c.genSeconds.toFixed(1)} s`);
  }
  return made.get(name);
}

/** n sos reports as folders under one folder: a journal and SOS_FILES small files each. */
function sosFolders(n) {
  return once(`sos${n}-dir`, () => {
    const dir = path.join(DIR, `sos${n}`);
    rmSync(dir, { recursive: true, force: true });
    const nodes = Array.from({ length: n }, (_, i) => {
      const node = writeNode({ dir, host: `node-${String.fromCharCode(97 + i)}`, seed: SEED * 100 + i, bytes: SOS_MB * MB, rendering: 'short' });
      writeSmallFiles({ root: node.root, seed: SEED * 100 + i, count: SOS_FILES });
      return node;
    });
    return { inputs: [dir], journals: nodes.map((x) => x.journal), findings: nodes.flatMap((x) => x.findings), records: nodes.reduce((s, x) => s + x.records, 0), roots: nodes.map((x) => x.root) };
  });
}

/** The same n reports, each packed as sos does: one .tar.xz per node. */
function sosArchives(n) {
  const folders = sosFolders(n);
  return once(`sos${n}-txz`, () => {
    const dir = path.join(DIR, `sos${n}-txz`);
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    const threads = Math.min(2, os.availableParallelism?.() ?? 2);
    const inputs = folders.roots.map((root) => {
      const file = path.join(dir, `${path.basename(root)}.tar.xz`);
      execFileSync('sh', ['-c', `tar -C "${path.dirname(root)}" -cf - "${path.basename(root)}" | xz -T${threads} -1 > "${file}"`]);
      return file;
    });
    return { ...folders, inputs, floor: 'xz', unpacked: sizeOf(folders.inputs[0]) };
  });
}

/** One node's sos folder with one journal of `mb` MB. */
function journal(mb, rendering = 'short') {
  return once(`${rendering}${mb}`, () => {
    const n = writeNode({ dir: path.join(DIR, `${rendering}${mb}`), host: 'node-a', seed: SEED + mb, bytes: mb * MB, rendering });
    return { inputs: [n.root], journals: [n.journal], findings: n.findings, records: n.records, ...(rendering === 'json' ? { lnav: false } : {}) };
  });
}

const CASES = {
  'sos3-txz': () => sosArchives(3),
  'sos3-dir': () => sosFolders(3),
  'sos10-txz': () => sosArchives(10),
  'sos10-dir': () => sosFolders(10),
  j25: () => journal(25),
  j100: () => journal(100),
  j578: () => journal(578),
  j1600: () => journal(1600),
  json100: () => journal(100, 'json'),
  members200k: async () => {
    const t = Date.now();
    const file = await writeManyMembers({ file: path.join(DIR, 'members200k.tar'), count: 200_000 });
    return { inputs: [file], journals: [], findings: [], records: 0, lnav: false, floor: false, genSeconds: (Date.now() - t) / 1000 };
  },
};

/** Generate one named input: its case, with the findings planted in it. */
async function generate(name) {
  if (!CASES[name]) throw new Error(`BENCH_INPUTS: no input "${name}" (inputs: ${Object.keys(CASES).join(', ')}; groups: ${Object.keys(GROUPS).join(', ')})`);
  if (name.endsWith('-txz') && !(have('tar') && have('xz'))) throw new Error('tar or xz missing: no .tar.xz input (apt-get install -y xz-utils)');
  return { ...(await CASES[name]()), kind: name };
}

const key = (f) => `${f.host}|${f.rule}|${f.containerId}`;

function measure(c, lnavOk) {
  const bytes = c.inputs.reduce((s, i) => s + sizeOf(i), 0);
  const outFile = path.join(DIR, 'report.json');
  const load = os.loadavg()[0];
  const lnavRuns = lnavOk && c.lnav !== false && c.journals.length > 0;
  const floorRuns = c.floor === 'xz' || (c.floor !== false && c.journals.length > 0);
  // The floor of an archive is decompressing it; of a journal, splitting it into lines.
  const floor = c.floor === 'xz' ? () => timed('sh', ['-c', 'xz -dc "$@" > /dev/null', 'xz', ...c.inputs]) : () => timed('node', [path.join(REPO, 'bench', 'floor.mjs'), ...c.journals]);
  const home = path.join(DIR, 'lnav-home');
  mkdirSync(home, { recursive: true });
  // Rounds of one run of each tool, the fastest of each kept: a slow spell of the machine (seen here: ±15%
  // for minutes) then lands on every tool alike instead of on one tool's block of runs.
  let a = null;
  let l = null;
  let f = null;
  const tools = [
    { name: 'analyze', run: () => (a = faster(a, timed('node', [path.join(REPO, 'bin', 'podmortem.js'), 'analyze', ...c.inputs, '--format', 'json', '-o', outFile]))) },
    lnavRuns && { name: 'lnav', run: () => (l = faster(l, timed('lnav', ['-n', '-c', ';SELECT count(*) FROM syslog_log', ...c.journals], { env: { ...env, HOME: home } }))) },
    floorRuns && { name: 'floor', run: () => (f = faster(f, floor())) },
  ].filter(Boolean);
  for (let round = 1; round <= RUNS; round++) {
    const of = RUNS > 1 ? ` (round ${round} of ${RUNS})` : '';
    // Each round starts with another tool: none of them always runs first, right after the generator or after the
    // previous input.
    for (let k = 0; k < tools.length; k++) {
      const tool = tools[(round - 1 + k) % tools.length];
      log(`${tool.name} ${c.kind}${of}`);
      tool.run();
    }
  }
  // Every run writes the same report (the output is deterministic): the last one is checked.
  const report = JSON.parse(readFileSync(outFile, 'utf8'));
  rmSync(outFile, { force: true });
  // The journals' records: what lnav indexes and the generator wrote (the small files around them may hold a few more).
  const records = report.inputs.reduce((s, i) => s + (i.format?.startsWith('journal') ? i.records : 0), 0);
  const got = new Set(report.findings.map((f) => key(f)));
  const want = new Set(c.findings.map((f) => key(f)));
  const missing = [...want].filter((k) => !got.has(k));
  const extra = [...got].filter((k) => !want.has(k));
  const row = { load, kind: c.kind, files: report.inputs.length, bytes, unpacked: c.unpacked ?? null, genSeconds: c.genSeconds, wall: a.wall, rssMB: a.rssMB, records, expectedRecords: c.records, findings: got.size, planted: want.size, missing, extra, lnav: null, floor: null };
  if (records !== c.records) row.recordsMismatch = true;
  if (l !== null) {
    const count = Number((l.stdout.match(/(\d+)\s*$/) ?? [])[1]);
    row.lnav = { wall: l.wall, rssMB: l.rssMB, count, bytes: c.journals.reduce((s, j) => s + statSync(j).size, 0) };
  }
  if (f !== null) row.floor = { wall: f.wall, rssMB: f.rssMB, what: c.floor === 'xz' ? 'xz -dc' : 'split2' };
  return row;
}

const mbps = (bytes, s) => bytes / MB / s;
const fmt = (n, d = 0) => (n === null || n === undefined || Number.isNaN(n) ? 'n/a' : n.toFixed(d));

/** × lnav and × floor: their wall time over analyze's (above 1: podmortem took less time). */
function table(rows) {
  const head = '| input | size (MB) | files | gen (s) | analyze wall (s) | MB/s | records/s | peak RSS (MB) | lnav wall (s) | × lnav | floor | floor wall (s) | × floor | findings (planted) | load |';
  const sep = '|' + head.split('|').slice(1, -1).map(() => '---').join('|') + '|';
  const lines = [head, sep];
  for (const r of rows) {
    const size = r.unpacked ? `${fmt(r.bytes / MB)} (${fmt(r.unpacked / MB)} unpacked)` : fmt(r.bytes / MB);
    const ok = r.missing.length === 0 && r.extra.length === 0 ? 'ok' : 'MISMATCH';
    lines.push(`| ${r.kind} | ${size} | ${r.files} | ${fmt(r.genSeconds, 1)} | ${fmt(r.wall, 2)} | ${fmt(mbps(r.bytes, r.wall))} | ${fmt(r.records / r.wall)} | ${fmt(r.rssMB)} | ${r.lnav ? fmt(r.lnav.wall, 2) : 'n/a'} | ${r.lnav ? fmt(r.lnav.wall / r.wall, 2) : 'n/a'} | ${r.floor?.what ?? 'n/a'} | ${r.floor ? fmt(r.floor.wall, 2) : 'n/a'} | ${r.floor ? fmt(r.floor.wall / r.wall, 2) : 'n/a'} | ${r.findings} (${r.planted}) ${ok} | ${fmt(r.load, 1)} |`);
  }
  return lines.join('\n');
}

/**
 * The prose after the table (what makes the analyzer fast, where the threads wait, notes) is written by hand as the
 * code changes: a run replaces the header and the table and keeps the prose already in BENCHMARKS.md; the text
 * below is only the first version's.
 */
const PROSE = '\n## What the analyzer does to be fast';
function keepProse(md) {
  const old = existsSync(OUT) ? readFileSync(OUT, 'utf8') : '';
  const at = old.indexOf(PROSE);
  return at < 0 ? md : md.slice(0, md.indexOf(PROSE)) + old.slice(at);
}

async function main() {
  ensureBuilt();
  if (!ensureTime()) throw new Error('GNU time (/usr/bin/time) is needed for wall time and peak RSS: apt-get install -y time');
  const lnavOk = have('lnav');
  if (!lnavOk) log('lnav not installed (apt-get install -y lnav): the lnav columns stay n/a');
  mkdirSync(DIR, { recursive: true });
  const m = machine();
  const rows = [];
  const failures = [];
  for (const name of INPUTS) {
    const c = await generate(name);
    // The generator's gigabytes are still being written back to disk for half a minute after it returns: the
    // kernel's flusher takes CPU from whatever runs then (seen here: 3.97 s for an analyze right after a copy of
    // the 1.6 GB journal, 3.18 s once `sync` had run). Every tool is timed on files already on disk.
    execFileSync('sync');
    const row = measure(c, lnavOk);
    rows.push(row);
    if (row.missing.length || row.extra.length) failures.push(`${row.kind}: findings differ from the planted ones; missing ${JSON.stringify(row.missing)}, extra ${JSON.stringify(row.extra)}`);
    if (row.recordsMismatch) failures.push(`${row.kind}: ${row.records} records read, ${row.expectedRecords} written`);
    if (row.lnav && row.lnav.count !== row.records) failures.push(`${row.kind}: lnav indexed ${row.lnav.count} syslog_log rows, podmortem read ${row.records} records: not the same work`);
    console.log(table([row]).split('\n').slice(2).join('\n'));
  }
  if (!KEEP) rmSync(DIR, { recursive: true, force: true });
  const byKind = (k) => rows.find((r) => r.kind === k);
  const linear = byKind('j100') && byKind('j1600') ? byKind('j1600').wall / byKind('j100').wall : null;
  const nodes = byKind('sos3-txz') && byKind('sos10-txz') ? byKind('sos10-txz').wall / byKind('sos3-txz').wall : null;
  const cmd = `${Object.entries(env).filter(([k]) => k.startsWith('BENCH_')).map(([k, v]) => `${k}=${v} `).join('')}npm run bench`;
  const md = `# Benchmarks

Generated by \`npm run bench\` (bench/run.mjs, bench/gen.mjs, bench/gen-sos.mjs). First what users run: a few
sos reports, each a .tar.xz of a ${SOS_MB} MB journal and ${SOS_FILES} small files (/proc and /sys values, /etc
configs, sos_commands outputs, small logs), then the same as folders, single journals, and a .tar of 200,000
members nothing reads. Every input is made by a seeded generator:
journals of kubelet (probes, volume mounts, PLEG, klog), dockerd and containerd (logrus, routine exits:
task delete + shim disconnect), cri-dockerd, kernel and systemd lines, ${'~'}95% routine noise, a few thousand
sandbox lifecycles, and planted broken teardowns (shim disconnect with no task delete, DNAT jump left in
the iptables-save dump), stale DNAT jumps and shadowed hostPorts. The bench checks that the findings
(host, rule, sandbox) are exactly the planted ones and that lnav indexed as many rows as podmortem read records.

- analyze: \`node bin/podmortem.js analyze <input> --format json -o <file>\`, wall time and peak RSS from \`/usr/bin/time -v\`.
- lnav: \`lnav -n -c ';SELECT count(*) FROM syslog_log' <journal files>\` on the same journal files (unpacked, for
  archives), in the same run.
- floor: \`node bench/floor.mjs <journal files>\`: split2 line splitting and counting, nothing else; for .tar.xz
  inputs \`xz -dc <archives> > /dev/null\`, decompressing what podmortem decompresses.
- × lnav, × floor: their wall time over podmortem's (above 1: podmortem took less).${RUNS > 1 ? `
- runs: ${RUNS} rounds of analyze, lnav and floor one after the other, each round starting with the next tool,
  the fastest run of each kept: a slow spell of the machine lands on all three alike.` : ''}
- inputs are generated, then written to disk (\`sync\`) before the first run.
- MB/s: input bytes on disk (the compressed size for .tar.xz) over wall time; records/s: journal records read.
- load: the machine's 1-minute load average when the first round started (other work on the 2 CPUs skews every column).

Command: \`${cmd}\`

Machine: ${m.nproc} CPUs (${m.cpu}), ${m.memGiB} GiB memory, Node ${m.node}, ${m.os}${m.lnav ? `, ${m.lnav}` : ', lnav not installed'}; ${new Date().toISOString().slice(0, 10)}.

${table(rows)}

${nodes !== null ? `Wall time 10 sos archives / 3: ${nodes.toFixed(2)}×.\n` : ''}${linear !== null ? `Wall time 1600 MB / 100 MB journal: ${linear.toFixed(2)}× for 16× the bytes.\n` : ''}${failures.length ? `\n**Check failures:**\n\n${failures.map((f) => `- ${f}`).join('\n')}\n` : '\nChecks: findings equal the planted ones on every input.\n'}
## What the analyzer does to be fast

- Files on disk are read with synchronous reads into one reused 1 MiB buffer (src/bundle/file-chunks.ts): a
  fresh Buffer per chunk cost a page fault per 4 KiB, more system time than all the parsing.
- Text is decoded 64 KiB at a time: a string under V8's large-object size lives and dies in the young
  generation, a 1 MB one was mapped and unmapped per chunk (38% of the run). Lines are cut with indexOf in a
  synchronous loop; journal-short and journal JSON lines are read in place, without a string of their own.
- The journal-short envelope (stamp, host, identifier, pid) is cut with charCodeAt; a fixed-string gate
  (components/gate.ts: logrus/klog shapes, component keywords, KLOG_MESSAGES, PID 1 job lines, deploy
  identifiers, the stitcher's \`=<\`) decides whether any component, the daemon clock or the klog stitcher
  would read the record. Records nothing reads are counted (records, coverage, host votes, clock stamps)
  without being built; records whose only use is the daemon's \`time="…"\` feed the clock from positions.
- Journal JSON objects are read by positions too: a scanner built on native searches (next quote, backslash,
  control character) accepts only valid flat objects of plain strings and finds __REALTIME_TIMESTAMP,
  _HOSTNAME, SYSLOG_IDENTIFIER/_COMM and MESSAGE; the same gate decides; JSON.parse runs only for records
  something reads and for anything unusual (arrays, null, escaped keys, whitespace).
- Built records own a copy of their line: a slice pinned its whole 64 KiB piece, and every piece got promoted
  to the old generation. Kept events share one copy of each ID, pod name and identifier.
- Journals (short or json) are read on two threads when there are 768 MB of them or more on disk. One that
  big is read in two parts when it is reached, the second in a worker thread; the cut is at 46.5% (this
  thread also takes in the worker's events and parses more slowly, its heap holding every event). Smaller
  ones from 32 MB up (one per node in a sos collection) are read after the other files, each cut in two from
  64 MB, this thread and the worker taking the next part from a shared counter. Parts number their lines
  from 1 and are joined in file order (events, counts, clock evidence, coverage, line numbers shifted)
  exactly as a read in one go would have left them, or read again whole when a cut falls where state carries
  over; one thread or two give the same report. The CLI starts the worker while it loads when the inputs
  hold that much journal. Below 768 MB one thread is faster: the worker's start and both threads' warm-up
  cost more than the second thread reads. Parts of shrinking size taken by whichever thread came free ended
  the threads together but were slower (every part starts cold): 1.6 GB 4.80-4.92 s against 4.28-4.40 s.
- The thread done first takes the end of the other's part when 48 MB or more of it is left (SharedReach in
  bundle/file-chunks.ts: the reader claims each 1 MiB chunk under a lock word, the limit moves down only to a
  record start past what it claimed; the piece is joined after the part it was cut from). With the fixed cut
  alone the threads of the 1.6 GB journal ended 0.4–0.8 s apart in slow spells of this machine (one vCPU
  slower than the other), and a cut at 20%, 30%, 60% or 70% now costs little more than the one at 46.5%.
- Worker events travel packed (src/events/pack.ts: numbers in a Float64Array, strings in flat arrays,
  attributes as one JSON text): the structured clone of the events took the main thread 8–14 µs an event to
  read back. They get the run's shared IDs on arrival; the worker's young generation is capped at 16 MB.
- Young-generation collections run without V8's helper tasks (\`--no-parallel-scavenge\`, set by bin/podmortem.js):
  with both CPUs reading, the helpers took ~320 ms of CPU a run from the other thread; collection CPU on the
  1.6 GB journal went from ~790 to ~390 ms (\`--trace-gc-nvp\`). Semi-spaces of 1 or 2 MB (to stay in the L2
  cache) and a smaller worker young generation changed nothing beyond the noise.
- The daemon clock is read by the second: a logrus line whose \`time="…"\` and wall clock fall in the same
  two seconds as the line before counts its zone and year votes where that one did, unless a fraction could
  tip the rounding (ClockBook.hint says when).
- Events and drafts are written out field by field: a literal that goes on after a spread (\`{ ...d, seq }\`)
  is built the slow way, ~7 µs an event.
- Archive, table and zone libraries load on first use (start 0.22 → 0.16 s, in the worker too).
- The CLI runs the program bundled by esbuild (\`dist/packed\`, made by \`npm run build\`): it loads in ~0.09 s,
  dist's ~110 modules and ~90 CommonJS files one by one in ~0.2 s. The built-in rules come parsed from the
  build (\`dist/builtin-rules.json\`) while the rule files are the ones it was made from, so yaml loads only for
  user rules; the en-US collator is made on first use and the keyword indexes are typed arrays. The first line
  of the 1.6 GB journal is read ~0.25 s after launch instead of ~0.45 s, by both threads at once.
- While the worker reads its last bytes, this thread looks at each event it read itself: the first look at
  each, seconds after it was made, took ~3 µs (34,000 events: ~100 ms), paid in the join and the clock once
  the worker was done; made while this thread would only wait, it is free.
- xz is fed 1 KiB slices while a stream is young or expands like a bomb, 8 KiB once it expands like text.
- Two or more archives on disk (a sos report per node) are an input pool (src/ingest/parallel/inputs.ts): each
  archive is read whole (decoded, untarred, sniffed, parsed) by whichever thread comes free, this one or a worker,
  as a run of its own; the runs are absorbed in input order (events, counts, clock evidence, coverage, host votes,
  the event cap), so one thread or two give the same report. One archive alone is decoded in a worker
  (src/bundle/decode-worker.ts: xz and zstd; liblzma and fzstd decode on the thread that calls them) while this
  thread untars and parses; the decoder's chunks come back in 1 MiB batches, at most 4 ahead.
- Records something reads: logrus and klog bodies are walked by hand (their regexes kept as the reference of a
  differential fuzz test), keywords are found by a Wu-Manber window (components/keywords.ts), identifiers and
  hosts by a slot hashed from their length and end characters. 163,000 such records: 3.0 → 2.0 s.
- Every speed path is checked against the plain one (test/journal/fast-path.test.ts: same report, byte for
  byte; test/fuzz/gate.fuzz.test.ts, json-quiet.fuzz.test.ts, body-parsers.fuzz.test.ts and
  keywords.fuzz.test.ts: differential properties).

## Notes

- lnav ${m.lnav ? m.lnav.replace(/^lnav /, '') : ''} recognises journalctl's plain \`short\` rendering as syslog_log (not short-precise), so the
  generator writes \`short\`; the bench fails if lnav's row count differs from podmortem's record count.
- json rows have no lnav column: lnav does not index journal JSON as syslog_log. For .tar.xz rows lnav reads the
  journals unpacked (it does not index tar members): podmortem decompresses and sniffs every member besides.
- .tar.xz: one archive is decoded in a worker while the main thread parses; several are shared out whole
  between the two threads (the input pool).
- Peak RSS grows with the events kept (about 1 KB each in the heap for ASCII lines; a few thousand sandboxes
  make tens of thousands of events) plus the collector's slack and, for split journals, the worker's heap.
- Two threads read a journal at ~710 MB/s once warm (~355 MB/s each; one thread alone reads ~440 MB/s): an
  800 MB journal took 1.55–1.76 s and the 1.6 GB one 2.44–3.05 s in alternating runs, ~0.5 s of it fixed.
- Fixed costs of a 1.6 GB journal run (marks in the code, six runs): ~0.2 s before the first line (Node
  0.06–0.10 s, loading the bundle ~0.05 s, the small files and the cut ~0.04 s; the worker is ready 0.13–0.28 s
  after launch), 0.2–0.35 s after the last (zones, years and instants 0.01–0.10 s, timeline 0.08–0.12 s, rules
  0.06–0.10 s, report and JSON write ~0.05 s), then ~0.03 s for the process to exit.
- Tried and dropped: a gate that looks for \`time=\`, \`level=\` and \`msg=\` by name (one search per key and
  chunk) instead of stepping from '=' to '=': 10% slower, a four-character search scans a line ~4 times slower
  than a one-character one; sending each distinct string of a worker batch once (it saved the main thread ~30 ms and
  cost the worker ~100 ms); 1 MiB decoded pieces (external strings: ~4x fewer scavenges but ~20 full
  collections a run, driven by the external memory, and 30% slower); V8 inlining and pool-size flags (no change
  beyond the noise); TurboFan on the reading thread (\`--no-concurrent-recompilation\`) or a single-threaded V8
  (\`--single-threaded\`): no gain. About 1.6 s of CPU goes to V8's optimizing compiler in a run (\`--trace-opt\`:
  182 compiles over both threads, 50 ms for the line cutter alone), most of it in the first second, on the same
  two CPUs as both reading threads: that is the warm-up every part pays.
- This machine's scheduler moves a lone busy thread between the two vCPUs at a cost: the floor took 3.2–3.6 s
  unpinned and 2.1–2.2 s under \`taskset -c 0\`, a plain counting loop 14.5 s against 5.2 s (5.2 s each with two
  running at once). Single-threaded runs (lnav, the floor, podmortem below 768 MB) pay it; no run is pinned.
- Timings on a shared 2-CPU machine vary by ±30% from run to run; lnav and the floor run right after
  podmortem on the same files so that each ratio compares runs made under the same load.
`;
  writeFileSync(OUT, keepProse(md));
  log(`wrote ${OUT}`);
  if (failures.length) {
    for (const f of failures) console.error(`[bench] FAIL ${f}`);
    process.exit(1);
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
