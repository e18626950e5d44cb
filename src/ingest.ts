// ingest lives in src/ingest/ (index.ts names its stages); this path stays for the modules and tests that import it.

export * from './ingest/index.js';
