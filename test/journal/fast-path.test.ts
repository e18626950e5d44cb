// The speed paths change nothing: the journal fast path (records nothing reads are counted, not built) and the
// two-thread read of a big journal give the same report, byte for byte, as building every record in one go.

import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from '../../src/bundle/budget.js';
import { SharedReach } from '../../src/bundle/file-chunks.js';
import { cutAt, readPart, stealEnd, type PartJob } from '../../src/ingest.js';
import { FORMATS } from '../../src/formats/index.js';
import type { IngestStats } from '../../src/ingest/stats.js';
import { analyze } from '../../src/report.js';
import { RENDERERS } from '../../src/render/index.js';

const SAMPLES = path.resolve(__dirname, '../../samples');
const tmp = mkdtempSync(path.join(os.tmpdir(), 'pm-fast-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

async function report(inputs: string[], env: Record<string, string>, run = analyze, opts: Partial<Parameters<typeof analyze>[1]> = {}): Promise<string> {
  return (await reportAndStats(inputs, env, run, opts)).text;
}

/** The JSON report, and which reading paths ingest took to make it. */
async function reportAndStats(inputs: string[], env: Record<string, string>, run = analyze, opts: Partial<Parameters<typeof analyze>[1]> = {}): Promise<{ text: string; stats: IngestStats }> {
  const saved: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(env)) {
    saved[k] = process.env[k];
    process.env[k] = v;
  }
  try {
    const a = await run(inputs, { tz: null, year: null, host: null, ...opts }, 'test');
    return { text: RENDERERS.json.render(a, { maxEvidence: 20, color: false, width: 160 }), stats: a.ingest! };
  } finally {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

/** A generated node bundle (bench/gen.mjs) with the lines the fast path must hand back to the slow one. */
async function bundle(): Promise<string> {
  // @ts-expect-error plain ESM module without types
  const { writeNode } = (await import('../../bench/gen.mjs')) as { writeNode: (o: object) => { root: string; journal: string } };
  const n = writeNode({ dir: path.join(tmp, 'gen'), host: 'node-x', seed: 3, bytes: 3 * 1024 * 1024, rendering: 'short' });
  const odd = [
    // continuation lines after a record nothing reads, and after one a component reads
    'Sep 10 08:00:00 node-x bash[4242]: quiet first line',
    '                                  continued "SyncLoop ADD" nothing',
    'Sep 10 08:00:00 node-x systemd[1]: Stopping Docker Application Container Engine...',
    // klog multi-line value (stitched), CR inside and at the end, LS, time= twice, runtime=, escaped klog message
    'Sep 10 08:00:01 node-x kubelet[1789]: I0910 08:00:01.000001    1789 kubelet.go:1] "Probe failed" output=<',
    'Sep 10 08:00:01 node-x kubelet[1789]: \tHTTP 503',
    'Sep 10 08:00:01 node-x kubelet[1789]:  >',
    'Sep 10 08:00:02 node-x dockerd[1046]: time="2024-09-10T08:00:02.1+08:00" level=info msg="x\rthen" time="2024-09-10T08:00:03+08:00"',
    'Sep 10 08:00:02 node-x dockerd[1046]: time="2024-09-10T08:00:02.2+08:00" level=info msg="carriage return"\r',
    'Sep 10 08:00:02 node-x dockerd[1046]: time="2024-09-10T08:00:02.3+08:00" level=info msg="line\u2028separator"',
    'Sep 10 08:00:03 node-x containerd[633]: time="2024-09-10T08:00:03.123456789+08:00" level=info msg="starting signal loop" runtime=io.containerd.runc.v2',
    'Sep 10 08:00:03 node-x containerd[633]: xtime="2024-09-10T08:00:03+08:00" level=info msg="prefixed key"',
    'Sep 10 08:00:03 node-x containerd[633]: time="2024-09-10T08:00:03Z" msg="no level"',
    'Sep 10 08:00:03 node-x containerd[633]: time="2024-02-30T08:00:03+08:00" level=info msg="impossible date"',
    'Sep 10 08:00:04 node-x kubelet[1789]: I0910 08:00:04.000001    1789 kubelet.go:2] "SyncLoop\\ ADD" source="api" pods=["a/b"]',
    'Sep 10 08:00:04 node-x kubelet[1789]: I0910 08:00:04.000002    1789 kubelet.go:2] SyncLoop (ADD, "api"): "old-style"',
    'Sep 10 08:00:04 node-x kubelet[1789]: I0910 08:00:04.000003    1789 kubelet.go:2] "\\x53yncLoop DELETE" source="api" pods=["a/b"]',
    'Sep 10 08:00:04 node-x kubelet[1789]: I0910 08:00:04.000004    1789 kubelet.go:2] "\\u0053yncLoop ADD" source="api" pods=["a/c"]',
    'Sep 10 08:00:04 node-x kubelet[1789]: I0910 08:00:04.000005    1789 kubelet.go:2] "SyncLoop A\\x44D" source="api" pods=["a/d"]',
    'Sep 10 08:00:05 node-x uninstall-docker[27310]: uninstall-docker: stopping docker before package removal',
    'Sep 10 08:00:05 node-x systemd[1]: docker.service: Deactivated successfully.',
    'Sep 10 08:00:05 node-x systemd[1]: run-docker.mount: Deactivated successfully.',
    'Sep  9 08:00:06 node-x host with space[12]: odd identifier',
    'Sep 10 08:00:06 node-x kernel: no pid here',
    'Sep 10 08:00:06 node-x empty[1]:',
    'Sep 10 08:00:06.123 node-x precise[2]: short-precise stamp',
    'Sep 31 08:00:06 node-x bad[3]: impossible day',
    '-- Boot 0123456789abcdef --',
    'garbage line',
    '',
    'Jan  1 00:00:01 node-x kubelet[1789]: I0101 00:00:01.000001    1789 kubelet.go:3] "SyncLoop REMOVE" source="api" pods=["a/b"]',
    'Jan  1 00:00:02 node-x dockerd[1046]: time="2025-01-01T00:00:02.5+08:00" level=info msg="after new year"',
  ];
  const j = path.join(path.dirname(n.journal), 'journalctl_--no-pager_odd');
  writeFileSync(j, odd.join('\n') + '\n');
  return n.root;
}

describe('journal fast path', () => {
  const dirs = ['hostport-stale-dnat', 'dev-bundles/sos-short-precise-zh-deploy', 'dev-bundles/setup-failed-short-iso', 'dev-bundles/json-clean-control', 'dev-bundles/targz-orphan-lease-cache'];
  for (const d of dirs)
    it(`${d}: the same report with and without it`, async () => {
      const input = path.join(SAMPLES, d);
      expect(await report([input], { PODMORTEM_QUIET: '1' })).toBe(await report([input], { PODMORTEM_QUIET: '0' }));
    });

  it('a generated node bundle with odd lines: the same report with and without it', async () => {
    const root = await bundle();
    const fast = await report([root], { PODMORTEM_QUIET: '1' });
    expect(fast).toBe(await report([root], { PODMORTEM_QUIET: '0' }));
    expect(JSON.parse(fast).findings.length).toBeGreaterThan(0);
  }, 60_000);

  it('daemon clocks read by the second: a fraction that tips the zone rounding is read, not taken from the line before', async () => {
    // 08:07:30 on the wall against the daemon's 08:00:00.x+08:00 is 8 h 7.5 min: .0 rounds to +08:15, .5 and .6
    // to +08:00. Taking the second line's reading from the first would make +08:15 the file's zone.
    const dir = path.join(tmp, 'quarter', 'sosreport-node-q');
    mkdirSync(path.join(dir, 'sos_commands', 'logs'), { recursive: true });
    const lines = ['.000000000', '.500000000', '.600000000'].map((f) => `Sep 10 08:07:30 node-q dockerd[1046]: time="2024-09-10T08:00:00${f}+08:00" level=info msg="Handler for GET /v1.43/version"`);
    writeFileSync(path.join(dir, 'sos_commands', 'logs', 'journalctl_--no-pager'), lines.join('\n') + '\n');
    const fast = await report([dir], { PODMORTEM_QUIET: '1' });
    expect(fast).toBe(await report([dir], { PODMORTEM_QUIET: '0' }));
    // Two of three lines say +08:00, the zone the daemons print: no other zone for the file.
    expect(fast).toContain('"value": "+08:00"');
    expect(fast).not.toContain('clock zone of');
  });

  it('a journal read in two threads gives the report of one read in one go (built dist)', async () => {
    const input = await bundle();
    // @ts-expect-error the built module (the worker runs dist/ingest/parallel/worker.js)
    const dist = (await import('../../dist/report.js')) as { analyze: typeof analyze };
    const { text: one, stats: oneStats } = await reportAndStats([input], { PODMORTEM_THREADS: '1' }, dist.analyze);
    const { text: two, stats } = await reportAndStats([input], { PODMORTEM_THREADS: '2', PODMORTEM_SPLIT_MIN: '100000', PODMORTEM_MAIN_PARTS: '1' }, dist.analyze);
    expect(two).toBe(one);
    // The path named: the journal cut in two, one part read in the worker, the parts joined (not read again whole).
    expect(oneStats).toMatchObject({ workers: 0, partsRead: { worker: 0 }, partsJoined: 0 });
    expect(stats).toMatchObject({ workers: 1, partsRead: { main: 1, worker: 1 }, partsJoined: 2, rereadWhole: 0 });
    // The worker's events in batches of 7 (a real run sends thousands at once): the same report.
    expect(await report([input], { PODMORTEM_THREADS: '2', PODMORTEM_SPLIT_MIN: '100000', PODMORTEM_EVENT_BATCH: '7' }, dist.analyze)).toBe(one);
    expect(two).toBe(await report([input], { PODMORTEM_QUIET: '0', PODMORTEM_THREADS: '1' }));
  }, 60_000);

  it('a journal read in two threads numbers the second part as the whole file: events, samples, notes, clock evidence', async () => {
    // The part after the cut is read from its own line 1 and numbered when the parts are joined.
    const dir = path.join(tmp, 'lines', 'sosreport-node-s');
    mkdirSync(path.join(dir, 'sos_commands', 'logs'), { recursive: true });
    writeFileSync(path.join(dir, 'hostname'), 'node-s\n');
    const filler = (i: number): string => `Sep 10 08:00:${String(i % 60).padStart(2, '0')} node-s kernel: cni0: port ${i} entered forwarding state`;
    const long = `Sep 10 08:00:09 node-s kernel: ${'x'.repeat(600)}`;
    const lines = [filler(0), long, ...Array.from({ length: 3000 }, (_, i) => filler(i + 1))];
    const late = lines.length + 1;
    lines.push(
      'garbage line in the second part',
      long,
      'Sep 10 08:00:11 node-s dockerd[1046]: time="2024-09-10T08:00:11.500000000+08:00" level=info msg="Daemon has completed initialization"',
      'Sep 10 08:00:12 node-s containerd[633]: time="2024-09-10T08:00:12.000000000+08:00" level=info msg="shim disconnected" id=2b4b0b4e9b7a6f5a4c3d2e1f0a9b8c7d6e5f4a3b2c1d0e9f8a7b6c5d4e3f2a1b namespace=moby',
      ...Array.from({ length: 1000 }, (_, i) => filler(i)),
    );
    writeFileSync(path.join(dir, 'sos_commands', 'logs', 'journalctl_--no-pager'), lines.join('\n') + '\n');
    // @ts-expect-error the built module (the worker runs dist/ingest/parallel/worker.js)
    const dist = (await import('../../dist/report.js')) as { analyze: typeof analyze };
    const opts = { bundle: { limits: { ...DEFAULT_LIMITS, lineBytes: 400 } } };
    const one = await report([dir], { PODMORTEM_THREADS: '1' }, dist.analyze, opts);
    const two = await reportAndStats([dir], { PODMORTEM_THREADS: '2', PODMORTEM_SPLIT_MIN: '100000', PODMORTEM_MAIN_PARTS: '1' }, dist.analyze, opts);
    expect(two.text).toBe(one);
    // Numbered by the join (shiftPart), not by a second read of the whole file.
    expect(two.stats).toMatchObject({ partsRead: { worker: 1 }, partsJoined: 2, rereadWhole: 0 });
    const r = JSON.parse(one) as { inputs: { notes: string[]; unparsedSamples: { line: number }[] }[]; assumptions: { basis: string }[] };
    const journal = r.inputs.find((i) => i.unparsedSamples.length > 0)!;
    expect(journal.unparsedSamples.map((u) => u.line)).toEqual([2, late, late + 1]);
    expect(journal.notes.filter((n) => n.includes('first at line'))).toEqual([expect.stringContaining('(first at line 2)')]);
    expect(r.assumptions.map((a) => a.basis).join('\n')).toContain(`journalctl_--no-pager:${late + 2}`);
  }, 60_000);

  it('the CLI starts the second thread while it loads: same report, and a run that never splits still exits', async () => {
    const input = await bundle();
    const bin = path.resolve(__dirname, '../../bin/podmortem.js');
    const cli = (env: Record<string, string>, args: string[]) => spawnSync(process.execPath, [bin, 'analyze', ...args, '--format', 'json'], { encoding: 'utf8', timeout: 60_000, env: { ...process.env, TZ: 'UTC', ...env } });
    const one = cli({ PODMORTEM_THREADS: '1' }, [input]);
    expect(one.status).toBe(0);
    const two = cli({ PODMORTEM_SPLIT_MIN: '100000' }, [input]);
    expect(two.stdout).toBe(one.stdout);
    // The iptables dump is big enough to start the worker early and is no journal: nothing takes the worker.
    const dir = path.join(tmp, 'never', 'sosreport-node-n');
    mkdirSync(path.join(dir, 'sos_commands', 'firewall_tables'), { recursive: true });
    writeFileSync(path.join(dir, 'sos_commands', 'firewall_tables', 'iptables-save'), `# Generated by iptables-save v1.8.9 on Tue Sep 10 08:00:00 2024\n*nat\n:PREROUTING ACCEPT [0:0]\n${'# padding\n'.repeat(20_000)}COMMIT\n`);
    const idle = cli({ PODMORTEM_SPLIT_MIN: '100000' }, [dir]);
    expect(idle.error).toBeUndefined();
    expect(idle.status).toBe(0);
    expect(idle.stdout).toBe(cli({ PODMORTEM_THREADS: '1' }, [dir]).stdout);
  }, 120_000);

  it("several nodes' journals are read on two threads, the bigger ones cut in two, and give the report of one thread (built dist)", async () => {
    // @ts-expect-error plain ESM module without types
    const { writeNode } = (await import('../../bench/gen.mjs')) as { writeNode: (o: object) => { root: string } };
    const dir = path.join(tmp, 'apart');
    const roots = ['node-p', 'node-q', 'node-r'].map((host, i) => writeNode({ dir, host, seed: 11 + i, bytes: (1 + i) * 1024 * 1024, rendering: 'short' }).root);
    // @ts-expect-error the built module (the worker runs dist/ingest/parallel/worker.js)
    const dist = (await import('../../dist/report.js')) as { analyze: typeof analyze };
    // 600 KB: every journal (1, 2 and 3 MB) is put off, and read on two threads, the two from 1.2 MB cut in two.
    const apart = { PODMORTEM_APART_MIN: '600000', PODMORTEM_CUT_MIN: '1200000', PODMORTEM_SPLIT_MIN: '4000000' };
    const single = await reportAndStats([dir], { ...apart, PODMORTEM_THREADS: '1' }, dist.analyze);
    const one = single.text;
    // One thread: each journal whole (cut only for two threads), no worker.
    expect(single.stats).toMatchObject({ workers: 0, partsRead: { main: 3, worker: 0 }, partsJoined: 0, rereadWhole: 0 });
    const two = await reportAndStats([dir], { ...apart, PODMORTEM_THREADS: '2' }, dist.analyze);
    expect(two.text).toBe(one);
    expect(two.stats.workers).toBe(1);
    // Five parts (the 1 MB journal whole, the others cut in two; more when a thread took the end of one), the
    // cut ones joined, none read again.
    expect(two.stats.partsRead.main + two.stats.partsRead.worker).toBe(5 + two.stats.steals);
    expect(two.stats.partsJoined).toBeGreaterThanOrEqual(4);
    expect(two.stats.rereadWhole).toBe(0);
    // The worker given all parts but at most one of this thread's: it read them, and they were joined.
    const shared = await reportAndStats([dir], { ...apart, PODMORTEM_THREADS: '2', PODMORTEM_MAIN_PARTS: '1' }, dist.analyze);
    expect(shared.text).toBe(one);
    // The worker is handed the parts while discovery goes on: it may have taken all five by the time this thread looks.
    expect(shared.stats).toMatchObject({ workers: 1, partsJoined: 4, rereadWhole: 0 });
    expect(shared.stats.partsRead.main).toBeLessThanOrEqual(1);
    expect(shared.stats.partsRead.main + shared.stats.partsRead.worker).toBe(5);
    // Under SPLIT_MIN in all: still two threads, the worker handed each journal's parts as discovery finds it.
    // (This thread takes one part at most: on test-sized files it would otherwise read all before the worker loads.)
    const under = await reportAndStats([dir], { ...apart, PODMORTEM_SPLIT_MIN: '7000000', PODMORTEM_THREADS: '2', PODMORTEM_MAIN_PARTS: '1' }, dist.analyze);
    expect(under.text).toBe(one);
    expect(under.stats).toMatchObject({ workers: 1, handedEarly: 5, rereadWhole: 0 });
    expect(under.stats.partsRead.worker).toBeGreaterThanOrEqual(4);
    expect(single.stats.handedEarly).toBe(0);
    expect(await report([dir], { ...apart, PODMORTEM_THREADS: '2', PODMORTEM_EVENT_BATCH: '7' }, dist.analyze)).toBe(one);
    // Whichever thread is done first takes the end of a part the other is reading.
    const stealing = await reportAndStats([dir], { ...apart, PODMORTEM_THREADS: '2', PODMORTEM_STEAL_MIN: '1' }, dist.analyze);
    expect(stealing.text).toBe(one);
    expect(stealing.stats.partsRead.main + stealing.stats.partsRead.worker).toBe(5 + stealing.stats.steals);
    // A lone journal put off and under CUT_MIN stays whole on this thread: no worker (see CUT_MIN).
    const lone = await reportAndStats([roots[0]!], { PODMORTEM_APART_MIN: '600000', PODMORTEM_THREADS: '2' }, dist.analyze);
    expect(lone.stats).toMatchObject({ workers: 0, handedEarly: 0, partsRead: { main: 1, worker: 0 } });
    expect(lone.text).toBe((await reportAndStats([roots[0]!], { PODMORTEM_THREADS: '1' }, dist.analyze)).text);
    // Each node's evidence is its own: put off or not, the same report.
    expect(await report([dir], { PODMORTEM_APART_MIN: '100000000', PODMORTEM_SPLIT_MIN: '100000000', PODMORTEM_THREADS: '1' }, dist.analyze)).toBe(one);
    expect(JSON.parse(one).findings.length).toBeGreaterThan(0);
    // Under the event cap the journals are put off on one thread as on two: the same events are kept.
    const capped = { bundle: { limits: { ...DEFAULT_LIMITS, events: 3000 } } };
    const oneCapped = await report([dir], { ...apart, PODMORTEM_THREADS: '1' }, dist.analyze, capped);
    expect(oneCapped).toContain('--max-events');
    expect(await report([dir], { ...apart, PODMORTEM_THREADS: '2' }, dist.analyze, capped)).toBe(oneCapped);
  }, 120_000);

  it("the end of the worker's part is cut off at a record start past what it claimed, and the pieces read as the whole", async () => {
    // @ts-expect-error plain ESM module without types
    const { writeNode } = (await import('../../bench/gen.mjs')) as { writeNode: (o: object) => { root: string } };
    const n = writeNode({ dir: path.join(tmp, 'steal'), host: 'node-t', seed: 9, bytes: 6 * 1024 * 1024, rendering: 'short' });
    const abs = path.join(n.root, 'sos_commands', 'logs', 'journalctl_--no-pager');
    const text = readFileSync(abs, 'latin1');
    const size = text.length;
    const short = FORMATS.find((f) => f.id === 'journal-short')!;
    const first = (await cutAt(abs, size, short, 0.1))!;
    const whole: PartJob = { abs, start: 0, end: size, path: 'j', root: n.root, mtimeUs: null, format: 'journal-short' };
    const jobs: PartJob[] = [{ ...whole, end: first }, { ...whole, start: first }];
    const reach = SharedReach.make(first, size);
    // The worker has claimed its first MiB.
    expect(reach.claim(first, 1 << 20)).toBe(1 << 20);
    const ofFile = [[0, 1]];
    process.env.PODMORTEM_STEAL_MIN = String(1 << 30);
    expect(await stealEnd(jobs, [null, reach], ofFile)).toBeNull();
    process.env.PODMORTEM_STEAL_MIN = '1';
    try {
      expect(await stealEnd(jobs, [null, reach], ofFile)).toBe(2);
    } finally {
      delete process.env.PODMORTEM_STEAL_MIN;
    }
    const cut = jobs[2]!.start;
    expect(jobs[2]!.end).toBe(size);
    expect(reach.get()).toEqual({ reach: first + (1 << 20), limit: cut });
    expect(cut).toBeGreaterThan(first + (1 << 20));
    expect(text[cut - 1]).toBe('\n');
    expect(text.slice(cut, cut + 16)).toMatch(/^Sep \d\d \d\d:\d\d:\d\d $/);
    expect(ofFile).toEqual([[0, 1, 2]]);
    // The part cut short stops at the cut: its pieces hold the lines, records and events of the file read whole.
    const parts = [await readPart(jobs[0]!), await readPart({ ...jobs[1]!, reach: reach.buffer }), await readPart(jobs[2]!)];
    const all = await readPart(whole);
    const sum = (k: 'lines' | 'records' | 'events') => parts.reduce((s, p) => s + p.stat[k], 0);
    expect([sum('lines'), sum('records'), sum('events')]).toEqual([all.stat.lines, all.stat.records, all.stat.events]);
    expect(parts[1]!.stat.lines).toBe(text.slice(first, cut).split('\n').length - 1);
  }, 60_000);

  it('a journal whose parts cannot be joined (the year rolls over in the first) is read again whole: the report of one thread', async () => {
    // Split at 46.5%: the first part holds December and January, so the second cannot know its year; the file
    // is read again from its first byte to its last (not to the end of the first part).
    const dir = path.join(tmp, 'rollover', 'sosreport-node-y');
    mkdirSync(path.join(dir, 'sos_commands', 'logs'), { recursive: true });
    const line = (month: string, i: number) =>
      `${month}${String(Math.floor(i / 60) % 60).padStart(2, '0')}:${String(i % 60).padStart(2, '0')} node-y dockerd[1046]: time="2024-12-31T23:59:00.${String(i).padStart(6, '0')}+08:00" level=info msg="Daemon has completed initialization"`;
    const lines = [...Array.from({ length: 400 }, (_, i) => line('Dec 31 23:', i)), ...Array.from({ length: 600 }, (_, i) => line('Jan  1 00:', i))];
    writeFileSync(path.join(dir, 'sos_commands', 'logs', 'journalctl_--no-pager'), lines.join('\n') + '\n');
    // @ts-expect-error the built module (the worker runs dist/ingest/parallel/worker.js)
    const dist = (await import('../../dist/report.js')) as { analyze: typeof analyze };
    const one = await report([dir], { PODMORTEM_THREADS: '1' }, dist.analyze);
    const two = await reportAndStats([dir], { PODMORTEM_THREADS: '2', PODMORTEM_SPLIT_MIN: '1000', PODMORTEM_MAIN_PARTS: '1' }, dist.analyze);
    expect(two.text).toBe(one);
    expect(two.stats).toMatchObject({ partsRead: { main: 1, worker: 1 }, partsJoined: 0, rereadWhole: 1 });
    expect(one).toContain('"lines": 1000,');
  }, 60_000);

  it("a journal whose parts are taken in part by the other thread gives the report of one thread (CLI)", async () => {
    // @ts-expect-error plain ESM module without types
    const { writeNode } = (await import('../../bench/gen.mjs')) as { writeNode: (o: object) => { root: string } };
    const n = writeNode({ dir: path.join(tmp, 'steal-cli'), host: 'node-u', seed: 4, bytes: 8 * 1024 * 1024, rendering: 'short' });
    const bin = path.resolve(__dirname, '../../bin/podmortem.js');
    const cli = (env: Record<string, string>) => spawnSync(process.execPath, [bin, 'analyze', n.root, '--format', 'json'], { encoding: 'utf8', timeout: 60_000, env: { ...process.env, TZ: 'UTC', ...env } });
    const one = cli({ PODMORTEM_THREADS: '1' });
    expect(one.status).toBe(0);
    // This thread's part is 2% of the file: the worker (started early) has most of its part left when this one is done.
    expect(cli({ PODMORTEM_SPLIT_MIN: '100000', PODMORTEM_SPLIT_AT: '0.02', PODMORTEM_STEAL_MIN: '1' }).stdout).toBe(one.stdout);
    expect(cli({ PODMORTEM_SPLIT_MIN: '100000', PODMORTEM_SPLIT_AT: '0.02', PODMORTEM_STEAL_MIN: '1', PODMORTEM_EVENT_BATCH: '7' }).stdout).toBe(one.stdout);
    // The other way round: the worker's part is 2%, it takes the end of this thread's part.
    expect(cli({ PODMORTEM_SPLIT_MIN: '100000', PODMORTEM_SPLIT_AT: '0.98', PODMORTEM_STEAL_MIN: '1' }).stdout).toBe(one.stdout);
    expect(cli({ PODMORTEM_SPLIT_MIN: '100000', PODMORTEM_SPLIT_AT: '0.98', PODMORTEM_STEAL_MIN: '1', PODMORTEM_EVENT_BATCH: '7' }).stdout).toBe(one.stdout);
    expect(JSON.parse(one.stdout).findings.length).toBeGreaterThan(0);
  }, 120_000);

  it('a thread done with its part takes the end of the other thread\'s part, and the pieces join (built dist)', async () => {
    // @ts-expect-error plain ESM module without types
    const { writeNode } = (await import('../../bench/gen.mjs')) as { writeNode: (o: object) => { root: string } };
    const n = writeNode({ dir: path.join(tmp, 'steal-run'), host: 'node-v', seed: 6, bytes: 8 * 1024 * 1024, rendering: 'short' });
    // @ts-expect-error the built module (the worker runs dist/ingest/parallel/worker.js)
    const dist = (await import('../../dist/report.js')) as { analyze: typeof analyze };
    const one = await report([n.root], { PODMORTEM_THREADS: '1' }, dist.analyze);
    // This thread's part is 2% of the file (one read of 160 KB): it is done while the worker, which has yet to load
    // its modules, has megabytes of its part left, and takes their end.
    const two = await reportAndStats([n.root], { PODMORTEM_THREADS: '2', PODMORTEM_SPLIT_MIN: '100000', PODMORTEM_SPLIT_AT: '0.02', PODMORTEM_STEAL_MIN: '1', PODMORTEM_MAIN_PARTS: '1' }, dist.analyze);
    expect(two.text).toBe(one);
    expect(two.stats.steals).toBeGreaterThan(0);
    expect(two.stats).toMatchObject({ partsJoined: 2 + two.stats.steals, rereadWhole: 0 });
  }, 60_000);

  it('a shared reach gives a reader only what is before its limit, and the limit moves only past what was claimed', () => {
    const r = SharedReach.make(100, 1000);
    expect(r.claim(100, 300)).toBe(300);
    expect(r.get()).toEqual({ reach: 400, limit: 1000 });
    // Not before what the reader claimed, nor at or past the limit.
    expect(r.cutAt(399)).toBe(false);
    expect(r.cutAt(1000)).toBe(false);
    expect(r.cutAt(700)).toBe(true);
    expect(r.claim(400, 500)).toBe(300);
    expect(r.claim(700, 500)).toBe(0);
    // The same cells seen from another view of the buffer (as the worker sees them).
    expect(new SharedReach(r.buffer).get()).toEqual({ reach: 700, limit: 700 });
  });

  it('a journal is cut at the start of the first record line past the share, never on a continuation', async () => {
    const lines: string[] = [];
    for (let i = 0; lines.length < 40_000; i++) {
      lines.push(`Sep 10 08:${String(Math.floor(i / 60) % 60).padStart(2, '0')}:${String(i % 60).padStart(2, '0')} node-c kubelet[1789]: I0910 08:00:00.000000    1789 x.go:1] "line ${i}"`);
      // Continuation lines, most of them long: the search for a record line passes over them.
      if (i % 7 === 0) lines.push(' '.repeat(40) + 'continued '.repeat(i % 2 === 0 ? 30 : 1));
    }
    const file = path.join(tmp, 'cuts.log');
    const text = lines.join('\n') + '\n';
    writeFileSync(file, text);
    const size = Buffer.byteLength(text);
    const short = FORMATS.find((f) => f.id === 'journal-short')!;
    for (const share of [0.25, 0.465, 0.47]) {
      const c = (await cutAt(file, size, short, share))!;
      expect(c).toBeGreaterThanOrEqual(Math.floor(size * share));
      expect(text[c - 1]).toBe('\n');
      expect(text.slice(c, c + 16)).toMatch(/^Sep 10 08:\d\d:\d\d $/);
      // The first such line: none starts between the share and the cut.
      expect(text.slice(Math.floor(size * share), c - 1)).not.toMatch(/\nSep 10/);
    }
    // A share past the last record line gives no cut.
    expect(await cutAt(file, size, short, 0.9999999)).toBeNull();
  });

  it('a json journal read in two threads gives the report of one read in one go (built dist)', async () => {
    // @ts-expect-error plain ESM module without types
    const { writeNode } = (await import('../../bench/gen.mjs')) as { writeNode: (o: object) => { root: string } };
    const n = writeNode({ dir: path.join(tmp, 'json'), host: 'node-j', seed: 5, bytes: 2 * 1024 * 1024, rendering: 'json' });
    // @ts-expect-error the built module (the worker runs dist/ingest/parallel/worker.js)
    const dist = (await import('../../dist/report.js')) as { analyze: typeof analyze };
    const one = await report([n.root], { PODMORTEM_THREADS: '1' }, dist.analyze);
    const two = await reportAndStats([n.root], { PODMORTEM_THREADS: '2', PODMORTEM_SPLIT_MIN: '100000', PODMORTEM_MAIN_PARTS: '1' }, dist.analyze);
    expect(two.text).toBe(one);
    expect(two.stats).toMatchObject({ partsRead: { main: 1, worker: 1 }, partsJoined: 2, rereadWhole: 0 });
    expect(await report([n.root], { PODMORTEM_THREADS: '2', PODMORTEM_SPLIT_MIN: '100000', PODMORTEM_EVENT_BATCH: '7' }, dist.analyze)).toBe(one);
    expect(JSON.parse(one).findings.length).toBeGreaterThan(0);
  }, 60_000);
});
