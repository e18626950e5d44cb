// The terminal table fits the width it is given and colours severities only on a TTY without NO_COLOR.

import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runAnalyze, type AnalyzeOptions } from '../../src/cli/commands/analyze.js';
import type { Io } from '../../src/cli/io.js';
import { analyze } from '../../src/report.js';
import { renderTable } from '../../src/render/table.js';

const SAMPLE = path.resolve(__dirname, '../../samples/hostport-stale-dnat');

/** Terminal columns of a line (CJK takes two). */
function columns(line: string): number {
  return [...line].reduce((s, c) => s + (/[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uff00-\uff60]/.test(c) ? 2 : 1), 0);
}

function fakeIo(tty: boolean, cols: number, env: Record<string, string | undefined> = {}): Io & { out: () => string } {
  let out = '';
  return {
    stdout: { write: (t: string) => (out += t), isTTY: tty, columns: cols },
    stderr: { write: () => true, isTTY: false },
    env,
    out: () => out,
  };
}

const opts = (o: Partial<AnalyzeOptions> = {}): AnalyzeOptions => ({ format: 'table', quiet: true, ...o });

describe('renderTable width', async () => {
  const { report } = await analyze([SAMPLE], { tz: null, year: null, host: null }, 'test');
  it.each([80, 100, 132, 160, 200])('fits %i columns (cleanup commands stay whole for copying)', (width) => {
    const text = renderTable(report, { color: false, width });
    const commands = new Set(report.findings.flatMap((f) => f.remediation).map((c) => `  ${c}`));
    const over = text.split('\n').filter((l) => columns(l) > width && !commands.has(l));
    expect(over).toEqual([]);
  });

  it('shows full sandbox IDs when there is room and short ones when not', () => {
    const id = 'fb7cdb0a4f8da673da0a9818ec9a1576f953a8e8decf87a081827c11e4aa7138';
    expect(renderTable(report, { color: false, width: 160 }).split('\n').some((l) => l.startsWith('│') && l.includes(id))).toBe(true);
    expect(renderTable(report, { color: false, width: 80 }).split('\n').some((l) => l.startsWith('│') && l.includes(id))).toBe(false);
  });
});

describe('analyze --format table colours', () => {
  it('colours severities on a TTY', async () => {
    const io = fakeIo(true, 120);
    await runAnalyze([SAMPLE], opts(), io);
    expect(io.out()).toContain('\x1b[1;31mcritical\x1b[0m');
  });

  it('does not colour with NO_COLOR set, when not a TTY, or into a file', async () => {
    for (const io of [fakeIo(true, 120, { NO_COLOR: '1' }), fakeIo(false, 0)]) {
      await runAnalyze([SAMPLE], opts(), io);
      expect(io.out()).not.toContain('\x1b[');
      expect(io.out()).toContain('critical');
    }
  });

  it('uses 160 columns when stdout is not a TTY and the terminal width when it is', async () => {
    const pipe = fakeIo(false, 0);
    await runAnalyze([SAMPLE], opts(), pipe);
    expect(Math.max(...pipe.out().split('\n').filter((l) => /^[┌│├└]/.test(l)).map(columns))).toBe(160);
    const tty = fakeIo(true, 90, { NO_COLOR: '1' });
    await runAnalyze([SAMPLE], opts(), tty);
    expect(Math.max(...tty.out().split('\n').filter((l) => /^[┌│├└]/.test(l)).map(columns))).toBeLessThanOrEqual(90);
  });
});
