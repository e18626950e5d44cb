// Component recognizers and the body parsers under them: logrus and klog bodies made from random fields parse
// back to those fields; every recognizer, given any message (keywords mixed into noise), never throws and
// only drafts events of known kinds with 64-hex IDs; and the lines each daemon writes round-trip to their IDs.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { COMPONENTS } from '../../src/components/index.js';
import { classifyStep } from '../../src/components/deploy.js';
import { klogValue, parseKlog } from '../../src/components/klog.js';
import { parseLogrus, unquoteGo } from '../../src/components/logrus.js';
import type { ComponentInput } from '../../src/components/types.js';
import type { LogRecord } from '../../src/events/types.js';
import { EVENT_KINDS } from '../../src/events/vocabulary.js';
import type { EventDraft } from '../../src/formats/types.js';
import { anyLine, hex64, holds, pad2, TIMEOUT, word } from './_harness.js';

/** Go's strconv.Quote: printable runes as they are, the C escapes, \x for other bytes below 0x80, \u/\U above. */
export function quoteGo(s: string): string {
  let out = '"';
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    const esc: Record<string, string> = { '"': '\\"', '\\': '\\\\', '\x07': '\\a', '\b': '\\b', '\f': '\\f', '\n': '\\n', '\r': '\\r', '\t': '\\t', '\v': '\\v' };
    if (esc[ch]) out += esc[ch];
    else if (/^[\p{L}\p{M}\p{N}\p{P}\p{S} ]$/u.test(ch)) out += ch;
    else if (cp < 0x80) out += '\\x' + cp.toString(16).padStart(2, '0');
    else if (cp < 0x10000) out += '\\u' + cp.toString(16).padStart(4, '0');
    else out += '\\U' + cp.toString(16).padStart(8, '0');
  }
  return out + '"';
}

/** A value as logrus's TextFormatter writes it: bare when every character is [A-Za-z0-9-._/@^+], quoted otherwise. */
const logrusValue = (v: string): string => (/^[A-Za-z0-9\-._/@^+]*$/.test(v) ? v : quoteGo(v));

/** Text a daemon could log: any Unicode (no lone surrogates: Go strings are UTF-8) and the characters quoting is about. */
const goText = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.string({ unit: fc.constantFrom('a', ' ', '"', '\\', '=', '\n', '\t', '\r', '\b', '\f', '\x00', '\x7f', '\u200b', '\u2028', '{', '}', '[', ']', '<', '>'), maxLength: 20 }),
);

const fieldKey = fc.oneof(
  fc.stringMatching(/^[A-Za-z_][\w.-]{0,12}$/),
  fc.constantFrom('__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf', 'error', 'id', 'container'),
);

function record(message: string, ident = 'dockerd'): LogRecord {
  return { stamp: { year: null, yearShift: 0, month: 9, day: 14, hour: 11, minute: 39, second: 42, micro: 0, offsetMin: null }, absUs: null, domain: 'journal', host: 'h', ident, pid: 1, message, source: { path: 'p', line: 1 }, raw: message };
}

function input(rec: LogRecord): ComponentInput {
  return { rec, logrus: parseLogrus(rec.message), klog: parseKlog(rec.message) };
}

function checkDrafts(drafts: EventDraft[]): void {
  for (const d of drafts) {
    expect(d.kind in EVENT_KINDS).toBe(true);
    for (const id of d.ids) expect(id).toMatch(/^[0-9a-f]{64}$/);
    JSON.stringify(d);
  }
}

describe('logrus bodies', () => {
  it('Go-quoted text unquotes to itself', () => {
    holds([goText], (s) => {
      expect(unquoteGo(quoteGo(s))).toBe(s);
    });
  });

  it('time, level, msg and any fields (even __proto__) parse back', () => {
    const body = fc.record({
      time: fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2099-12-31T00:00:00Z'), noInvalidDate: true }),
      level: fc.constantFrom('debug', 'info', 'warning', 'error', 'fatal'),
      msg: goText,
      fields: fc.uniqueArray(fc.tuple(fieldKey, goText), { selector: ([k]) => k, maxLength: 6 }).map((fs) => fs.filter(([k]) => !['time', 'level', 'msg'].includes(k))),
      prefix: fc.constantFrom('', 'cni plugin said {"x":1} '),
    });
    holds([body], (b) => {
      const iso = b.time.toISOString().replace('Z', '+00:00');
      const text = `${b.prefix}time="${iso}" level=${b.level} msg=${quoteGo(b.msg)}${b.fields.map(([k, v]) => ` ${k}=${logrusValue(v)}`).join('')}`;
      const l = parseLogrus(text)!;
      expect(l).not.toBeNull();
      expect([l.timeText, l.level, l.msg, l.prefix]).toEqual([iso, b.level, b.msg, b.prefix]);
      expect(Object.entries(l.fields)).toEqual(b.fields);
      for (const [k, v] of b.fields) expect(Object.hasOwn(l.fields, k) && l.fields[k]).toBe(v);
      expect(l.time).toMatchObject({ year: b.time.getUTCFullYear(), month: b.time.getUTCMonth() + 1, day: b.time.getUTCDate(), offsetMin: 0 });
    });
  });

  it('never throws on any text', () => {
    holds([fc.oneof(anyLine, fc.constantFrom('level=info msg="\\U7fffffff"', 'level=info msg="\\U0010ffff\\x"', 'level=x msg="\\uD800"'))], (s) => {
      parseLogrus(s);
      parseLogrus(`time="${s}" level=${s} msg=${s}`);
    });
  });
});

