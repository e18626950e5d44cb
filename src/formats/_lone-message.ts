// A daemon's message quoted alone: no journal prefix, no logrus or klog header, nothing around it but what a ticket
// puts there (an indent, a list bullet, a quote's "> ", a code span's backticks). With no envelope there is no
// grammar to tell a log line from prose, so only a wording one component declares its own (Component.alone) is
// read, and by that component alone; the line states no time, so its events have none (never placed in time, never
// counted against a journal's coverage). Everything else stays unread, counted by the caller with its reason.

import { collapsedFields, splitFields } from './logrus-tty.js';
import { COMPONENTS } from '../components/index.js';
import type { LogrusLine } from '../components/logrus.js';
import type { Component, ComponentInput } from '../components/types.js';
import type { LogRecord } from '../events/types.js';
import type { EventDraft } from './types.js';

/** What a ticket puts around a quoted line: an indent, a bullet, a quote, a code span's opening backticks. */
const OPENING = /^\s*(?:(?:[-*+] |> ?)\s*)*`*/;
/** A code span's closing backticks and the blanks a paste leaves after a line. */
const CLOSING = /`*\s*$/;

/** The components that declare wordings of their own, found once. */
const ALONE: readonly Component[] = COMPONENTS.filter((c) => c.alone !== undefined && c.alone.length > 0);

/** The message of a line quoted alone, its decorations taken off; null when nothing is left. */
export function bareMessage(line: string): string | null {
  const open = OPENING.exec(line)![0].length;
  const close = CLOSING.exec(line.slice(open))!.index;
  const msg = line.slice(open, open + close);
  return msg === '' ? null : msg;
}

export interface Lone {
  /** The message, decorations off. */
  msg: string;
  /** The one component whose wording it is. */
  component: Component;
}

/**
 * The component whose own wording `line` is, quoted alone; null when none claims it, or more than one (a wording two
 * programs share is nobody's alone).
 */
export function loneMessage(line: string): Lone | null {
  if (ALONE.length === 0) return null;
  const msg = bareMessage(line);
  if (msg === null) return null;
  let found: Component | null = null;
  for (const c of ALONE) {
    if (!c.alone!.some((re) => re.test(msg))) continue;
    if (found !== null) return null;
    found = c;
  }
  return found === null ? null : { msg, component: found };
}

/**
 * A logrus message as a terminal or a retyping shows it: the msg, then `key=value` fields after one space or more
 * (logrus pads the msg to 44 columns; markdown collapses the padding to one). The fields are taken only where the
 * whole rest of the line is fields; else the line is all msg.
 */
function logrusOf(msg: string): LogrusLine {
  const fields: Record<string, string> = Object.create(null) as Record<string, string>;
  // splitFields wants two blanks before the first field (the terminal's own); a collapsed pad has one.
  const split = splitFields(msg) ?? collapsedFields(msg);
  if (split === null) return { time: null, timeText: null, level: null, msg, fields, prefix: '' };
  for (const [k, v] of split.fields) fields[k] = v;
  return { time: null, timeText: null, level: null, msg: split.msg, fields, prefix: '' };
}

/** What the component reads of a lone message: its body as the component's grammar has it, and no time. */
export function loneInput(lone: Lone, raw: string, path: string, lineNo: number): ComponentInput {
  const rec: LogRecord = { stamp: null, absUs: null, domain: 'host', host: null, ident: lone.component.aloneIdent ?? null, pid: null, message: lone.msg, source: { path, line: lineNo }, raw };
  // A klog reader takes the message as a line whose header was stripped (klogMessage at 0), as it does a record's.
  return { rec, logrus: lone.component.gate.body === 'klog' ? null : logrusOf(lone.msg), klog: null };
}

/** What reading a line alone gave: the component whose wording it is, and its events (none: it read nothing of it). */
export interface ReadAlone {
  component: string;
  drafts: EventDraft[];
}

/**
 * A line no format read, read alone when its wording is one component's own (loneMessage): that component's events,
 * with no time; null when no component claims the line. The ingest's last word on every unparsed line, whatever
 * format the file was in: a lone quote among a paste's other text, a terminal line whose head was cut off.
 */
export function readAlone(text: string, path: string, lineNo: number): ReadAlone | null {
  // A quoted line is short; a longer one is no message alone (and its regexes are not run over megabytes).
  if (text.length > MAX_ALONE) return null;
  const lone = loneMessage(text);
  if (lone === null) return null;
  return { component: lone.component.id, drafts: lone.component.recognize(loneInput(lone, text, path, lineNo)) };
}

/** Characters past which a line is not read alone. */
const MAX_ALONE = 16 * 1024;
