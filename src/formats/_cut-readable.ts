// Lines a pager chopped at the terminal width that still say exactly what they said: the fixed words of the
// message and the whole ID come before the cut, and nothing after it changes what the line means. Every other
// chopped line stays counted, not read (_terminal-cut.ts).

/**
 * dockerd's libcontainerd `"ignoring event" container=<id> …` (the TaskDelete case, the only one that logs
 * container=; logrus sorts the fields, so module=, namespace=, topic= and type= follow it): read when the ID is
 * whole, followed by a blank before the cut (components/dockerd.ts reads it as the task delete it is).
 */
const READABLE: readonly RegExp[] = [/ level=info msg="ignoring event" container=[0-9a-f]{64} /];

/** Whether a chopped line (its last column the pager's ">") can be read as it stands. */
export function cutReadable(text: string): boolean {
  return READABLE.some((r) => r.test(text));
}
