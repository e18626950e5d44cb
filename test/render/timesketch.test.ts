// The Timesketch exports: one row per timed timeline event, the same rows in JSONL and CSV, datetime = timestamp.

import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { PmEvent } from '../../src/events/types.js';
import { analyze } from '../../src/report.js';
import { COLUMNS, timeless, timestampDesc } from '../../src/render/_timesketch.js';
import { renderCsv } from '../../src/render/csv.js';
import { renderJsonl } from '../../src/render/jsonl.js';

const SAMPLE = path.resolve(__dirname, '../../samples/hostport-stale-dnat');

/** A strict RFC 4180 reader (CRLF records, quoted fields with doubled quotes), to read our CSV back. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let i = 0;
  let quoted = false;
  while (i < text.length) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') (field += '"'), (i += 2);
      else if (c === '"') (quoted = false), i++;
      else (field += c), i++;
    } else if (c === '"' && field === '') (quoted = true), i++;
    else if (c === ',') row.push(field), (field = ''), i++;
    else if (c === '\r' && text[i + 1] === '\n') row.push(field), rows.push(row), (row = []), (field = ''), (i += 2);
    else if (c === '\n' || c === '\r' || c === '"') throw new Error(`bare ${JSON.stringify(c)} at ${i}`);
    else (field += c), i++;
  }
  if (field !== '' || row.length) throw new Error('last record not ended by CRLF');
  return rows;
}

describe('Timesketch export of the sample timeline', async () => {
  const { timeline } = await analyze([SAMPLE], { tz: null, year: null, host: null }, 'test');
  const jsonl = renderJsonl(timeline.events);
  const rows = jsonl.trimEnd().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
  const csv = parseCsv(renderCsv(timeline.events));

  it('has one row per timeline event (all have a time here), in timeline order', () => {
    expect(timeless(timeline.events)).toBe(0);
    expect(rows).toHaveLength(timeline.events.length);
    expect(rows.map((r) => `${r.path}:${r.line}:${r.kind}`)).toEqual(timeline.events.map((e) => `${e.source.path}:${e.source.line}:${e.kind}`));
  });

  it('puts Timesketch\'s columns first, then the same columns in JSONL and CSV', () => {
    expect(COLUMNS.slice(0, 4)).toEqual(['message', 'datetime', 'timestamp_desc', 'timestamp']);
    for (const r of rows) expect(Object.keys(r)).toEqual([...COLUMNS]);
    expect(csv[0]).toEqual([...COLUMNS]);
  });

  it('has datetime in ISO-8601 UTC with microseconds, consistent with timestamp in µs', () => {
    for (const r of rows) {
      expect(r.datetime).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/);
      const [, frac] = /\.(\d{6})Z$/.exec(r.datetime as string)!;
      expect(Date.parse(r.datetime as string) * 1000 + (Number(frac) % 1000)).toBe(r.timestamp);
    }
  });

  it('says what each instant means', () => {
    const desc = (kind: string): unknown => rows.find((r) => r.kind === kind)?.timestamp_desc;
    expect(desc('shim.disconnected')).toBe('Journal entry');
    expect(rows.find((r) => r.kind === 'deploy.step' && String(r.path).endsWith('deploy.log'))?.timestamp_desc).toBe('Deploy log entry');
    expect(desc('cni.dnat.present')).toBe('iptables dump captured');
    expect(desc('ipam.lease')).toBe('Lease file observed');
    expect(desc('bundle.captured')).toBe('Bundle captured');
  });

  it('carries host, kind, containerId, path, line, pod and the other attributes', () => {
    const jump = rows.find((r) => r.kind === 'cni.dnat.present' && r.containerId === 'fb7cdb0a4f8da673da0a9818ec9a1576f953a8e8decf87a081827c11e4aa7138')!;
    expect(jump).toMatchObject({ host: 'centos79', path: 'hostport-stale-dnat/sos_commands/firewall_tables/iptables_-t_nat_-nvL', line: 48 });
    expect(jump.attrs).toMatchObject({ target: 'CNI-DN-b24a4eb3a38dc5843c23a', ports: [443, 80, 9001, 10001] });
    const host = rows.find((r) => r.kind === 'pod.deleted')!;
    expect(host).toMatchObject({ containerId: null, containerIds: null, pod: 'default/hostport-app-0', ident: 'kubelet', pid: 1789 });
  });

  it('has the same rows in CSV as in JSONL, field for field', () => {
    expect(csv).toHaveLength(rows.length + 1);
    rows.forEach((r, i) => {
      const cells = csv[i + 1]!;
      COLUMNS.forEach((c, j) => {
        const v = r[c];
        expect(cells[j], `${i}:${c}`).toBe(v === null ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v));
      });
    });
  });

  it('keeps multi-line messages whole (quoted in CSV)', () => {
    const multi = rows.find((r) => String(r.message).includes('\n'))!;
    expect(multi.endLine).toBe(12);
    expect(csv.some((c) => c[0] === multi.message)).toBe(true);
  });
});

describe('events without a time', () => {
  it('are left out of both exports and counted', async () => {
    const { timeline } = await analyze([SAMPLE], { tz: null, year: null, host: null }, 'test');
    const events: PmEvent[] = [{ ...timeline.events[0]!, time: null }, timeline.events[1]!];
    expect(timeless(events)).toBe(1);
    expect(renderJsonl(events).trimEnd().split('\n')).toHaveLength(1);
    expect(renderCsv(events).split('\r\n').filter(Boolean)).toHaveLength(2);
  });

  it('timestampDesc falls back to "Log entry" for plain log files', async () => {
    const { timeline } = await analyze([SAMPLE], { tz: null, year: null, host: null }, 'test');
    expect(timestampDesc({ ...timeline.events[0]!, domain: 'host', kind: 'shim.disconnected' })).toBe('Log entry');
  });
});
