// Differential fuzz of the journal fast path's gate (src/components/gate.ts): a record the gate drops must be one
// no component, the daemon clock or the klog stitcher would have read. Journals made of real component lines from
// samples/ (mutated: new IDs, keywords and logrus/klog syntax inserted, lines cut, spliced and mixed across
// identifiers) are ingested with the gate (PODMORTEM_QUIET=1, the default) and with every record built
// (PODMORTEM_QUIET=0, as test/journal/fast-path.test.ts does): events, clock assumptions, coverage, host votes and
// counters must be the same. The shell renderings under ../shared/reference/real-outputs/journal are the same
// files as samples/formats/journal-modes/*/input, so samples/ alone is read.

import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { identFlags, NEED_NOTHING, NEED_RECORD, RecordGate } from '../../src/components/gate.js';
import { COMPONENTS } from '../../src/components/index.js';
import { anyLine, hex64, ingestedWith, mutated, pad2, params, RUNS, TIMEOUT } from './_harness.js';

const SAMPLES = path.resolve(__dirname, '../../samples');
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

interface Said {
  ident: string;
  pid: string | null;
  msg: string;
}

/** Every journal message in samples/: short (English or localized months), short-iso, short-unix, JSON, plain daemon logs. */
function realMessages(): { said: Said[]; raw: string[] } {
  const PREFIX = /^(?:[A-Z][a-z]{2} [ \d]\d|\s?\d{1,2}月 [ \d]?\d) \d\d:\d\d:\d\d(?:\.\d{1,6})? |^\d{4}-\d\d-\d\dT[\d:.]+(?:[+-]\d\d:?\d\d|Z) |^\d{9,10}\.\d{6} /;
  const ORIGIN = /^(\S+) (.+?)(?:\[(\d+)\])?: (.*)$/;
  const said = new Map<string, Said>();
  const raw = new Set<string>();
  const add = (s: Said): void => void said.set(`${s.ident}\t${s.pid}\t${s.msg}`, s);
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir).sort()) {
      const p = path.join(dir, name);
      const st = statSync(p);
      if (st.isDirectory()) walk(p);
      else if (st.size < 2_000_000) {
        const text = readFileSync(p, 'utf8');
        if (text.includes('\u0000')) continue;
        const plainLog = /logrus-file|klog-file/.test(p);
        for (const line of text.split('\n')) {
          const pre = PREFIX.exec(line);
          const origin = pre ? ORIGIN.exec(line.slice(pre[0].length)) : null;
          if (origin) {
            add({ ident: origin[2]!, pid: origin[3] ?? null, msg: origin[4]! });
            if (/^[A-Z][a-z]{2} /.test(line)) raw.add(line);
          } else if (line.startsWith('{') && line.includes('"MESSAGE"')) {
            try {
              const o = JSON.parse(line) as Record<string, unknown>;
              if (typeof o.MESSAGE === 'string' && typeof o.SYSLOG_IDENTIFIER === 'string') add({ ident: o.SYSLOG_IDENTIFIER, pid: typeof o._PID === 'string' ? o._PID : null, msg: o.MESSAGE.split('\n')[0]! });
            } catch {
              // a JSON journal cut mid-object (hostile samples): not a message
            }
          } else if (plainLog && /^(time=|[IWEF]\d{4} )/.test(line)) add({ ident: line.startsWith('time=') ? 'dockerd' : 'kubelet', pid: '1', msg: line });
        }
      }
    }
  };
  walk(SAMPLES);
  return { said: [...said.values()], raw: [...raw] };
}

const REAL = realMessages();
/** The klog readers' declared messages and printf prefixes: the gate's klog test cuts on them. */
const KLOG_MESSAGES = COMPONENTS.flatMap((c) => (c.gate.body === 'klog' ? c.gate.messages : []));
const KLOG_PRINTF = COMPONENTS.flatMap((c) => (c.gate.body === 'klog' ? c.gate.printf : []));
const IDENTS = [...new Map(REAL.said.map((s) => [`${s.ident}[${s.pid}]`, s])).values()].map((s) => ({ ident: s.ident, pid: s.pid }));
IDENTS.push({ ident: 'systemd', pid: '1' }, { ident: 'init', pid: '1' }, { ident: 'systemd', pid: null }, { ident: 'kernel', pid: null }, { ident: 'bash', pid: '4242' }, { ident: 'node-maint', pid: '77' }, { ident: 'kubelet', pid: '1789' });