describe('klog lines', () => {
  it('a klog header with a quoted message and key/values parses back', () => {
    const line = fc.record({
      level: fc.constantFrom('I', 'W', 'E', 'F'),
      month: fc.integer({ min: 1, max: 12 }),
      day: fc.integer({ min: 1, max: 28 }),
      hour: fc.integer({ min: 0, max: 23 }),
      minute: fc.integer({ min: 0, max: 59 }),
      second: fc.integer({ min: 0, max: 59 }),
      micro: fc.integer({ min: 0, max: 999_999 }),
      pid: fc.integer({ min: 1, max: 4_194_304 }),
      file: fc.tuple(word(16), fc.integer({ min: 1, max: 9999 })).map(([f, n]) => `${f}.go:${n}`),
      msg: goText,
      kv: fc.uniqueArray(fc.tuple(fc.stringMatching(/^[a-zA-Z][a-zA-Z0-9]{0,10}$/), goText), { selector: ([k]) => k, maxLength: 4 }),
    });
    holds([line], (k) => {
      const rest = k.kv.map(([key, v]) => ` ${key}=${quoteGo(v)}`).join('');
      const text = `${k.level}${pad2(k.month)}${pad2(k.day)} ${pad2(k.hour)}:${pad2(k.minute)}:${pad2(k.second)}.${String(k.micro).padStart(6, '0')} ${String(k.pid).padStart(7)} ${k.file}] ${quoteGo(k.msg)}${rest}`;
      const p = parseKlog(text)!;
      expect(p).not.toBeNull();
      expect([p.level, p.pid, p.file, p.msg, p.rest]).toEqual([k.level, k.pid, k.file, k.msg, rest]);
      expect(p.stamp).toMatchObject({ month: k.month, day: k.day, hour: k.hour, minute: k.minute, second: k.second, micro: k.micro });
      for (const [key, v] of k.kv) expect(klogValue(rest, key)).toBe(v);
    });
  });

  it('never throws on any text', () => {
    holds([anyLine, fc.stringMatching(/^[a-z]{1,8}$/)], (s, key) => {
      parseKlog(s);
      parseKlog(`I0914 11:39:02.118431    1789 x.go:1] ${s}`);
      klogValue(s, key);
      klogValue(`${key}=${s}`, key);
    });
  });
});

