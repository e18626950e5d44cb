// Re-joins klog multi-line values (key=< … >) that journald stored as one entry per line.

import type { LogRecord } from '../events/types.js';

/**
 * klog writes a multi-line value as `key=<`, TAB-indented lines, then ` >` (serialize.writeStringValue);
 * journald's stdout stream makes each line its own entry with the same identifier and PID.
 * Records pass through in order; an open block holds back only its own entries.
 */
export class KlogStitcher {
  private readonly open = new Map<string, LogRecord>();

  constructor(private readonly emit: (rec: LogRecord) => void) {}

  /** No block is open: a record whose message does not open one passes straight through. */
  get idle(): boolean {
    return this.open.size === 0;
  }

  push(rec: LogRecord): void {
    const key = `${rec.ident ?? ''}[${rec.pid ?? ''}]`;
    const pending = this.open.get(key);
    if (pending) {
      if (/^\s/.test(rec.message) || rec.message === '' || rec.message.startsWith('>')) {
        pending.message += '\n' + rec.message;
        pending.raw += '\n' + rec.raw;
        pending.endLine = rec.endLine ?? rec.source.line;
        const closing = /^\s*>/.test(rec.message);
        if (closing && !/=<\s*$/.test(rec.message)) {
          this.open.delete(key);
          this.emit(pending);
        }
        return;
      }
      this.open.delete(key);
      this.emit(pending);
    }
    if (/=<\s*$/.test(rec.message)) {
      this.open.set(key, { ...rec });
      return;
    }
    this.emit(rec);
  }

  end(): void {
    for (const rec of this.open.values()) this.emit(rec);
    this.open.clear();
  }
}
