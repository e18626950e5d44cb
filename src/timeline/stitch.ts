// Re-joins klog multi-line values (key=< … >) that journald stored as one entry per line.

import type { LogRecord } from '../events/types.js';
import { MAX_LINE_BYTES } from '../bundle/budget.js';

/**
 * Characters one stitched block may reach (its lines joined): a value is never that long, while a `key=<` never
 * closed and followed by indented lines would grow a string with the input. Past it the block goes out as it
 * is and the lines after it are records of their own.
 */
export const MAX_BLOCK_CHARS = MAX_LINE_BYTES;
/** Blocks open at once (one per identifier and PID). */
export const MAX_OPEN_BLOCKS = 1000;

/** Blocks are kept apart by identifier and PID. */
function keyOf(rec: LogRecord): string {
  return `${rec.ident ?? ''}[${rec.pid ?? ''}]`;
}

/** A message ending in `=<` then blanks opens a block: /=<\s*$/, run only on messages holding `=<` (a native search). */
function opens(message: string): boolean {
  return message.includes('=<') && /=<\s*$/.test(message);
}

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
    // The key is made only when a block is open or opens: most records pass with none open (a string and a map
    // lookup per built record otherwise).
    let key: string | null = null;
    const pending = this.open.size === 0 ? undefined : this.open.get((key = keyOf(rec)));
    if (pending) {
      if (/^\s/.test(rec.message) || rec.message === '' || rec.message.startsWith('>')) {
        if (pending.raw.length + rec.raw.length < MAX_BLOCK_CHARS) {
          pending.message += '\n' + rec.message;
          pending.raw += '\n' + rec.raw;
          pending.endLine = rec.endLine ?? rec.source.line;
          const closing = /^\s*>/.test(rec.message);
          if (closing && !opens(rec.message)) {
            this.open.delete(key!);
            this.emit(pending);
          }
          return;
        }
      }
      this.open.delete(key!);
      this.emit(pending);
    }
    if (opens(rec.message)) {
      // Blocks of many processes open at once: the oldest goes out first rather than the map growing.
      if (this.open.size >= MAX_OPEN_BLOCKS) {
        const [oldest, held] = this.open.entries().next().value as [string, LogRecord];
        this.open.delete(oldest);
        this.emit(held);
      }
      this.open.set(key ?? keyOf(rec), { ...rec });
      return;
    }
    this.emit(rec);
  }

  end(): void {
    for (const rec of this.open.values()) this.emit(rec);
    this.open.clear();
  }
}
