// A one-line progress bar on stderr (bytes read of total, files handed on); drawn only on a terminal.

import { formatBytes, type ProgressSink } from '../bundle/budget.js';

/** Redraw at most this often: a terminal write per chunk would cost more than the work. */
const REDRAW_MS = 100;
/** Runs shorter than this never draw anything. */
const SHOW_AFTER_MS = 300;

export interface ProgressTerminal {
  write(text: string): unknown;
  columns?: number;
}

/** The bar: feed it through ProgressSink, call done() before anything else is written to stderr. */
export class ProgressBar implements ProgressSink {
  private totalBytes: number | null = null;
  private read = 0;
  private files = 0;
  private current = '';
  private lastDraw = 0;
  private drawn = false;
  private readonly started: number;

  constructor(
    private readonly term: ProgressTerminal,
    private readonly now: () => number = Date.now,
  ) {
    this.started = now();
  }

  total(bytes: number | null): void {
    this.totalBytes = bytes;
  }

  bytes(n: number): void {
    this.read += n;
    this.maybeDraw();
  }

  file(path: string): void {
    this.files++;
    this.current = path;
    this.maybeDraw();
  }

  /** The line as it would be drawn, for a given width. */
  line(width: number): string {
    const files = `${this.files} file${this.files === 1 ? '' : 's'}`;
    let text: string;
    if (this.totalBytes && this.totalBytes > 0) {
      const frac = Math.min(1, this.read / this.totalBytes);
      const barWidth = 20;
      const full = Math.round(frac * barWidth);
      text = `[${'#'.repeat(full)}${'-'.repeat(barWidth - full)}] ${String(Math.floor(frac * 100)).padStart(3)}% ${formatBytes(this.read)} of ${formatBytes(this.totalBytes)}, ${files}`;
    } else text = `${formatBytes(this.read)} read, ${files}`;
    const room = width - text.length - 3;
    if (this.current && room > 10) text += `  ${this.current.length > room ? '…' + this.current.slice(this.current.length - room + 1) : this.current}`;
    return text.length >= width ? text.slice(0, Math.max(0, width - 1)) : text;
  }

  private maybeDraw(): void {
    const t = this.now();
    if (t - this.started < SHOW_AFTER_MS || t - this.lastDraw < REDRAW_MS) return;
    this.lastDraw = t;
    this.drawn = true;
    this.term.write(`\r\x1b[K${this.line(this.term.columns || 80)}`);
  }

  /** Erase the bar, leaving the terminal as it was. */
  done(): void {
    if (this.drawn) this.term.write('\r\x1b[K');
    this.drawn = false;
  }
}
