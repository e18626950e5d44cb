// The lines a host logs when it boots: the kernel banner and journald's start. The timeline merges them with
// journalctl's boot markers and _BOOT_ID changes into boots (timeline/boots.ts).

import { draft, type Component } from './types.js';

// init/version.c linux_banner, printed first by every kernel and read from kmsg by journald (identifier
// "kernel"): "Linux version 3.10.0-1160.el7.x86_64 (mockbuild@kbuilder.bsys.centos.org) (gcc version 4.8.5 …) #1 SMP …"
const BANNER = /^Linux version (\S+)/;
// src/journal/journald.c: "Journal started" on every start of journald — at boot, and on a restart of journald
// alone (systemctl restart systemd-journald, a crash): the timeline counts it only next to another boot sign.
const JOURNALD = 'Journal started';
/** CentOS 7's rsyslog writes journald's own lines under the identifier "journal". */
const IDENTS: readonly string[] = ['kernel', 'systemd-journald', 'journal'];

/** False when neither line can be the message text[start, end) (components/gate.ts). */
function bootMayMatch(text: string, start: number, end: number): boolean {
  return text.startsWith('Linux version ', start) || (end - start === JOURNALD.length && text.startsWith(JOURNALD, start));
}

export const boot: Component = {
  id: 'boot',
  gate: { body: 'ident', ident: (ident) => IDENTS.includes(ident), mayMatch: bootMayMatch, keywords: ['Linux version', JOURNALD] },
  recognize(input) {
    const { rec } = input;
    if (rec.ident === null || !IDENTS.includes(rec.ident)) return [];
    const m = rec.ident === 'kernel' ? BANNER.exec(rec.message) : null;
    if (m) return [draft(input, 'boot.started', [], { boot: null, via: 'kernel', kernel: m[1]! })];
    if (rec.ident !== 'kernel' && rec.message === JOURNALD) return [draft(input, 'boot.started', [], { boot: null, via: 'journald' })];
    return [];
  },
};
