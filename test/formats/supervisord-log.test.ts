// supervisord's own log (samples/formats/SOURCE.md): every line a record on the host's clock, and the process-state
// lines of programs named after followed daemons read as their start, readiness and exit; a Python script's log in
// the same asctime layout stays deploy-log's.

import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { deployLog } from '../../src/formats/deploy-log.js';
import { supervisordLog } from '../../src/formats/supervisord-log.js';
import { ingest } from '../../src/ingest.js';
import { headOf, runFormat } from '../helpers/run-format.js';
import { readFileSync } from 'node:fs';

const DIR = path.resolve(__dirname, '../../samples/formats/supervisord-log');
const at = (c: string): string => path.join(DIR, c, 'input');
const events = async (file: string) => (await ingest([file], { tz: null, year: null, host: null })).events.map((e) => [e.source.line, e.kind, e.attrs.daemon]);

describe('supervisord-log', () => {
  it('supervisor 4.2.5 run here: every line a record, the followed programs\' spawned/RUNNING/exited/stopped lines their lifecycle', async () => {
    const r = runFormat(supervisordLog, readFileSync(at('supervisor-4.2.5-followed-programs'), 'utf8'), 'var/log/supervisor/supervisord.log');
    expect(r.counters).toMatchObject({ lines: 27, records: 27, unparsed: 0 });
    expect(r.records[0]).toMatchObject({ ident: 'supervisord', stamp: { year: 2026, month: 12, day: 8, hour: 0, minute: 37, second: 14, micro: 199000, offsetMin: null } });
    const got = await events(at('supervisor-4.2.5-followed-programs'));
    expect(got.filter(([, , d]) => d === 'dockerd')).toEqual([
      [7, 'daemon.starting', 'dockerd'],
      [11, 'daemon.started', 'dockerd'],
      [24, 'daemon.stopped', 'dockerd'],
    ]);
    // containerd never reached RUNNING: spawned, exited, spawned, exited; "gave up … FATAL" (line 14) restates it.
    expect(got.filter(([, , d]) => d === 'containerd').map(([l, k]) => [l, k])).toEqual([
      [6, 'daemon.starting'],
      [9, 'daemon.stopped'],
      [10, 'daemon.starting'],
      [13, 'daemon.stopped'],
    ]);
    // supervisord's own start and shutdown lines, "waiting for dockerd to stop" and "gave up" give nothing.
    expect(got.map(([l]) => l)).not.toContain(5);
    expect(got.map(([l]) => l)).not.toContain(14);
    expect(got.map(([l]) => l)).not.toContain(23);
    expect(got).toHaveLength(19);
  });

  it('a README\'s terminal paste (psharkey/docker toolbox-dind, supervisor 3.x on Python 2): docker spawned and RUNNING, the bash program not followed', async () => {
    const got = await events(at('toolbox-dind-readme-paste'));
    expect(got).toEqual([
      [9, 'daemon.starting', 'dockerd'],
      [11, 'daemon.started', 'dockerd'],
    ]);
  });

  it('programs that are no followed daemon give nothing (Supervisor/supervisor#432, supervisor 3.0)', async () => {
    const text = [
      '2014-05-19 19:39:17,816 INFO gave up: nslcd entered FATAL state, too many start retries too quickly',
      "2014-05-19 19:49:00,741 INFO spawned: 'nslcd' with pid 553",
      '2014-05-19 19:49:00,821 INFO exited: nslcd (exit status 0; not expected)',
    ].join('\n');
    expect(supervisordLog.detect(headOf(text, 'supervisord.log'))).not.toBeNull();
    const r = runFormat(supervisordLog, text + '\n', 'supervisord.log');
    expect(r.counters).toMatchObject({ records: 3, unparsed: 0 });
  });

  it('a Python script logging in the same layout is no supervisord log (deploy-log keeps it)', () => {
    const text = readFileSync(path.resolve(__dirname, '../../samples/formats/deploy-log/python-logging-padded-level-bracket-name/input'), 'utf8');
    expect(supervisordLog.detect(headOf(text))).toBeNull();
    expect(deployLog.detect(headOf(text))).not.toBeNull();
  });

  it('kubernetes#22259: the GCE node\'s docker and kubelet under supervisord (samples/wild)', async () => {
    const got = await events(path.resolve(__dirname, '../../samples/wild/kubernetes-22259-supervisord-log-kubelet-exited-spawned-running.log'));
    expect(got).toEqual([
      [1, 'daemon.started', 'dockerd'],
      [2, 'daemon.stopped', 'kubelet'],
      [3, 'daemon.starting', 'kubelet'],
      [4, 'daemon.started', 'kubelet'],
    ]);
  });
});

describe('supervisord in a journal (its stdout, its own prefix kept)', () => {
  it('journal-short reads it; the component takes the asctime and level off and reads the same process-state lines', async () => {
    const file = at('journal-supervisord-stdout');
    const ing = await ingest([file], { tz: null, year: null, host: null });
    expect(ing.inputs[0]!.format).toBe('journal-short');
    const got = ing.events.map((e) => [e.source.line, e.kind, e.attrs.daemon]);
    expect(got.filter(([, , d]) => d === 'kubelet')).toEqual([
      [7, 'daemon.starting', 'kubelet'],
      [11, 'daemon.started', 'kubelet'],
      [14, 'daemon.stopped', 'kubelet'],
      [15, 'daemon.starting', 'kubelet'],
      [18, 'daemon.stopped', 'kubelet'],
    ]);
    // "waiting for dockerd, kubelet to die" (17) and the partial repeat (20) give nothing
    expect(got.map(([l]) => l)).not.toContain(17);
    expect(got.map(([l]) => l)).not.toContain(20);
  });
});