/** Messages each daemon writes, with random IDs and names, and what they must give. */
const LINES: { name: string; arb: fc.Arbitrary<{ rec: LogRecord; kind: string; ids: string[]; attrs?: Record<string, unknown> }> }[] = [
  {
    name: 'dockerd task delete',
    arb: fc.tuple(hex64, fc.constantFrom('ignoring event', 'received task-delete event from containerd')).map(([id, msg]) => ({
      rec: record(`time="2024-09-14T11:39:43.530117387+08:00" level=info msg="${msg}" container=${id} module=libcontainerd namespace=moby topic=/tasks/delete type="*events.TaskDelete"`),
      kind: 'task.deleted',
      ids: [id],
    })),
  },
  {
    name: 'containerd shim disconnected',
    arb: fc.tuple(hex64, word()).map(([id, ns]) => ({ rec: record(`time="2024-09-14T11:39:43.530117387+08:00" level=info msg="shim disconnected" id=${id} namespace=${ns}`, 'containerd'), kind: 'shim.disconnected', ids: [id], attrs: { namespace: ns } })),
  },
  {
    name: 'cri-dockerd CNI DEL error',
    arb: fc.tuple(hex64, word(), word(), word(), goText.map((s) => s.replace(/[\n"\\]/g, ' '))).map(([id, ns, pod, net, err]) => ({
      rec: record(`time="2025-10-14T10:08:45+02:00" level=error msg="Error deleting pod ${ns}/${pod} from network {docker ${id}}:/proc/1/ns/net:portmap:${net}: ${err}"`, 'cri-dockerd'),
      kind: 'sandbox.teardown.failed',
      ids: [id],
      attrs: { pod: `${ns}/${pod}`, plugin: 'portmap', network: net, error: err },
    })),
  },
  {
    name: 'kubelet SyncLoop DELETE',
    arb: fc.array(fc.tuple(word(), word()).map(([n, p]) => `${n}/${p}`), { minLength: 1, maxLength: 3 }).map((pods) => ({
      rec: record(`I0914 11:39:02.118431    1789 kubelet.go:2430] "SyncLoop DELETE" source="api" pods=${JSON.stringify(pods)}`, 'kubelet'),
      kind: 'pod.deleted',
      ids: [],
      attrs: { pods, source: 'api' },
    })),
  },
  {
    name: 'kubelet StopPodSandbox failed',
    arb: fc.tuple(hex64, word(), word()).map(([id, ns, pod]) => ({
      rec: record(`E0914 11:39:47.771470    1789 remote_runtime.go:222] "StopPodSandbox from runtime service failed" err="rpc error: code = Unknown" podSandboxID={"Type":"docker","ID":"${id}"} pod="${ns}/${pod}"`, 'kubelet'),
      kind: 'sandbox.stop.failed',
      ids: [id],
      attrs: { pod: `${ns}/${pod}` },
    })),
  },
  {
    name: 'systemd job line',
    arb: fc.tuple(fc.constantFrom(['Stopping', 'daemon.stopping'], ['Stopped', 'daemon.stopped'], ['Starting', 'daemon.starting'], ['Started', 'daemon.started']), fc.constantFrom(['Docker Application Container Engine', 'dockerd'], ['kubelet.service - kubelet: The Kubernetes Node Agent', 'kubelet'], ['containerd container runtime', 'containerd'])).map(([[verb, kind], [unit, daemon]]) => ({
      rec: record(`${verb} ${unit}...`, 'systemd'),
      kind: kind!,
      ids: [],
      attrs: { daemon },
    })),
  },
];

describe('component recognizers', () => {
  for (const { name, arb } of LINES) {
    it(`${name}: the line gives its event with the IDs and attributes it was made with`, () => {
      holds([arb], ({ rec, kind, ids, attrs }) => {
        const drafts = COMPONENTS.flatMap((c) => c.recognize(input(rec)));
        checkDrafts(drafts);
        expect(drafts.map((d) => d.kind)).toEqual([kind]);
        expect(drafts[0]!.ids).toEqual(ids);
        if (attrs) expect(drafts[0]!.attrs).toMatchObject(attrs);
      });
    }, TIMEOUT);
  }

  const keywords = [...new Set(COMPONENTS.flatMap((c) => c.gate.keywords)), 'time="2024-09-14T11:39:43+08:00" level=info msg=', 'I0914 11:39:02.118431    1789 x.go:1] ', 'id=', 'container=', 'topic=/tasks/delete', 'podSandboxID=', 'err=', 'pods=', '{docker '];
  const message = fc.array(fc.oneof(fc.constantFrom(...keywords), anyLine, hex64, fc.constant('"')), { maxLength: 8 }).map((parts) => parts.join(''));

  for (const c of COMPONENTS) {
    it(`${c.id}: any message, keywords mixed into noise, never throws and drafts only known kinds and 64-hex IDs`, () => {
      holds([message, fc.constantFrom('systemd', 'dockerd', 'kubelet', 'uninstall-docker', 'deploy', 'containerd', 'init'), fc.constantFrom('journal', 'host')], (msg, ident, domain) => {
        const rec = { ...record(msg, ident), domain: domain as LogRecord['domain'] };
        checkDrafts(c.recognize(input(rec)));
      });
    }, TIMEOUT);
  }

  it('classifyStep never throws and names a runtime only when the text does', () => {
    holds([fc.oneof(anyLine, fc.constantFrom('停止docker', 'systemctl restart containerd', 'kubeadm reset -f', '卸载cri-dockerd'))], (t) => {
      const { runtime } = classifyStep(t);
      if (runtime !== null) expect(t.toLowerCase()).toMatch(/docker|containerd|运行时|container runtime/);
    });
  });
});
