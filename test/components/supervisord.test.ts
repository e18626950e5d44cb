// supervisord component: process-state lines of followed programs, in the log file's shape and in a journal where
// supervisord's stdout keeps its own asctime and level (Supervisor/supervisor#1467 shows that journal shape).

import { describe, expect, it } from 'vitest';
import { daemonOfProgram, supervisord, supervisordMayMatch } from '../../src/components/supervisord.js';
import { inputOf, journalRecords, recordAt, withMessage } from '../helpers/fixtures.js';

const base = recordAt(journalRecords('short-english-months'), 1);
const read = (message: string, ident = 'supervisord') => supervisord.recognize(inputOf({ ...withMessage(base, message), ident })).map((e) => [e.kind, e.attrs.daemon, e.attrs.program]);

describe('supervisord', () => {
  it('reads the four process-state lines of a followed program, bare or with supervisord\'s own prefix', () => {
    // kubernetes/kubernetes#22259 (the messages after supervisord's prefix)
    expect(read("spawned: 'kubelet' with pid 4303")).toEqual([['daemon.starting', 'kubelet', 'kubelet']]);
    expect(read('success: docker entered RUNNING state, process has stayed up for > than 1 seconds (startsecs)')).toEqual([['daemon.started', 'dockerd', 'docker']]);
    expect(read('exited: kubelet (exit status 2; expected)')).toEqual([['daemon.stopped', 'kubelet', 'kubelet']]);
    // supervisor 4.2.5 run here (samples/formats/supervisord-log), as a journal keeps it
    expect(read('2026-12-08 00:37:23,610 WARN stopped: dockerd (terminated by SIGTERM)')).toEqual([['daemon.stopped', 'dockerd', 'dockerd']]);
    expect(read("2026-12-08 00:37:15,244 INFO spawned: 'containerd' with pid 15688")).toEqual([['daemon.starting', 'containerd', 'containerd']]);
  });

  it('Python 2\'s repr of a unicode program name (supervisor 3.x: spawned: %r)', () => {
    expect(read("spawned: u'kubelet' with pid 4303")).toEqual([['daemon.starting', 'kubelet', 'kubelet']]);
  });

  it('gives nothing for other programs, other lines and other identifiers', () => {
    // Supervisor/supervisor#1467 (a journal of supervisord running a queue worker)
    expect(read("2021-11-01 19:20:06,136 INFO spawned: 'laravel-worker_01' with pid 16392")).toEqual([]);
    expect(read('gave up: kubelet entered FATAL state, too many start retries too quickly')).toEqual([]);
    expect(read('waiting for dockerd to stop')).toEqual([]);
    expect(read("spawned: 'kubelet' with pid 4303", 'kubelet')).toEqual([]);
  });

  it('maps program names as systemd maps units, dockerd included', () => {
    expect(['docker', 'dockerd', 'containerd', 'kubelet', 'k3s', 'cri-dockerd', 'nginx', 'docker-gc'].map(daemonOfProgram)).toEqual(['dockerd', 'dockerd', 'containerd', 'kubelet', 'k3s', 'cri-dockerd', null, null]);
  });

  it('the gate passes every line read above and turns prose away', () => {
    const t = 'success: docker entered RUNNING state, process has stayed up for > than 1 seconds (startsecs)';
    expect(supervisordMayMatch(t, 0, t.length)).toBe(true);
    const p = 'supervisord started with pid 1';
    expect(supervisordMayMatch(p, 0, p.length)).toBe(false);
  });
});
