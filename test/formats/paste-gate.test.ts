// The paste sniffer asks a format about a text only when the text holds what that format's records open with
// (OPENS), and gives up on a head without any such mark nor a prompt's (MAY_PASTE): most of a sos report's small
// files hold a number or a config line. These hold the gates to what the formats accept: a format that learns to
// open a record on a text its gate turns away fails here (on its samples), not silently in the field.

import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isKlogLine } from '../../src/formats/_klog-among.js';
import { FORMATS } from '../../src/formats/index.js';
import { MAY_PASTE, OPENS, paste } from '../../src/formats/paste.js';
import { READ_KLOG_AMONG } from '../../src/formats/_klog-among.js';
import { headFromBytes, HEAD_BYTES } from '../../src/sniff/sniff.js';

const ROOT = path.resolve(__dirname, '../..');
/** The formats a paste is read as (paste.ts INNER). */
const INNER = ['journal-short', 'journal-bare', 'klog-file', 'logrus-file', 'logrus-json', 'logrus-tty', 'iptables-save', 'supervisord-log'];

/** Every text file under the sample and fixture folders (binary ones and archives left out). */
function sampleFiles(): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile() && statSync(p).size > 0) out.push(p);
    }
  };
  walk(path.join(ROOT, 'samples'));
  walk(path.join(ROOT, 'test/fixtures'));
  return out.filter((p) => !readFileSync(p).subarray(0, 4096).includes(0));
}

const files = sampleFiles();

describe('the paste gates', () => {
  it('pass every sample line that opens a record of a format pastes are read as', () => {
    const inner = FORMATS.filter((f) => INNER.includes(f.id));
    expect(inner.map((f) => f.id).sort()).toEqual([...INNER].sort());
    // Every format pastes are read as has its gate: one without is asked every text, which is slow, not wrong.
    expect(Object.keys(OPENS).sort()).toEqual([...INNER].sort());
    const opening = new Map<string, number>();
    const missed: string[] = [];
    for (const file of files) {
      const lines = readFileSync(file, 'utf8').split('\n').slice(0, 2000);
      for (const raw of lines) {
        const text = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
        if (text === '') continue;
        const klog = isKlogLine(text);
        if (klog && !/\d\d:\d\d:\d\d/.test(text)) missed.push(`klog: ${path.relative(ROOT, file)}: ${text}`);
        for (const f of inner) {
          if (f.detect({ path: file, text, lines: [text] }) === null && !(klog && READ_KLOG_AMONG.has(f.id))) continue;
          opening.set(f.id, (opening.get(f.id) ?? 0) + 1);
          if (!MAY_PASTE.test(text) || !(OPENS[f.id]!.test(text) || (klog && READ_KLOG_AMONG.has(f.id)))) missed.push(`${f.id}: ${path.relative(ROOT, file)}: ${text}`);
        }
      }
    }
    expect(missed).toEqual([]);
    // The samples do hold such lines of every one of them: the check above is not empty.
    for (const id of INNER) expect(opening.get(id) ?? 0, id).toBeGreaterThan(5);
  });

  it('pass every sample head read as a paste, or as a format pastes are read as', () => {
    const inner = FORMATS.filter((f) => INNER.includes(f.id));
    let pastes = 0;
    const missed: string[] = [];
    for (const file of files) {
      const bytes = readFileSync(file).subarray(0, HEAD_BYTES);
      const head = headFromBytes(bytes, file, statSync(file).size > HEAD_BYTES);
      // A head one of them reads holds its marks (the plan skips a format whose marks the head lacks).
      for (const f of inner) if (f.detect(head) !== null && !OPENS[f.id]!.test(head.text)) missed.push(`${f.id}: ${path.relative(ROOT, file)}`);
      if (paste.detect(head) === null) continue;
      pastes++;
      if (!MAY_PASTE.test(head.text)) missed.push(`paste: ${path.relative(ROOT, file)}`);
    }
    expect(missed).toEqual([]);
    expect(pastes).toBeGreaterThan(10);
  });

  it('turn away a config line from the formats it cannot open a record of', () => {
    const asked = (text: string): string[] => INNER.filter((id) => OPENS[id]!.test(text));
    expect(asked('net.ipv4.ip_forward = 1')).toEqual(['logrus-file']);
    expect(asked('[Service]')).toEqual(['logrus-tty']);
    expect(asked('Restart=always')).toEqual(['logrus-file']);
    expect(asked('4096 87380 6291456')).toEqual([]);
    // /proc/<pid>/status
    expect(asked('VmRSS:\t  811983 kB')).toEqual([]);
  });

  it('turn away numbers, and no format reads a head of them as a paste', () => {
    const numbers = ['0', '1500', '-1', '4096\t87380\t6291456', '0.25', '1 2 3', '18446744073709551615', '..........', '+33 % 7/8'];
    for (const n of numbers) expect(MAY_PASTE.test(n)).toBe(false);
    // What the formats themselves say of such a head, without the gates: nothing.
    const head = { path: 'proc/sys/net/ipv4/conf/eth0/forwarding', text: numbers.join('\n'), lines: numbers };
    for (const f of FORMATS.filter((g) => INNER.includes(g.id))) {
      expect(f.detect(head)).toBeNull();
      for (const n of numbers) expect(f.detect({ path: head.path, text: n, lines: [n] })).toBeNull();
    }
    for (const n of numbers) expect(isKlogLine(n)).toBe(false);
    expect(paste.detect(head)).toBeNull();
  });
});
