// A boot console as a serial port, a VM's console log, a cloud's "get console output" or plymouth's /var/log/boot.log
// (RHEL/CentOS) keeps it, or `docker logs` of a kind/minikube node container whose PID 1 is systemd: systemd's own status
// lines, which go to /dev/console only and never to the journal in this form, between the kernel's `[   12.34] ` lines
// (printk, and what journald forwards to kmsg: `[   12.329976] cloud-init[1047]: …`). No line states a wall-clock
// time: every record is timeless (never placed in time, never counted against what a journal covers).
//
// systemd's layout (src/core/show-status.c status_vprintf, read at systemd/systemd 0abc43fe): a job's done message after its result
// word in brackets, "[" status "] " + text, or, for the begin message, the nine blanks of `status_indent` ("         ")
// in the bracket's place; the text ellipsized in its middle to the console's width (ellipsize(s, emax, 50): "Reboot
// system if needed fo…guration changes", bottlerocket-os/bottlerocket#3000), and the result word coloured when the
// console shows colour ("\x1b[0;32m  OK  \x1b[0m"). The words are src/core/job.c's job_done_messages[] ("  OK  ",
// "FAILED", "DEPEND", " TIME ", " INFO ", "ASSERT", "UNSUPP", " ONCE ", read at systemd/systemd 0034ae26); the texts
// are the formats the journal gets (job_start_message_format: "Starting %s...", "Stopping %s...";
// job_done_message_format: "Started %s.", "Stopped %s.", "Failed to start %s.", …), of the unit's description or,
// under StatusUnitFormat=combined, "<unit> - <description>" (unit_status_string). So a status line is read as
// the journal line of PID 1 it mirrors: a record of identifier "systemd" whose message is the text (components/
// systemd.ts reads the daemons' units among them), e.g. "[  OK  ] Started kubelet: The Kubernetes Node Agent.".

import { cutOrigin, shortRecord } from './journal-short.js';
import type { Detection, Format, FormatContext, Head, LineParser } from './types.js';

/** A colour escape around the result word, whole or with its ESC lost in a copy ("[0;32m  OK  [0m"). */
const COLOUR = '(?:\\u001b?\\[[\\d;]*m)?';
/** job.c's job_done_messages[] words, each six columns. */
const WORD = '( {2}OK {2}|FAILED|DEPEND| TIME | INFO |ASSERT|UNSUPP| ONCE )';
/** A done message: "[  OK  ] Started containerd container runtime." */
const DONE = new RegExp(`^\\[${COLOUR}${WORD}${COLOUR}\\] (\\S.*)$`);
/**
 * A begin message: status_indent's nine blanks, then job_start_message_format's verb (the unit types' own:
 * mount.c "Mounting"/"Unmounting", swap.c "Activating swap"/"Deactivating swap", the default "Starting"/"Stopping").
 */
const BEGIN = /^ {9}((?:Starting|Stopping|Mounting|Unmounting|Activating swap|Deactivating swap) \S.*)$/;
/**
 * The spinner of a job that takes long (manager.c manager_print_jobs_in_progress: "[" cylon "] A start job is running
 * for …"), written over itself on a terminal and kept line after line on a serial log: progress, no event.
 */
