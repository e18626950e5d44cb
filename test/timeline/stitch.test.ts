// klog multi-line blocks: joined as before, and bounded when a block never closes or many stay open.

import { describe, expect, it } from 'vitest';
import type { LogRecord } from '../../src/events/types.js';
import { KlogStitcher, MAX_BLOCK_CHARS, MAX_OPEN_BLOCKS } from '../../src/timeline/stitch.js';

function rec(line: number, message: string, pid = 1): LogRecord {
  const raw = `Sep 14 11:39:02 n kubelet[${pid}]: ${message}`;
  return { stamp: null, absUs: null, domain: 'journal', host: 'n', ident: 'kubelet', pid, message, source: { path: 'j', line }, raw };
}

function stitch(records: LogRecord[]): LogRecord[] {
  const out: LogRecord[] = [];
  const s = new KlogStitcher((r) => out.push(r));
  for (const r of records) s.push(r);
  s.end();
  return out;
}

describe('KlogStitcher', () => {
  it('joins a closed block into one record spanning its lines', () => {
    const out = stitch([rec(1, 'I0914 x.go:1] "msg" cfg=<'), rec(2, '\ta: 1'), rec(3, ' >'), rec(4, 'I0914 y.go:2] next')]);
    expect(out.map((r) => [r.source.line, r.endLine, r.message])).toEqual([
      [1, 3, 'I0914 x.go:1] "msg" cfg=<\n\ta: 1\n >'],
      [4, undefined, 'I0914 y.go:2] next'],
    ]);
  });

  it('a block that never closes stops growing at MAX_BLOCK_CHARS; the lines after it pass on their own', () => {
    const filler = '\t' + 'x'.repeat(999);
    const n = Math.ceil(MAX_BLOCK_CHARS / filler.length) + 50;
    const out = stitch([rec(1, 'I0914 x.go:1] "msg" cfg=<'), ...Array.from({ length: n }, (_, i) => rec(i + 2, filler))]);
    expect(out[0]!.raw.length).toBeLessThan(MAX_BLOCK_CHARS);
    expect(out[0]!.source.line).toBe(1);
    const rest = out.slice(1);
    expect(rest.length).toBeGreaterThan(40);
    expect(rest.every((r) => r.message === filler)).toBe(true);
    expect(out[0]!.endLine! + rest.length).toBe(n + 1);
  });

  it('at most MAX_OPEN_BLOCKS blocks stay open: the oldest goes out first, nothing is lost', () => {
    const opens = Array.from({ length: MAX_OPEN_BLOCKS + 5 }, (_, i) => rec(i + 1, 'I0914 x.go:1] "msg" cfg=<', 1000 + i));
    const out = stitch(opens);
    expect(out).toHaveLength(opens.length);
    expect(out.slice(0, 5).map((r) => r.pid)).toEqual([1000, 1001, 1002, 1003, 1004]);
  });
});
