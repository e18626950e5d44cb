// Unparsed lines in a row: a file whose lines keep failing is probably not the chosen format, so reading stops
// after ABANDON_AFTER of them (the rest counted, not read); the runs at the start and at the end tell whether two
// parts of a file read apart join (see parallel/join.ts).

export class AbandonWatch {
  /** Unparsed lines in a row, up to the last line read. */
  run = 0;
  /** Unparsed lines before the first line that was not. */
  leading = 0;
  abandoned = false;
  private parsedOne = false;

  /** A line (or record) was read that was not unparsed. */
  parsed(): void {
    this.run = 0;
    this.parsedOne = true;
  }

  /** A line was counted unparsed (FormatContext.unparsed). */
  unparsed(): void {
    this.run++;
  }

  /** After a line that added an unparsed one: counted as leading while nothing parsed yet. */
  failed(): void {
    if (!this.parsedOne) this.leading++;
  }
}