const CYLON = /^\[(?:[ *]|\u001b?\[[\d;]*m)*\] A (?:start|stop) job is running for /;
/**
 * The highlight around the unit in the text on a colour console (unit.c unit_status_printf: ANSI_HIGHLIGHT "\x1b[0;1;39m"
 * before the description, or before the unit name in "<unit> - <description>", and ANSI_NORMAL "\x1b[0m" after), whole
 * or with its ESC lost in a copy: no part of the journal line the text mirrors.
 */
const SGR = /\u001b?\[[\d;]*m/g;

/** A kernel console line: printk's seconds since boot in brackets ("[   12.329976] "). */
const KERNEL = /^\[ *\d+\.\d+\] (.*)$/s;
/** What journald forwards to the console or kmsg: "<identifier>[pid]: message" (the kernel's own lines have no pid). */
const FORWARDED = /^[A-Za-z_][\w.@-]*\[\d+\]: /;

/** A cheap refusal first: a head holding no result word in brackets is no boot console (sos's many small files). */
const MAY = /\[(?:\u001b?\[[\d;]*m)?(?: {2}OK {2}|FAILED|DEPEND| TIME )/;

/** What a console line is: a status line (its text), a kernel line, a spinner, or none of them. */
type ConsoleLine = { kind: 'status'; text: string } | { kind: 'kernel'; rest: string } | { kind: 'progress' } | null;

/** A status text without the console's colour codes. */
function plain(text: string): string {
  return text.indexOf('m') === -1 || text.indexOf('[') === -1 ? text : text.replace(SGR, '');
}

export function consoleLine(line: string): ConsoleLine {
  const c = line.charCodeAt(0);
  if (c === 91 /* [ */) {
    const d = DONE.exec(line);
    if (d) return { kind: 'status', text: plain(d[2]!) };
    const k = KERNEL.exec(line);
    if (k) return { kind: 'kernel', rest: k[1]! };
    if (CYLON.test(line)) return { kind: 'progress' };
    return null;
  }
  if (c === 32) {
    const b = BEGIN.exec(line);
    return b ? { kind: 'status', text: plain(b[1]!) } : null;
  }
  return null;
}

function detect(head: Head): Detection | null {
  if (!MAY.test(head.text)) return null;
  const lines = head.lines.filter((l) => l.trim() !== '');
  if (lines.length === 0) return null;
  let status = 0;
  let done = 0;
  let other = 0;
  for (const l of lines) {
    const c = consoleLine(l.endsWith('\r') ? l.slice(0, -1) : l);
    if (c === null) continue;
    if (c.kind === 'status') {
      status++;
      if (l.charCodeAt(0) === 91) done++;
    } else other++;
  }
  const ratio = (status + other) / lines.length;
  // A bracketed result word is what no other program prints at a line's start; kernel lines alone are journal-short's
  // (short-monotonic) or a dmesg, not a console of systemd's.
  if (done === 0 || ratio < 0.6) return null;
  // Above journal-short's reading of the kernel lines (0.5 + ratio × 0.45, at most 0.95): the status lines are ours.
  return { score: 0.96, why: `${status} head lines are systemd's console status lines ("[  OK  ] …", "         Starting …"), ${other} kernel console lines; no time` };
}

class ConsoleParser implements LineParser {
  private status = 0;
  private forwarded = 0;
  private kernel = 0;

  constructor(private readonly ctx: FormatContext) {}

  line(text: string, lineNo: number): void {
    if (text.endsWith('\r')) text = text.slice(0, -1);
    if (text.trim() === '') return this.ctx.skipped(lineNo, 'empty line');
    const c = consoleLine(text);
    if (c === null) return this.ctx.unparsed(lineNo, 'neither a systemd console status line nor a kernel console line', text);
    if (c.kind === 'progress') return this.ctx.skipped(lineNo, "systemd's progress line of a job still running");
    const path = this.ctx.path;
    if (c.kind === 'status') {
      this.status++;
      return this.ctx.record({ stamp: null, absUs: null, domain: 'host', host: null, ident: 'systemd', pid: 1, message: c.text, source: { path, line: lineNo }, raw: text });
    }
    // A journald-forwarded line is a journal line with seconds since boot for its time: read as journal-short reads
    // short-monotonic, timeless. The kernel's own lines (drivers, the banner) say nothing of the followed daemons.
    const origin = FORWARDED.test(c.rest) ? cutOrigin(c.rest) : null;
    if (origin === null) {
      this.kernel++;
      return this.ctx.skipped(lineNo, "the kernel's own console line");
    }
    this.forwarded++;
    this.ctx.record(shortRecord({ stamp: null, absUs: null, rest: c.rest, timeless: true }, origin, path, lineNo, text));
  }

  end(): void {
    this.ctx.note(
      `boot console: ${this.status} systemd status line(s) read as PID 1's job lines, ${this.forwarded} forwarded journal line(s), ${this.kernel} kernel line(s) skipped; ` +
        'no line states a wall-clock time, so every record is timeless',
    );
  }
}

export const systemdConsole: Format = {
  id: 'systemd-console',
  title: "a boot console (serial port, VM console log): systemd's status lines and the kernel's; timeless",
  reference: 'https://github.com/systemd/systemd/blob/main/src/core/job.c (job_done_messages, job_done_message_format); src/core/show-status.c (status_vprintf)',
  samples: [
    // bottlerocket-os/bottlerocket#3000 (EC2 serial console of a Bottlerocket node)
    '[  OK  ] Started containerd container runtime.',
    '         Starting Kubelet...',
    // smartxworks/cluster-api-provider-virtink#34 (a VM's serial console during kubeadm init under cloud-init)
    '[  OK  ] Started kubelet: The Kubernetes Node Agent.',
  ],
  detect,
  open: (ctx) => new ConsoleParser(ctx),
};
