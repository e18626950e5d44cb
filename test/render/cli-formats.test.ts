// The analyze and timeline commands with the new formats and the timeline filters, called through run() with an injected io.

import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runAnalyze, type AnalyzeOptions } from '../../src/cli/commands/analyze.js';
import { runTimeline, type TimelineOptions } from '../../src/cli/commands/timeline.js';
import { UserError } from '../../src/cli/exit-codes.js';
import type { Io } from '../../src/cli/io.js';

const SAMPLE = path.resolve(__dirname, '../../samples/hostport-stale-dnat');
const STALE = 'fb7cdb0a4f8da673da0a9818ec9a1576f953a8e8decf87a081827c11e4aa7138';
const LIVE = '0961bad27f1a52a28701b7038120b8188e7a78df21f57a08428f021ab3c071e2';
const dir = mkdtempSync(path.join(tmpdir(), 'podmortem-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function fakeIo(tty = false): Io & { out: () => string; err: () => string } {
  let out = '';
  let err = '';
  return { stdout: { write: (t: string) => (out += t), isTTY: tty, columns: 100 }, stderr: { write: (t: string) => (err += t), isTTY: false }, env: {}, out: () => out, err: () => err };
}

async function timeline(o: Partial<TimelineOptions>): Promise<{ code: number; out: string; err: string; rows: Record<string, unknown>[] }> {
  const io = fakeIo();
  const code = await runTimeline([SAMPLE], { quiet: true, ...o }, io);
  const rows = o.format === 'jsonl' ? io.out().trimEnd().split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>) : [];
  return { code, out: io.out(), err: io.err(), rows };
}

const analyzeOpts = (o: Partial<AnalyzeOptions>): AnalyzeOptions => ({ format: 'table', quiet: true, ...o });

describe('analyze --format', () => {
  it('jsonl and csv write the timeline (analyze\'s jsonl = timeline --format jsonl)', async () => {
    for (const format of ['jsonl', 'csv']) {
      const a = fakeIo();
      expect(await runAnalyze([SAMPLE], analyzeOpts({ format }), a)).toBe(0);
      const t = fakeIo();
      await runTimeline([SAMPLE], { quiet: true, format }, t);
      expect(a.out()).toBe(t.out());
      expect(a.err()).toBe('');
    }
  });

  it('html -o writes one self-contained page', async () => {
    const out = path.join(dir, 'report.html');
    expect(await runAnalyze([SAMPLE], analyzeOpts({ format: 'html', output: out }), fakeIo(true))).toBe(0);
    const html = readFileSync(out, 'utf8');
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).toContain('Content-Security-Policy');
  });

  it('html to a terminal is a usage error that says to use -o', async () => {
    await expect(runAnalyze([SAMPLE], analyzeOpts({ format: 'html' }), fakeIo(true))).rejects.toThrow(/-o report\.html/);
  });

  it('names every format when given an unknown one', async () => {
    await expect(runAnalyze([SAMPLE], analyzeOpts({ format: 'xml' }), fakeIo())).rejects.toThrow('is not one of csv, html, json, jsonl, md, table');
  });

  it('md keeps to --max-evidence', async () => {
    const io = fakeIo();
    await runAnalyze([SAMPLE], analyzeOpts({ format: 'md', maxEvidence: '1' }), io);
    expect(io.out()).toContain('(first 1 of 9; the JSON report has all)');
  });
});

