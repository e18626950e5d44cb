// A line known to be partial is never read as a message quoted alone (ingest/read-file.ts): the run's cap
// (--max-total-size) cutting `StopPodSandbox for "<id>" returns successfully` after the ID leaves containerd's
// wording of the stop's start, which the whole line is not. The built CLI runs (npm run build before the tests).

import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { scratch } from '../bundle/_bundles.js';

const ROOT = path.resolve(__dirname, '../..');
const s = scratch('lone-partial');
afterAll(() => s.cleanup());

// The message of a real containerd line (containerd/containerd#6704), quoted alone as a ticket would.
const STOPPED = 'StopPodSandbox for "c032ad745f82906353acc368b3c5c631682b0f7b3fe97769e1258fa335e445ac" returns successfully';

describe('a lone message cut by the run\'s cap', () => {
  it('is counted as cut, not read: the whole line before it is the stop, the cut one no stop\'s start', () => {
    const dir = path.join(s.dir, 't');
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, 'ticket.txt'), `${STOPPED}\n${STOPPED}\n`);
    const archive = path.join(s.dir, 't.tar.gz');
    execFileSync('tar', ['-czf', archive, '-C', s.dir, 't']);
    // The cap falls right after the second line's closing quote of the ID.
    const tar = gunzipSync(readFileSync(archive));
    const at = tar.indexOf(Buffer.from(STOPPED)) + STOPPED.length + 1 + STOPPED.indexOf(' returns');
    const cli = (...args: string[]): string => spawnSync(process.execPath, [path.join(ROOT, 'bin/podmortem.js'), ...args, archive, '-q', '--max-total-size', String(at)], { encoding: 'utf8' }).stdout;
    const report = JSON.parse(cli('analyze', '--format', 'json')) as { inputs: { path: string; unparsedSamples: { line: number; reason: string }[] }[] };
    const ticket = report.inputs.find((i) => i.path.endsWith('ticket.txt'))!;
    expect(ticket.unparsedSamples).toEqual([expect.objectContaining({ line: 2, reason: "cut by the run's cap (--max-total-size): the rest of the line was not read" })]);
    const timeline = cli('timeline');
    expect(timeline).toContain('sandbox.stopped');
    expect(timeline).not.toContain('sandbox.teardown.start');
  });
});
