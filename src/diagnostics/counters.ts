// Per-file accounting: every line is a record, skipped by design, or unparsed with a reason.

export interface UnparsedSample {
  line: number;
  reason: string;
  excerpt: string;
}

export interface InputStat {
  path: string;
  format: string | null;
  why: string;
  host: string | null;
  root: string;
  lines: number;
  records: number;
  events: number;
  skipped: number;
  unparsed: number;
  unparsedReasons: Record<string, number>;
  unparsedSamples: UnparsedSample[];
  notes: string[];
}

/** Cut an excerpt to 80 characters, as evidence of a line we could not read. */
export function excerpt(text: string): string {
  return text.length > 80 ? text.slice(0, 79) + '…' : text;
}

/** Count a line unparsed with its reason (and the first few as samples). */
export function countUnparsed(stat: InputStat, line: number, reason: string, text: string): void {
  stat.unparsed++;
  stat.unparsedReasons[reason] = (stat.unparsedReasons[reason] ?? 0) + 1;
  if (stat.unparsedSamples.length < 5) stat.unparsedSamples.push({ line, reason, excerpt: excerpt(text) });
}

export function newStat(path: string, root: string): InputStat {
  return { path, format: null, why: '', host: null, root, lines: 0, records: 0, events: 0, skipped: 0, unparsed: 0, unparsedReasons: {}, unparsedSamples: [], notes: [] };
}
