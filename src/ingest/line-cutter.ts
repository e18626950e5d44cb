// Cuts a stream of bytes into lines with split2(/\n/)'s semantics, without a stream or a string per chunk:
// UTF-8 decoded across chunks, every piece between newlines a line (empty ones too), the last piece only when
// not empty. A line longer than maxLine is handed over as overlong (its first 200 characters) and dropped up
// to its newline: one 20 MB line (a binary blob, a NUL run) used to stop the reading and lose every line after.

import { isAscii } from 'node:buffer';
import { StringDecoder } from 'node:string_decoder';

/** Text is decoded from the bytes in pieces of this size. */
export const PIECE = 64 * 1024;
/** Characters of an overlong line kept as its sample. */
const SAMPLE = 200;

/** Where the cutter puts what it cuts. */
export interface LineSink {
  /** One line, as its own string. */
  line(text: string): void;
  /**
   * One line read in place: text[start, end). When set, lines inside a piece holding no CR, LS or PS come here
   * (no string cut for them); the others still come to line().
   */
  lineAt?: (text: string, start: number, end: number) => void;
  /** A line longer than maxLine: its first characters; the rest is dropped. */
  overlong(sample: string): void;
  /**
   * The bytes the text of the lineAt() calls that follow was decoded from one to one (an ASCII piece: a byte per
   * character, at the same positions), or null when it was not. Valid only until the next piece.
   */
  piece?: (bytes: Uint8Array | null) => void;
}

export class LineCutter {
  private readonly decoder = new StringDecoder('utf8');
  /** While every chunk is ASCII the decoder holds nothing back, and latin1 decoding is a copy. */
  private ascii = true;
  /** The open line's text so far. */
  private rest = '';
  /** The open line passed maxLine: its sample, the rest dropped until its newline. */
  private overlong: string | null = null;

  constructor(
    private readonly sink: LineSink,
    private readonly maxLine: number,
  ) {}

  write(chunk: Buffer): void {
    for (let at = 0; at < chunk.length; at += PIECE) {
      // Decoded a piece at a time: a string under V8's large-object size lives and dies in the young
      // generation; a 1 MB one is mapped and unmapped each time, which cost more than all the parsing.
      const piece = chunk.length <= PIECE ? chunk : chunk.subarray(at, at + PIECE);
      const ascii = this.ascii && (this.ascii = isAscii(piece));
      this.sink.piece?.(ascii ? piece : null);
      this.cut(ascii ? piece.toString('latin1') : this.decoder.write(piece));
    }
  }

  /** The input ended: the last line, when it is not empty. */
  end(): void {
    this.rest += this.decoder.end();
    if (this.overlong !== null) this.long();
    else if (this.rest.length > this.maxLine) {
      this.overlong = this.rest.slice(0, SAMPLE);
      this.long();
    } else if (this.rest) this.sink.line(this.rest);
    this.rest = '';
  }

  /**
   * The input was cut short (the run's cap fell in it): the open line's text so far (its first characters when it
   * is overlong), or null when no line is open; it is not handed over as a line.
   */
  cutShort(): string | null {
    const rest = this.rest + this.decoder.end();
    const open = this.overlong ?? (rest.length > 0 ? rest : null);
    this.rest = '';
    this.overlong = null;
    return open;
  }

  private long(): void {
    const sample = this.overlong!;
    this.overlong = null;
    this.sink.overlong(sample);
  }

  private cut(text: string): void {
    const { sink, maxLine } = this;
    let nl = text.indexOf('\n');
    if (nl === -1) {
      if (this.overlong === null) this.rest += text;
    } else {
      if (this.overlong !== null) this.long();
      else if (this.rest.length + nl > maxLine) {
        this.overlong = (this.rest + text.slice(0, SAMPLE)).slice(0, SAMPLE);
        this.long();
      } else sink.line(this.rest + text.slice(0, nl));
      let pos = nl + 1;
      // A whole line inside the piece can be over the cap too (--max-line-length below the piece size).
      const lineAt = sink.lineAt;
      if (lineAt !== undefined && text.indexOf('\r') === -1 && text.indexOf('\u2028') === -1 && text.indexOf('\u2029') === -1) {
        while ((nl = text.indexOf('\n', pos)) !== -1) {
          if (nl - pos > maxLine) {
            this.overlong = text.slice(pos, pos + SAMPLE);
            this.long();
          } else lineAt(text, pos, nl);
          pos = nl + 1;
        }
      } else {
        while ((nl = text.indexOf('\n', pos)) !== -1) {
          if (nl - pos > maxLine) {
            this.overlong = text.slice(pos, pos + SAMPLE);
            this.long();
          } else sink.line(text.slice(pos, nl));
          pos = nl + 1;
        }
      }
      this.rest = text.slice(pos);
    }
    if (this.rest.length > maxLine) {
      this.overlong = this.rest.slice(0, SAMPLE);
      this.rest = '';
    }
  }
}
