// The contract of a component: one daemon's message bodies → lifecycle events.

import type { AttrValue, LogRecord } from '../events/types.js';
import type { EventKind } from '../events/vocabulary.js';
import type { EventDraft } from '../formats/types.js';
import type { KlogLine } from './klog.js';
import { stampToUs } from '../time/stamp.js';
import type { LogrusLine } from './logrus.js';

export interface ComponentInput {
  rec: LogRecord;
  logrus: LogrusLine | null;
  klog: KlogLine | null;
}

/** A test on the message text[start, end), exact: false only when recognize() surely gives no event. */
export type TextTest = (text: string, start: number, end: number) => boolean;

/**
 * What a component reads, declared for the journal fast path (components/gate.ts builds its pre-filter from these):
 *   - `logrus`: time="…" level=… msg="…" bodies (parseLogrus) holding one of `keywords`;
 *   - `klog`: kubelet lines, with or without the klog header: a quoted structured message equal to one of
 *     `messages`, or a printf-style message starting with one of `printf`;
 *   - `text`: any message holding one of `keywords`, whatever its body (costs a search on every line);
 *   - `ident`: the records of the identifiers `ident` accepts, passing `mayMatch` when given.
 * `keywords` also decide, on every record built, whether recognize() is called at all (empty: always).
 */
export type ComponentGate =
  | { body: 'logrus'; keywords: readonly string[] }
  | { body: 'klog'; messages: readonly string[]; printf: readonly string[]; keywords: readonly string[] }
  | { body: 'text'; keywords: readonly string[] }
  | { body: 'ident'; ident: (ident: string) => boolean; mayMatch?: TextTest; keywords: readonly string[] };

export interface Component {
  id: string;
  /** Its pre-filter: a record it could read must pass it (test/components/registry.test.ts runs the catalogue's samples). */
  gate: ComponentGate;
  /**
   * Its messages whose wording is its own and no other program's, so that one quoted alone (no journal prefix, no
   * logrus or klog header: a ticket's single line, a code span) is still its line: each a test on the bare message
   * (formats/_lone-message.ts). Such a line is read by recognize() with no time (none is on it), so it is never
   * placed in time nor counted against coverage. Leave out wordings another program or prose could print.
   */
  alone?: readonly AloneTest[];
  /** The identifier its lines carry in a journal, given to one read alone (systemd's lines are PID 1's: "systemd"). */
  aloneIdent?: string;
  recognize(input: ComponentInput): EventDraft[];
}

/** A test on a bare message: a RegExp, or a check a regex cannot say (a unit description the component knows). */
export interface AloneTest {
  test(message: string): boolean;
}

export const HEX64 = '[0-9a-f]{64}';

const FULL_ID = new RegExp(`^${HEX64}$`);

/** The full (64-hex) IDs among `ids`, each once, in order. */
function fullIds(ids: (string | null | undefined)[]): string[] {
  const out: string[] = [];
  for (const x of ids) if (typeof x === 'string' && FULL_ID.test(x) && !out.includes(x)) out.push(x);
  return out;
}

/** An event draft stamped with the record's own envelope time and evidence. */
export function draft(input: ComponentInput, kind: EventKind, ids: (string | null | undefined)[], attrs: Record<string, AttrValue> = {}, prefixes: string[] = []): EventDraft {
  const { rec } = input;
  let stamp = rec.stamp;
  let fineUs: number | null = null;
  if (stamp && stamp.micro === 0) {
    // journalctl short prints whole seconds; the daemon's own stamp of the same line is finer.
    const k = input.klog;
    if (k && k.stamp && k.stamp.month === stamp.month && k.stamp.day === stamp.day && k.stamp.hour === stamp.hour && k.stamp.minute === stamp.minute && k.stamp.second === stamp.second)
      stamp = { year: stamp.year, yearShift: stamp.yearShift, month: stamp.month, day: stamp.day, hour: stamp.hour, minute: stamp.minute, second: stamp.second, micro: k.stamp.micro, offsetMin: stamp.offsetMin };
    const t = rec.message.includes('time="') ? input.logrus?.time : null;
    if (t && t.year !== null && t.offsetMin !== null && t.micro !== 0) fineUs = stampToUs(t, t.year, t.offsetMin);
  }
  // Objects written out, no spreads: a literal that goes on after a spread is built the slow way (µs apiece).
  const d: EventDraft = {
    kind,
    fineUs,
    stamp,
    absUs: rec.absUs,
    domain: rec.domain,
    ids: fullIds(ids),
    prefixes,
    attrs: Object.assign({ ident: rec.ident, pid: rec.pid }, attrs),
    source: rec.source,
    text: rec.raw.length > 4096 ? rec.raw.slice(0, 4096) + '…' : rec.raw,
  };
  if (rec.endLine !== undefined && rec.endLine > rec.source.line) d.endLine = rec.endLine;
  return d;
}