/** What the components look for, and the syntax the gate cuts on: logrus keys, klog headers and quoting, `=<` blocks. */
const TOKENS = [
  ...COMPONENTS.flatMap((c) => c.gate.keywords),
  ...KLOG_MESSAGES.map((m) => `"${m}"`),
  ...KLOG_MESSAGES,
  ...KLOG_PRINTF,
  'time="2024-09-14T11:39:42.118431+08:00" ',
  'time="2025-01-01T00:00:02.5Z" ',
  'time="2024-02-30T08:00:03+08:00" ',
  'time="not a time" ',
  'time=2024-09-14T11:39:42+08:00 ',
  'time="\\u0032024-09-14T11:39:42+08:00" ',
  'runtime="2024-09-14T11:39:42+02:00" ',
  '_time="2024-09-14T11:39:42+02:00" ',
  'x.time="2024-09-14T11:39:42+02:00" ',
  'level=info ',
  'level=error ',
  'msg="',
  'msg=',
  'msg="shim disconnected" ',
  'msg="ignoring event" topic=/tasks/delete ',
  'container=',
  'namespace=moby ',
  'id=',
  ' output=<',
  '=<',
  '=<  ',
  ' >',
  '\\x53',
  '\\u0053',
  '\\"',
  '\\\\',
  '"',
  ']',
  '] ',
  'I0914 11:39:02.118431    1789 kubelet.go:2430] ',
  'E0914 11:39:05.000001    1789 pod_workers.go:1298] ',
  'W0914 ',
  '.service: Deactivated successfully.',
  '.service: Succeeded.',
  'Stopping ',
  'Started ',
  'docker',
  'Docker Application Container Engine...',
  'containerd',
  'kubelet',
  'Kubernetes Node Agent',
  'cri-docker',
  ' ',
  '\t',
  '\u00a0',
];

const token = fc.constantFrom(...TOKENS);
const realSaid = fc.constantFrom(...REAL.said);

/** A message mutated a few times: fresh IDs, a token inserted, cut, spliced with another real message, noise. */
const message: fc.Arbitrary<string> = fc
  .tuple(
    realSaid.map((s) => s.msg),
    fc.array(
      fc.oneof(
        fc.tuple(fc.constant('ids' as const), hex64, fc.boolean()),
        fc.tuple(fc.constant('insert' as const), fc.nat(), token),
        fc.tuple(fc.constant('cut' as const), fc.nat(), fc.constant('')),
        fc.tuple(fc.constant('splice' as const), fc.nat(), realSaid.map((s) => s.msg)),
        fc.tuple(fc.constant('noise' as const), fc.nat(), mutated(fc.constant('x'))),
      ),
      { maxLength: 3 },
    ),
  )
  .map(([msg, edits]) => {
    let m = msg;
    for (const [how, a, b] of edits) {
      if (how === 'ids') m = m.replace(/[0-9a-f]{64}/g, b ? a : a.slice(0, 12));
      else {
        const at = m.length === 0 ? 0 : a % (m.length + 1);
        if (how === 'insert') m = m.slice(0, at) + b + m.slice(at);
        else if (how === 'cut') m = m.slice(0, at);
        else if (how === 'splice') m = m.slice(0, at) + b.slice(a % (b.length + 1));
        else m = m.slice(0, at) + b + m.slice(at);
      }
    }
    return m.replace(/\n/g, ' ');
  });

/** One journal-short record line: an English-month prefix (short or short-precise), a real identifier, a message. */
interface Line {
  text: string;
  /** Where the message starts, for the gate statistics; -1 for lines that are no record. */
  msgStart: number;
  ident: string;
}

