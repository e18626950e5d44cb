// The paste sniffer asks no format about a text without a letter or a mark one of its formats opens a record
// with (MAY_OPEN), and gives up on a head without any such character nor a prompt's (MAY_PASTE): most of a sos
// report's small files hold a number. These hold the gates to what the formats accept: a format that learns to
// open a record on a text the gate turns away fails here (on its samples), not silently in the field.

import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isKlogLine } from '../../src/formats/_klog-among.js';
import { FORMATS } from '../../src/formats/index.js';
import { MAY_OPEN, MAY_PASTE, paste } from '../../src/formats/paste.js';
import { headFromBytes, HEAD_BYTES } from '../../src/sniff/sniff.js';

const ROOT = path.resolve(__dirname, '../..');
/** The formats a paste is read as (paste.ts INNER). */
const INNER = ['journal-short', 'journal-bare', 'klog-file', 'logrus-file', 'logrus-json', 'logrus-tty', 'iptables-save'];

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
    let opening = 0;
    const missed: string[] = [];
    for (const file of files) {
      const lines = readFileSync(file, 'utf8').split('\n').slice(0, 2000);
      for (const raw of lines) {
        const text = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
        if (text === '') continue;
        const opens = isKlogLine(text) || inner.some((f) => f.detect({ path: file, text, lines: [text] }) !== null);
        if (!opens) continue;
        opening++;
        if (!MAY_OPEN.test(text) || !MAY_PASTE.test(text)) missed.push(`${path.relative(ROOT, file)}: ${text}`);
      }
    }
    expect(missed).toEqual([]);
    // The samples do hold such lines (thousands): the check above is not empty.
    expect(opening).toBeGreaterThan(1000);
  });

  it('pass every sample head read as a paste', () => {
    let pastes = 0;
    for (const file of files) {
      const bytes = readFileSync(file).subarray(0, HEAD_BYTES);
      const head = headFromBytes(bytes, file, statSync(file).size > HEAD_BYTES);
      if (paste.detect(head) === null) continue;
      pastes++;
      expect(MAY_PASTE.test(head.text)).toBe(true);
    }
    expect(pastes).toBeGreaterThan(10);
  });

  it('turn away numbers, and no format reads a head of them as a paste', () => {
    const numbers = ['0', '1500', '-1', '4096\t87380\t6291456', '0.25', '1 2 3', '18446744073709551615', '..........', '+33 % 7/8'];
    for (const n of numbers) {
      expect(MAY_OPEN.test(n)).toBe(false);
      expect(MAY_PASTE.test(n)).toBe(false);
    }
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
