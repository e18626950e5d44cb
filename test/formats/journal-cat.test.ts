// journalctl -o cat: messages only. Read only when the file name names the unit; its records are timeless.

import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FORMATS } from '../../src/formats/index.js';
import { journalCat, unitFromName } from '../../src/formats/journal-cat.js';
import { ingest } from '../../src/ingest.js';
import { sniff } from '../../src/sniff/sniff.js';
import { headOf, runFormat } from '../helpers/run-format.js';

const ROOT = path.resolve(__dirname, '../..');
const MODES = path.join(ROOT, 'samples/formats/journal-modes');
const read = (dir: string): string => readFileSync(path.join(MODES, dir, 'input'), 'utf8');
const KUBELET_CAT = 'sos_commands/logs/journalctl_--no-pager_-u_kubelet.service_-o_cat';
const accounted = (r: ReturnType<typeof runFormat>): void => {
  expect(r.counters.records + r.counters.skipped + r.counters.unparsed).toBe(r.counters.lines);
};

describe('journal-cat: the unit from the file name', () => {
  it.each([
    ['sos_commands/logs/journalctl_--no-pager_--unit_docker', 'docker.service'],
    ['journalctl_--no-pager_--unit_kubelet', 'kubelet.service'],
    ['journalctl_-u_kubelet.service', 'kubelet.service'],
    ['journalctl_--no-pager_-u_kubelet.service_-o_cat', 'kubelet.service'],
    ['journalctl_--unit_cri-docker_-o_cat', 'cri-docker.service'],
    ['journalctl_--unit=containerd', 'containerd.service'],
    ['journalctl_-u_session-412.scope', 'session-412.scope'],
    ['journalctl_--no-pager', null],
    ['journalctl_-o_cat', null],
    ['var/log/messages', null],
    ['docker_-u_kubelet', null],
  ])('%s → %s', (p, unit) => {
    expect(unitFromName(p)).toBe(unit);
  });
});

describe('journal-cat detect', () => {
  it('claims cat output under a name with the unit, more surely with -o_cat in it', () => {
    const t = read('unit-kubelet-cat');
    const named = journalCat.detect(headOf(t, KUBELET_CAT))!;
    const plain = journalCat.detect(headOf(t, 'sos_commands/logs/journalctl_--no-pager_--unit_kubelet'))!;
    expect(named.score).toBeGreaterThan(plain.score);
    expect(plain.score).toBeGreaterThanOrEqual(0.5);
    expect(named.why).toContain('kubelet.service');
    expect(sniff(headOf(t, KUBELET_CAT), Buffer.from(t)).format?.id).toBe('journal-cat');
  });

  it('leaves cat output to the envelope fallback when no unit is evident (the full -o cat rendering)', () => {
    const t = read('cat-no-unit');
    expect(journalCat.detect(headOf(t, 'journalctl_-o_cat'))).toBeNull();
    // Nothing says which line is whose: no format reads the file whole, and the last resort reads only the lines
    // whose own header says what they are (klog, logrus), counting the others (systemd's, a script's) unparsed.
    expect(sniff(headOf(t, 'journalctl_-o_cat'), Buffer.from(t)).format?.id).toBe('enveloped');
  });

  it.each([
    ['short', 'journal-short'],
    ['unit-kubelet-short', 'journal-short'],
    ['json', 'journal-json'],
    ['verbose', 'journal-verbose'],
  ])('a %s rendering under a unit file name goes to its own format (%s)', (dir, id) => {
    const t = read(dir);
    const head = headOf(t.slice(0, 16384), 'journalctl_--no-pager_--unit_kubelet');
    expect(sniff(head, Buffer.from(t.slice(0, 16384))).format?.id).toBe(id);
  });

  it('never claims journal envelopes itself, whatever the name', () => {
    for (const dir of ['short', 'short-iso', 'short-full', 'json', 'export']) expect(journalCat.detect(headOf(read(dir), 'journalctl_-u_kubelet')), dir).toBeNull();
  });

  it('its own samples win under a unit file name', () => {
    const head = headOf(journalCat.samples.join('\n'), KUBELET_CAT);
    const mine = journalCat.detect(head)!;
    for (const f of FORMATS.filter((x) => x !== journalCat)) expect(f.detect(head)?.score ?? 0, f.id).toBeLessThan(mine.score);
  });
});

