// The jobs of a schedule are taken in order through one counter both threads share: a thread takes the next job
// it knows of (the worker hears of jobs as discovery finds them, so it may know fewer than this thread).

/** Take the next job not taken, among the first `known`: its index, or null when every known job is taken. */
export function claimNext(next: Int32Array, known: number): number | null {
  for (;;) {
    const i = Atomics.load(next, 0);
    if (i >= known) return null;
    if (Atomics.compareExchange(next, 0, i, i + 1) === i) return i;
  }
}
