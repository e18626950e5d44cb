// supervisord (Supervisor 3.0–4.3) keeping a followed daemon running: its process-state lines for a program named
// after docker, containerd, the kubelet or k3s are that daemon's start, readiness and exit, as systemd's job lines
// are for a unit (components/systemd.ts). Other programs (a web app, a queue worker) are not followed.

import { daemonOfUnit } from './systemd.js';
import { draft, type Component } from './types.js';

// supervisor/process.py, every 3.x and 4.x release (process.py:261 in 3.0, :270 in 4.0.0):
//   _spawn_as_parent  logger.info('spawned: %r with pid %s')   (3.x: the name's repr, 'kubelet' or u'kubelet' on
//                     Python 2) / 'spawned: \'%s\' with pid %s' (4.x)
//   transition        logger.info('success: %s %s', name, 'entered RUNNING state, process has stayed up for > than %s
//                     seconds (startsecs)'), once the program stayed up startsecs
//   finish            "exited: %s (%s)" with decode_wait_status ("exit status 2", "terminated by SIGKILL") and
//                     "; expected" / "; not expected"; "stopped: %s (%s)" when supervisor itself stopped it
// "gave up: <name> entered FATAL state, too many start retries too quickly" follows the exits it gives up on and
// restates them (as systemd's start-limit lines do): not read.
const SPAWNED = /^spawned: u?'([^']+)' with pid (\d+)$/;
const RUNNING = /^success: (\S+) entered RUNNING state\b/;
const EXITED = /^(exited|stopped): (\S+) \((exit status (\d+)|terminated by (\w+))(?:; (expected|not expected))?\)$/;
// The same lines in a journal or a collector's stream: supervisord writing its log to stdout keeps its asctime and level.
const OWN_PREFIX = /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} (?:CRIT|ERRO|WARN|INFO|DEBG|TRAC|BLAT) /;
const IDENTS: readonly string[] = ['supervisord', 'supervisor'];

/** The followed daemon a supervisor program name stands for (its [program:<name>] section), or null. */
export function daemonOfProgram(name: string): string | null {
  if (name === 'dockerd') return 'dockerd';
  return daemonOfUnit(name);
}

/** False unless the message text[start, end) holds one of the process-state words read here. */
export function supervisordMayMatch(text: string, start: number, end: number): boolean {
  const t = text.slice(start, end);
  return t.includes('spawned: ') || t.includes(' entered RUNNING state') || t.includes('exited: ') || t.includes('stopped: ');
}

export const supervisord: Component = {
  id: 'supervisord',
  gate: { body: 'ident', ident: (ident) => IDENTS.includes(ident), mayMatch: supervisordMayMatch, keywords: ['spawned: ', ' entered RUNNING state', 'exited: ', 'stopped: '] },
  recognize(input) {
    const { rec } = input;
    if (rec.ident === null || !IDENTS.includes(rec.ident)) return [];
    const prefix = OWN_PREFIX.exec(rec.message);
    const msg = prefix ? rec.message.slice(prefix[0].length) : rec.message;
    const s = SPAWNED.exec(msg);
    if (s) {
      const daemon = daemonOfProgram(s[1]!);
      return daemon ? [draft(input, 'daemon.starting', [], { daemon, via: 'supervisord', program: s[1]!, pid: Number(s[2]) })] : [];
    }
    const r = RUNNING.exec(msg);
    if (r) {
      const daemon = daemonOfProgram(r[1]!);
      return daemon ? [draft(input, 'daemon.started', [], { daemon, via: 'supervisord', program: r[1]! })] : [];
    }
    const x = EXITED.exec(msg);
    if (x) {
      const daemon = daemonOfProgram(x[2]!);
      if (!daemon) return [];
      return [draft(input, 'daemon.stopped', [], { daemon, via: 'supervisord', program: x[2]!, status: x[4] !== undefined ? Number(x[4]) : null, signal: x[5] ?? null, expected: x[6] === undefined ? null : x[6] === 'expected', stoppedBySupervisor: x[1] === 'stopped' })];
    }
    return [];
  },
};
