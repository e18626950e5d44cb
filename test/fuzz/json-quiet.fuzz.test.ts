// Differential fuzz of the journal JSON fast path (src/formats/journal-json.ts, quiet()): a one-line object read by
// positions instead of JSON.parse must give exactly what JSON.parse and the built record give. Journals of
// `journalctl -o json` objects around real component messages from samples/ (logrus lines with time=, klog,
// systemd jobs, noise), mutated the ways broken or hostile exports are: keys shuffled, dropped or repeated,
// values as arrays, null or byte arrays, escapes in keys and values, raw control characters, whitespace, RS and
// CR, cut objects, odd __REALTIME_TIMESTAMPs, json-pretty objects in between. Each journal is ingested with the
// fast path (PODMORTEM_QUIET=1, the default) and with every record built (PODMORTEM_QUIET=0): events, clock
// assumptions, coverage, host votes and counters must be the same.

import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { hex64, ingestedWith, params, RUNS, TIMEOUT } from './_harness.js';

const SAMPLES = path.resolve(__dirname, '../../samples');

/** Messages of the sample incident's journal and of the JSON journal fixture: real component lines. */
function realMessages(): { ident: string; msg: string }[] {
  const out = new Map<string, { ident: string; msg: string }>();
  const short = readFileSync(path.join(SAMPLES, 'hostport-stale-dnat/sos_commands/logs/journalctl_--no-pager'), 'utf8');
  for (const line of short.split('\n')) {
    const m = /^\S+\s+\d+ [\d:.]+ \S+ (.+?)(?:\[\d+\])?: (.*)$/.exec(line);
    if (m) out.set(`${m[1]}\t${m[2]}`, { ident: m[1]!, msg: m[2]! });
  }
  return [...out.values()];
}
const REAL = realMessages();

type Value = string | null | (string | null)[] | number[] | number;
type Pair = [string, Value];

const hostName = fc.constantFrom('centos79', 'node-a', '', 'n\u00f6de', 'host with space');
const ident = fc.constantFrom('containerd', 'dockerd', 'kubelet', 'cri-dockerd', 'systemd', 'uninstall-docker', '', 'kernel');
const realtime: fc.Arbitrary<Value> = fc.oneof(
  { weight: 12, arbitrary: fc.integer({ min: 1_600_000_000_000_000, max: 1_800_000_000_000_000 }).map(String) },
  { weight: 1, arbitrary: fc.constantFrom('', '12a', '+1726285182012004', '99999999999999999', '9007199254740993', '0', '0001726285182012004') },
  { weight: 1, arbitrary: fc.constantFrom<Value>(1726285182012004, null, ['1726285182012004', '1726285182012005']) },
);
const text = fc.oneof(
  { weight: 8, arbitrary: fc.constantFrom(...REAL.map((r) => r.msg)) },
  { weight: 1, arbitrary: fc.string({ maxLength: 40 }) },
  { weight: 1, arbitrary: fc.constantFrom('tab\there', 'nl\nhere', 'quote " and \\ back', 'é ü 中文', '\u2028ls', 'a\u0000b', 'time="2024-09-14T11:39:35+08:00" level=info msg="x"', 'I0914 11:39:02.118431    1789 kubelet.go:2430] "SyncLoop DELETE" source="api" pods=["default/hostport-app-0"]') },
);
const message: fc.Arbitrary<Value> = fc.oneof(
  { weight: 10, arbitrary: text },
  { weight: 1, arbitrary: fc.constantFrom<Value>(null, [], [72, 105], [255, 254]) },
  { weight: 1, arbitrary: fc.array(fc.oneof(text, fc.constant(null)), { minLength: 1, maxLength: 3 }) },
);

/** One journal entry's fields, in journalctl's (random) key order, some of them missing or repeated. */
const entry = fc
  .record({
    rt: realtime,
    host: hostName,
    ident,
    comm: fc.option(ident, { nil: undefined }),
    msg: message,
    // Built records take their PID from positions too (recordAt): _PID, else SYSLOG_PID, each only when 1-10 digits.
    pid: fc.oneof({ weight: 8, arbitrary: fc.integer({ min: 1, max: 99999 }).map(String) }, { weight: 1, arbitrary: fc.constantFrom('', '12a', '12345678901', '0042', '-1', '1234567890') }),
    syslogPid: fc.option(fc.constantFrom('1789', '', 'x', '0042', '12345678901'), { nil: undefined }),
    drop: fc.subarray(['__REALTIME_TIMESTAMP', '_HOSTNAME', 'SYSLOG_IDENTIFIER', 'MESSAGE', '_COMM', '_PID'], { maxLength: 2 }),
    again: fc.option(fc.tuple(fc.constantFrom('__REALTIME_TIMESTAMP', '_HOSTNAME', 'SYSLOG_IDENTIFIER', 'MESSAGE', '_COMM', '_PID', 'SYSLOG_PID'), fc.oneof(text, message)), { nil: undefined }),
    order: fc.array(fc.nat(), { minLength: 8, maxLength: 8 }),
    id: hex64,
  })
  .map((e) => {
    let pairs: Pair[] = [
      ['__CURSOR', `s=${e.id.slice(0, 32)};i=1`],
      ['__REALTIME_TIMESTAMP', e.rt],
      ['__MONOTONIC_TIMESTAMP', '1049228594803'],
      ['_BOOT_ID', e.id.slice(32)],
      ['_HOSTNAME', e.host],
      ['SYSLOG_IDENTIFIER', e.ident],
      ['_PID', e.pid],
      ['MESSAGE', e.msg],
    ];
    if (e.comm !== undefined) pairs.push(['_COMM', e.comm]);
    if (e.syslogPid !== undefined) pairs.push(['SYSLOG_PID', e.syslogPid]);
    pairs = pairs.filter(([k]) => !e.drop.includes(k));
    // journalctl prints the fields in no fixed order
    pairs = pairs.map((p, i) => [e.order[i % e.order.length]! * 16 + i, p] as const).sort((a, b) => a[0] - b[0]).map(([, p]) => p);
    if (e.again) pairs.splice(e.order[0]! % (pairs.length + 1), 0, e.again as Pair);
    return pairs;
  });

