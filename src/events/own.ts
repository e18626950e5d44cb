// A copy of a string that keeps nothing else alive.

/**
 * Lines are slices of the piece of the file they were decoded from, and so is every string cut from them: a
 * record or event that kept one would keep its whole piece (see readFile), and memory would grow with the
 * input instead of with what is kept. V8 slices only strings of 13 characters or more; shorter ones are copies.
 */
export function own(s: string): string {
  return s.length < 13 ? s : (' ' + s).slice(1);
}