/** Identifiers the fast line cutter and journal-short's regex must split alike: brackets, colons, spaces. */
const ODD_IDENTS = [
  { ident: 'host with space', pid: '12' },
  { ident: 'a:b', pid: '3' },
  { ident: 'x[1]y', pid: '4' },
  { ident: 'foo[]', pid: null },
  { ident: 'x[1][2]', pid: '5' },
  { ident: 'kubelet', pid: '01789' },
  { ident: 'systemd', pid: '12345678901234567890' },
];

const record: fc.Arbitrary<Line> = fc
  .record({
    month: fc.oneof(fc.constant(9), fc.integer({ min: 1, max: 12 })),
    day: fc.oneof({ weight: 9, arbitrary: fc.integer({ min: 1, max: 28 }) }, { weight: 1, arbitrary: fc.integer({ min: 0, max: 32 }) }),
    hms: fc.oneof(
      { weight: 9, arbitrary: fc.tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }), fc.integer({ min: 0, max: 59 })) },
      { weight: 1, arbitrary: fc.tuple(fc.integer({ min: 0, max: 25 }), fc.integer({ min: 0, max: 60 }), fc.integer({ min: 0, max: 61 })) },
    ),
    // short (none) or short-precise (6 digits); other widths are for the line cutter.
    fracDigits: fc.oneof({ weight: 6, arbitrary: fc.constantFrom(0, 6) }, { weight: 1, arbitrary: fc.integer({ min: 1, max: 8 }) }),
    micro: fc.integer({ min: 0, max: 99_999_999 }),
    dayStyle: fc.constantFrom('zero', 'space', 'bare'),
    host: fc.oneof({ weight: 9, arbitrary: fc.constantFrom('centos79', 'node-x', 'par-worker-2') }, { weight: 1, arbitrary: fc.constantFrom('nödé', 'h\u0001x', 'a') }),
    who: fc.oneof({ weight: 8, arbitrary: fc.constantFrom(...IDENTS) }, { weight: 4, arbitrary: realSaid.map((s) => ({ ident: s.ident, pid: s.pid })) }, { weight: 1, arbitrary: fc.constantFrom(...ODD_IDENTS) }),
    msg: fc.oneof({ weight: 6, arbitrary: message }, { weight: 1, arbitrary: fc.constantFrom('', '\tHTTP 503', ' >', '>', '  continued "SyncLoop ADD"') }),
  })
  .map((r) => {
    const day = r.dayStyle === 'zero' ? pad2(r.day) : r.dayStyle === 'space' ? String(r.day).padStart(2, ' ') : String(r.day);
    const frac = r.fracDigits === 0 ? '' : '.' + String(r.micro).padStart(8, '0').slice(0, r.fracDigits);
    const head = `${MONTHS[r.month - 1]} ${day} ${pad2(r.hms[0])}:${pad2(r.hms[1])}:${pad2(r.hms[2])}${frac} ${r.host} ${r.who.ident}${r.who.pid === null ? '' : `[${r.who.pid}]`}:`;
    return r.msg === '' ? { text: head, msgStart: head.length, ident: r.who.ident } : { text: `${head} ${r.msg}`, msgStart: head.length + 1, ident: r.who.ident };
  });

const other = (text: string): Line => ({ text, msgStart: -1, ident: '' });
const line: fc.Arbitrary<Line> = fc.oneof(
  { weight: 12, arbitrary: record },
  { weight: 2, arbitrary: fc.constantFrom(...REAL.raw).map(other) },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom(' ', '    ', '\t', '                                  '), message).map(([lead, m]) => other(lead + m)) },
  { weight: 1, arbitrary: fc.constantFrom('-- Boot 0123456789abcdef0123456789abcdef --', '-- No entries --', '').map(other) },
  { weight: 1, arbitrary: anyLine.map(other) },
);

/**
 * A journal: as many real lines as generated ones first (journal-short's detect() wants half of the head to be
 * records; a capture would be sniffed so), then the generated lines, some of them repeated (duplicate lines).
 */