describe('timeline filters', () => {
  it('--container keeps the events naming that sandbox (prefix, chain, IP or pod)', async () => {
    const { rows } = await timeline({ format: 'jsonl', container: 'CNI-DN-b24a4eb3a38dc5843c23a' });
    expect(rows.length).toBe(11);
    for (const r of rows) expect(String(r.containerIds)).toContain(STALE);
    expect((await timeline({ format: 'jsonl', container: 'default/hostport-app-0' })).rows.length).toBe(19);
  });

  it('--host keeps one host, and says which hosts there are when it matches none', async () => {
    const { rows } = await timeline({ format: 'jsonl', host: 'centos79' });
    expect(rows.length).toBe(54);
    await expect(timeline({ host: 'nope' })).rejects.toThrow('--host "nope" matches no host in the inputs: they hold centos79.');
  });

  it('--since and --until take ISO-8601 with Z or an offset, and are inclusive', async () => {
    const z = await timeline({ format: 'jsonl', since: '2024-09-14T03:39:43.530117Z', until: '2024-09-14T03:39:47Z' });
    const off = await timeline({ format: 'jsonl', since: '2024-09-14T11:39:43.530117+08:00', until: '2024-09-14T11:39:47+08:00' });
    expect(z.rows.map((r) => r.kind)).toEqual(['shim.disconnected', 'task.deleted', 'daemon.stopped', 'daemon.stopped', 'deploy.step', 'sandbox.stop.failed']);
    expect(off.out).toBe(z.out);
  });

  it('--since/--until also take what people paste: a journal stamp, ISO without a zone or seconds, read on the host\'s clock', async () => {
    const z = await timeline({ format: 'jsonl', since: '2024-09-14T03:39:43.530117Z', until: '2024-09-14T03:39:47Z' });
    const journal = await timeline({ format: 'jsonl', since: 'Sep 14 11:39:43.530117', until: '9月 14 11:39:47' });
    const local = await timeline({ format: 'jsonl', since: '2024-09-14 11:39:43.530117', until: '2024-09-14T11:39:47' });
    expect(journal.out).toBe(z.out);
    expect(local.out).toBe(z.out);
    // Every guess is said on stderr; a time with its own year and zone needs none.
    expect(journal.err).toBe(
      'podmortem: --since "Sep 14 11:39:43.530117" read as 2024-09-14T03:39:43.530117Z: year 2024 from the events, zone +08:00 (the clock of centos79)\n' +
        'podmortem: --until "9月 14 11:39:47" read as 2024-09-14T03:39:47.000000Z: year 2024 from the events, zone +08:00 (the clock of centos79)\n',
    );
    expect(z.err).toBe('');
    const minute = await timeline({ format: 'jsonl', around: '2024-09-14 11:39', window: '1s' });
    expect(minute.rows.map((r) => r.datetime)).toEqual([]);
    expect(minute.err).toContain('read as 2024-09-14T03:39:00.000000Z: zone +08:00');
    const later = await timeline({ format: 'jsonl', around: '2024-09-14 11:40', window: '0s' });
    expect(later.err).toContain('read as 2024-09-14T03:40:00.000000Z');
  });

  it('a year-less time takes --year when given, and --tz sets the zone it is read in', async () => {
    const y = await timeline({ format: 'jsonl', since: 'Sep 14 11:39:43', year: '2023' });
    expect(y.err).toContain('read as 2023-09-14T03:39:43.000000Z: year 2023 from --year, zone +08:00');
    const tz = await timeline({ format: 'jsonl', since: 'Sep 14 11:39:43', tz: 'Asia/Tokyo' });
    expect(tz.err).toContain('read as 2024-09-14T02:39:43.000000Z: year 2024 from the events, zone Asia/Tokyo (the clock of centos79)');
  });

  it('--around TIME --window SPAN keeps that span either side (default 5m)', async () => {
    const { rows } = await timeline({ format: 'jsonl', around: '2024-09-14T03:39:42Z', window: '1s' });
    expect(rows.map((r) => r.datetime)).toEqual(['2024-09-14T03:39:41.000000Z', '2024-09-14T03:39:41.880000Z', '2024-09-14T03:39:42.000000Z', '2024-09-14T03:39:42.015893Z']);
    const wide = await timeline({ format: 'jsonl', around: '2024-09-14T03:45:00Z' });
    for (const r of wide.rows) expect(Math.abs(Number(r.timestamp) - Date.parse('2024-09-14T03:45:00Z') * 1000)).toBeLessThanOrEqual(300e6);
  });

  it('--kinds takes exact kinds and prefixes with *', async () => {
    const { rows } = await timeline({ format: 'jsonl', kinds: 'deploy.step,daemon.stop*' });
    expect(new Set(rows.map((r) => r.kind))).toEqual(new Set(['deploy.step', 'daemon.stopping', 'daemon.stopped']));
    const sandbox = await timeline({ format: 'jsonl', kinds: 'sandbox.*' });
    expect(new Set(sandbox.rows.map((r) => r.kind))).toEqual(new Set(['sandbox.stop.failed', 'sandbox.teardown.failed', 'sandbox.started']));
  });

  it('combines filters', async () => {
    const { rows } = await timeline({ format: 'jsonl', container: LIVE.slice(0, 12), kinds: 'ipam.*' });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ kind: 'ipam.lease', containerId: LIVE });
  });

  it('rejects what is no time, bad windows, unknown kinds and --window alone', async () => {
    await expect(timeline({ since: 'yesterday' })).rejects.toThrow(/"yesterday" is not a time podmortem reads: write it as 2024-09-14T03:39:43Z/);
    await expect(timeline({ since: 'Foo 14 11:39:02' })).rejects.toThrow(/is not a time podmortem reads/);
    await expect(timeline({ since: 'Sep 31 11:39:02' })).rejects.toThrow(/is not a time podmortem reads/);
    await expect(timeline({ around: '2024-09-14T03:39:43Z', window: '5 minutes' })).rejects.toThrow(/is not a duration/);
    await expect(timeline({ window: '5m' })).rejects.toThrow(/--window needs --around/);
    await expect(timeline({ kinds: 'sandbox.exploded' })).rejects.toThrow(/matches no event kind/);
    await expect(timeline({ since: '2024-09-14T04:00:00Z', until: '2024-09-14T03:00:00Z' })).rejects.toThrow(UserError);
  });

  it('text: filtered containers only, and a block of the host\'s container-less events when no --container is given', async () => {
    const all = await timeline({});
    expect(all.out).toContain(`== ${STALE} on centos79 (sandbox)`);
    expect(all.out).toContain("== centos79: events naming no container · times in UTC, then on the host's clock (+08:00)");
    const steps = await timeline({ kinds: 'deploy.step' });
    expect(steps.out).not.toContain(`== ${STALE}`);
    expect(steps.out.split('\n').filter((l) => l.includes('deploy.step'))).toHaveLength(10);
    const one = await timeline({ container: STALE, kinds: 'sandbox.*' });
    expect(one.out.split('\n')[0]).toBe(`== ${STALE} on centos79 (sandbox) · times in UTC, then on the host's clock (+08:00)`);
    expect(one.out).toContain('   2024-09-14T03:39:47.000000Z  2024-09-14 11:39:47.000  sandbox.stop.failed ');
    expect(one.out).not.toContain('events naming no container');
    expect(one.out.split('\n').filter((l) => /^ {3}\d{4}-/.test(l))).toHaveLength(4);
  });

  it('--as-host renames the host (what --host is for the other commands)', async () => {
    const { rows } = await timeline({ format: 'jsonl', asHost: 'node-x', kinds: 'bundle.captured' });
    expect(rows.map((r) => r.host)).toEqual(['node-x', 'node-x']);
  });
});
