// Which components read a built record: each runs on a message holding one of its keywords (none declared: on
// every message), and reads its body parsed once, on first use.

import { klogOf, type KlogLine } from './klog.js';
import { parseLogrus, type LogrusLine } from './logrus.js';
import { COMPONENTS } from './index.js';
import { KeywordGroups } from './keywords.js';
import type { ComponentInput } from './types.js';
import type { LogRecord } from '../events/types.js';
import type { EventDraft } from '../formats/types.js';

/** Every component's keywords, searched in one pass: bit i set when COMPONENTS[i] is to read the message. */
const KEYWORDS = new KeywordGroups(COMPONENTS.map((c) => c.gate.keywords));

/** What the components read of one record, each body parsed on first use (a class: a literal with getters made two closures a record). */
export class RecordInput implements ComponentInput {
  private logrusLine: LogrusLine | null | undefined = undefined;
  private klogLine: KlogLine | null | undefined = undefined;
  constructor(readonly rec: LogRecord) {}
  get logrus(): LogrusLine | null {
    if (this.logrusLine === undefined) this.logrusLine = parseLogrus(this.rec.message);
    return this.logrusLine;
  }
  get klog(): KlogLine | null {
    if (this.klogLine === undefined) this.klogLine = klogOf(this.rec.message);
    return this.klogLine;
  }
}

/** Hand the record to every component whose keywords its message holds, in COMPONENTS order; each draft to `add`. */
export function recognizeAll(input: RecordInput, add: (d: EventDraft) => void): void {
  const msg = input.rec.message;
  const readers = KEYWORDS.which(msg, 0, msg.length);
  for (let i = 0; i < COMPONENTS.length; i++) {
    if ((readers & (1 << i)) === 0) continue;
    for (const d of COMPONENTS[i]!.recognize(input)) add(d);
  }
}