const journal = fc
  .tuple(fc.array(line, { minLength: 1, maxLength: 60, size: 'medium' }), fc.nat(), fc.array(fc.nat(), { maxLength: 4 }))
  .map(([ls, from, again]) => {
    const out = [...ls];
    for (const a of again) out.splice(a % out.length, 0, out[a % out.length]!);
    return [...Array.from({ length: out.length }, (_, i) => other(REAL.raw[(from + i) % REAL.raw.length]!)), ...out];
  });

const tmp = mkdtempSync(path.join(os.tmpdir(), 'pm-gate-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

let n = 0;
/**
 * Writes the journal as a one-file bundle and compares both paths; returns the events found and the format the
 * sniffer chose. Mutated lines now and then make a head the paste reader claims (junk that a word wrap would
 * explain): the two paths must still agree, but the gate was not exercised, so the test counts those runs.
 */
async function same(lines: Line[]): Promise<{ events: number; format: string | null }> {
  const dir = path.join(tmp, `n${n++}`);
  mkdirSync(dir);
  writeFileSync(path.join(dir, 'journalctl_--no-pager'), lines.map((l) => l.text).join('\n') + '\n');
  const fast = await ingestedWith(dir, '1');
  const slow = await ingestedWith(dir, '0');
  rmSync(dir, { recursive: true, force: true });
  expect(fast).toBe(slow);
  const parsed = JSON.parse(slow) as { inputs: { format: string | null; why: string }[]; events: unknown[] };
  expect(parsed.inputs).toHaveLength(1);
  return { events: parsed.events.length, format: parsed.inputs[0]!.format };
}

describe('journal fast-path gate (differential)', () => {
  it('real component lines, mutated and mixed: the gate drops only records nothing reads (same events, clock, coverage and counts)', async () => {
    let events = 0;
    let records = 0;
    let dropped = 0;
    let runs = 0;
    const notShort: string[] = [];
    const gate = new RecordGate();
    await fc.assert(
      fc.asyncProperty(journal, async (lines) => {
        const r = await same(lines);
        runs++;
        events += r.events;
        if (r.format !== 'journal-short') notShort.push(String(r.format));
        // How often the gate says "nothing" on these lines (klog stitcher idle): the property must test both sides.
        for (const l of lines) {
          if (l.msgStart < 0) continue;
          records++;
          if (gate.need(l.text, l.msgStart, l.text.length, identFlags(l.ident), true) === NEED_NOTHING) dropped++;
        }
      }),
      params(),
    );
    // The fast path ran on nearly every journal: a sniffer that handed them elsewhere would leave the gate untested.
    expect(notShort.length, notShort.join(', ')).toBeLessThanOrEqual(Math.max(1, runs * 0.02));
    expect(events).toBeGreaterThan(RUNS);
    expect(dropped).toBeGreaterThan(records * 0.1);
    expect(dropped).toBeLessThan(records * 0.9);
  }, TIMEOUT);

  it('regression: identical records read one by one (a CR, LS or PS in the chunk) each give their events', async () => {
    // Found by the property above: the gate cached its '=' search by string content, so the second of two equal
    // line strings found no '=' at all, no logrus body, and its "shim disconnected" was dropped.
    const shim = 'Sep 14 11:39:35 centos79 containerd[1101]: time="2024-09-14T11:39:35.420553300+08:00" level=info msg="shim disconnected" id=fb7cdb0a4f8da673da0a9818ec9a1576f953a8e8decf87a081827c11e4aa7138 namespace=moby';
    expect(await same([shim, shim, shim, 'Sep 14 11:39:36 centos79 kernel: a line separator\u2028inside'].map(other))).toEqual({ events: 3, format: 'journal-short' });
    const gate = new RecordGate();
    const msgStart = shim.indexOf('time=');
    for (const text of [shim, `${shim}`.slice(0), [...shim].join('')]) expect(gate.need(text, msgStart, text.length, identFlags('containerd'), true)).toBe(NEED_RECORD);
  });
});
