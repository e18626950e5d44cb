// Upstart (Ubuntu 14.04, RHEL 6: docker ≤ 1.x's init system) on a followed job's main process ending. Upstart logs
// through the kernel ring buffer, so syslog shows it under "kernel" with kmsg's "[ secs]" stamp; RHEL 6 under "init".

import { daemonOfUnit } from './systemd.js';
import { draft, type Component } from './types.js';

// init/job_process.c job_process_terminated: nih_warn("%s %s process (%d) terminated with status %d") and
// ("%s %s process (%d) killed by %s signal"), job name then process name ("main"). The "… main process ended,
// respawning" warning after it restates the exit and is not read.
const EXITED = /^(?:\[ *\d+\.\d+\] )?init: ([\w.-]+) main process \((\d+)\) (?:terminated with status (\d+)|killed by (\w+) signal)$/;
const IDENTS: readonly string[] = ['kernel', 'init'];

/** False unless the message text[start, end) is "init: <job> main process (…" after an optional kmsg stamp. */
export function upstartMayMatch(text: string, start: number, end: number): boolean {
  let i = start;
  if (text[i] === '[') {
    const close = text.indexOf('] ', i);
    if (close === -1 || close - i > 20) return false;
    i = close + 2;
  }
  return text.startsWith('init: ', i) && text.slice(i, end).includes(' main process (');
}

export const upstart: Component = {
  id: 'upstart',
  gate: { body: 'ident', ident: (ident) => IDENTS.includes(ident), mayMatch: upstartMayMatch, keywords: ['main process ('] },
  recognize(input) {
    const { rec } = input;
    if (rec.ident === null || !IDENTS.includes(rec.ident)) return [];
    const m = EXITED.exec(rec.message);
    if (!m) return [];
    const daemon = daemonOfUnit(m[1]!);
    if (!daemon) return [];
    return [draft(input, 'daemon.stopped', [], { daemon, via: 'upstart', job: m[1]!, mainPid: Number(m[2]), status: m[3] !== undefined ? Number(m[3]) : null, signal: m[4] ?? null })];
  },
};