describe('journal-cat records', () => {
  it('one timeless record per message line, identifier = the unit, no host or PID, and a note saying so', () => {
    const r = runFormat(journalCat, read('unit-kubelet-cat'), KUBELET_CAT);
    expect(r.counters).toEqual({ lines: 7, records: 7, events: 0, skipped: 0, unparsed: 0 });
    expect(r.records.every((x) => x.stamp === null && x.absUs === null && x.ident === 'kubelet.service' && x.pid === null && x.host === null && x.domain === 'journal')).toBe(true);
    expect(r.records[0]!.message).toMatch(/^I0914 11:39:02\.118431 +1789 kubelet\.go:2430\] "SyncLoop DELETE"/);
    expect(r.notes).toEqual(['journalctl -o cat: messages only (no time, host or PID); unit kubelet.service taken from the file name; its 7 records are timeless']);
  });

  it('raw bytes (cat prints non-UTF-8 as is) are still a message', () => {
    const r = runFormat(journalCat, read('unit-docker-cat'), 'journalctl_--no-pager_--unit_docker');
    expect(r.counters.records).toBe(10);
    expect(r.records[0]!.message).toMatch(/^2024-09-14 11:39:03 \[INFO\] .*\(SIGTERM\)$/);
  });

  it('empty lines and journalctl markers are skipped; a message starting with "-- " is kept', () => {
    const r = runFormat(journalCat, '-- Boot 7d4b2e91c0a34f6f8e2d1a5b9c3e7f10 --\nfirst\n\n-- No entries --\n-- not a marker\n', KUBELET_CAT);
    expect(r.records.map((x) => x.message)).toEqual(['first', '-- not a marker']);
    expect(r.counters.skipped).toBe(3);
    accounted(r);
  });

  it('forced on a file without a unit, every line is counted unparsed with the reason', () => {
    const r = runFormat(journalCat, 'a\nb\n', 'journalctl_-o_cat');
    expect(r.records).toEqual([]);
    expect(r.unparsed.map((u) => u.reason)).toEqual(Array(2).fill('journalctl -o cat output with no unit in the file name: nothing to attribute it to'));
  });

  it('random text never throws, and every line is accounted for', () => {
    let seed = 3;
    const rnd = (): number => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
    for (let i = 0; i < 100; i++) {
      const chars = Array.from({ length: Math.floor(rnd() * 2000) }, () => (rnd() < 0.05 ? '\n' : String.fromCharCode(1 + Math.floor(rnd() * 0x3000))));
      let r: ReturnType<typeof runFormat> | undefined;
      expect(() => (r = runFormat(journalCat, chars.join(''), KUBELET_CAT))).not.toThrow();
      accounted(r!);
    }
  });
});

describe('journal-cat through ingest', () => {
  it('a sos-named cat file yields timeless events, and the report inputs say why', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'pm-cat-'));
    const file = path.join(dir, 'journalctl_--no-pager_--unit_docker');
    copyFileSync(path.join(MODES, 'unit-docker-cat/input'), file);
    const ing = await ingest([file], { tz: null, year: null, host: null }).finally(() => rmSync(dir, { recursive: true, force: true }));
    const stat = ing.inputs[0]!;
    expect(stat).toMatchObject({ format: 'journal-cat', lines: 10, records: 10, unparsed: 0 });
    expect(stat.notes.join('\n')).toMatch(/timeless/);
    expect(ing.events.length).toBeGreaterThan(3);
    expect(ing.events.every((e) => e.time === null)).toBe(true);
    // the daemons' own time= still tells the zone
    expect(ing.assumptions.find((a) => a.what === 'time zone')!.value).toBe('+08:00');
  });

  it("the same text without a unit in the name: the lines with a header of their own are read (the envelope fallback), PID 1's job lines alone and timeless", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'pm-cat-'));
    const file = path.join(dir, 'journalctl_-o_cat');
    writeFileSync(file, read('unit-docker-cat'));
    const ing = await ingest([file], { tz: null, year: null, host: null }).finally(() => rmSync(dir, { recursive: true, force: true }));
    const stat = ing.inputs[0]!;
    // The five dockerd logrus lines are records; systemd's four job lines are its own wording quoted alone
    // (components/systemd.ts ALONE), read with no time (nothing in them dates them); the GBK line is no one's.
    expect(stat).toMatchObject({ format: 'enveloped', lines: 10, records: 5, unparsed: 1 });
    const alone = ing.events.filter((e) => [2, 6, 7, 10].includes(e.source.line));
    expect(alone.map((e) => [e.source.line, e.kind, e.time])).toEqual([
      [2, 'daemon.stopping', null],
      [6, 'daemon.stopped', null],
      [7, 'daemon.starting', null],
      [10, 'daemon.started', null],
    ]);
  });
});