const compact = (pairs: Pair[]): string => '{' + pairs.map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v)}`).join(',') + '}';

/** A line as an export holds it: compact JSON, sometimes broken or dressed the ways real and hostile files are. */
const jsonLine = fc
  .tuple(entry, fc.nat({ max: 40 }), fc.nat())
  .map(([pairs, how, at]) => {
    const line = compact(pairs);
    switch (how) {
      case 0:
        return line.replace('"MESSAGE"', '"\\u004dESSAGE"'); // an escaped key JSON.parse still reads as MESSAGE
      case 1:
        return line.replace('"_HOSTNAME":"', '"_HOSTNAME":"\t'); // a raw control character: not JSON
      case 2:
        return line.replace(/,"/, ', "'); // whitespace between members
      case 3:
        return '\u001e' + line; // json-seq
      case 4:
        return line + '\r';
      case 5:
        return line.slice(0, at % line.length); // cut
      case 6:
        return line.replace(/":"/, '" : "');
      case 7:
        return line.replace(/\\"/, '\\x'); // a bad escape
      case 8:
        return line.replace('}', ',"__proto__":"x"}');
      case 9:
        return line.replace(/"$/, '\\u12"');
      default:
        return line;
    }
  });

const pretty = entry.map((pairs) => ['{', ...pairs.map(([k, v], i) => `\t${JSON.stringify(k)} : ${JSON.stringify(v)}${i < pairs.length - 1 ? ',' : ''}`), '}'].join('\n'));

const journal = fc.array(
  fc.oneof({ weight: 30, arbitrary: jsonLine }, { weight: 1, arbitrary: pretty }, { weight: 1, arbitrary: fc.constantFrom('-- Boot 0123456789abcdef0123456789abcdef --', '') }),
  { minLength: 1, maxLength: 40, size: 'medium' },
);

/** The first line: a plain journal object, so the file is sniffed as journal JSON. */
const HEAD = compact([
  ['__CURSOR', 's=0;i=0'],
  ['__REALTIME_TIMESTAMP', '1726285100000000'],
  ['_HOSTNAME', 'centos79'],
  ['SYSLOG_IDENTIFIER', 'kernel'],
  ['MESSAGE', 'Linux version 3.10.0'],
]);

const tmp = mkdtempSync(path.join(os.tmpdir(), 'pm-json-quiet-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

let n = 0;
async function same(lines: string[]): Promise<{ records: number; events: number }> {
  const dir = path.join(tmp, `n${n++}`);
  mkdirSync(dir);
  writeFileSync(path.join(dir, 'journalctl_--no-pager_-o_json'), [HEAD, ...lines].join('\n') + '\n');
  const fast = await ingestedWith(dir, '1');
  const slow = await ingestedWith(dir, '0');
  rmSync(dir, { recursive: true, force: true });
  expect(fast).toBe(slow);
  const parsed = JSON.parse(slow) as { inputs: { format: string | null; records: number }[]; events: unknown[] };
  expect(parsed.inputs.map((i) => i.format)).toEqual(['journal-json']);
  return { records: parsed.inputs[0]!.records, events: parsed.events.length };
}

describe('journal JSON fast path (differential)', () => {
  it('one-line objects read by positions give what JSON.parse gives: same events, clock, coverage and counts', async () => {
    let records = 0;
    let events = 0;
    await fc.assert(
      fc.asyncProperty(journal, async (lines) => {
        const r = await same(lines);
        records += r.records;
        events += r.events;
      }),
      params(),
    );
    // Both sides exercised: records read, and component events among them.
    expect(records).toBeGreaterThan(RUNS * 5);
    expect(events).toBeGreaterThan(RUNS / 10);
  }, TIMEOUT);

  it('regression cases: escaped key, control character, repeated keys, equal lines', async () => {
    const shim = compact([
      ['__REALTIME_TIMESTAMP', '1726285175420553'],
      ['_HOSTNAME', 'centos79'],
      ['SYSLOG_IDENTIFIER', 'containerd'],
      ['MESSAGE', 'time="2024-09-14T11:39:35.420553300+08:00" level=info msg="shim disconnected" id=fb7cdb0a4f8da673da0a9818ec9a1576f953a8e8decf87a081827c11e4aa7138 namespace=moby'],
    ]);
    const noise = compact([
      ['__REALTIME_TIMESTAMP', '1726285175420600'],
      ['_HOSTNAME', 'centos79'],
      ['SYSLOG_IDENTIFIER', 'dockerd'],
      ['MESSAGE', 'time="2024-09-14T11:39:35.420600000+08:00" level=debug msg="Calling GET /_ping"'],
    ]);
    const r = await same([shim, shim, noise, noise, shim.replace('"MESSAGE"', '"\\u004dESSAGE"'), noise.replace('dockerd', 'dock\terd'), `${noise.slice(0, -1)},"_HOSTNAME":"other"}`]);
    expect(r.events).toBeGreaterThanOrEqual(3);
    expect(r.records).toBe(7);
  });
});
