// Packages loaded on first use, not at start: most runs open no archive and print no table, and loading the
// archive libraries cost ~60 ms of every start (twice when a big journal is read on two threads).

import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/** The CommonJS package `name`, required the first time the returned function is called. */
export function lazy<T>(name: string): () => T {
  let loaded: T | undefined;
  return () => (loaded ??= require(name) as T);
}
