// Words for findings: a sandbox by short ID and pod, an instant as a UTC clock time.

import type { PmEvent } from '../events/types.js';
import { formatUs } from '../time/stamp.js';
import type { Container } from '../timeline/timeline.js';

/** "fb7cdb0a4f8d (default/hostport-app-0)" or just the short ID when no pod is known. */
export function sandboxName(c: Container): string {
  return `${c.id.slice(0, 12)}${c.pods.size ? ` (${[...c.pods].sort().join(', ')})` : ''}`;
}

/** "2024-09-14 03:39:43Z" — seconds are enough in a sentence; evidence keeps the microseconds. */
export function when(e: PmEvent | number | null): string {
  const us = typeof e === 'number' || e === null ? e : e.time;
  return us === null ? 'an unknown time' : formatUs(us).slice(0, 19).replace('T', ' ') + 'Z';
}

/** "path:line" of an event. */
export function where(e: PmEvent): string {
  return `${e.source.path}:${e.source.line}`;
}
