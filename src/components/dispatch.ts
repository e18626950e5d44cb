// Which components read a built record: each runs on a message holding one of its keywords (none declared: on
// every message), and reads its body parsed once, on first use.

import { klogOf, type KlogLine } from './klog.js';
import { parseLogrus, type LogrusLine } from './logrus.js';
import { COMPONENTS } from './index.js';
import { KeywordSet } from './keywords.js';
import type { Component, ComponentInput } from './types.js';
import type { LogRecord } from '../events/types.js';
import type { EventDraft } from '../formats/types.js';

/** Each component with its keywords (null: it runs on every message). */
const KEYWORD_TESTS: readonly { component: Component; test: KeywordSet | null }[] = COMPONENTS.map((c) => ({ component: c, test: c.gate.keywords.length === 0 ? null : new KeywordSet(c.gate.keywords) }));

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
  for (const { component, test } of KEYWORD_TESTS) {
    if (test !== null && !test.in(msg, 0, msg.length)) continue;
    for (const d of component.recognize(input)) add(d);
  }
}
