// The built-in YAML rules, taken from the cache the build writes (scripts/rule-cache.mjs) when the rule folder
// holds exactly the files, with exactly the texts, it was made from: parsing them with yaml (and loading yaml)
// took ~60 ms of every start, before a big journal's second thread had anything to read. Otherwise the files are
// read as any rule folder is (loadRuleDir).

import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SequenceRuleSpec } from './engine/types.js';
import { loadRuleDir, MAX_RULE_BYTES, ruleFileNames } from './load.js';

/** The package (src/rules, dist/rules and dist/packed all sit two folders down). */
const PACKAGE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
/** The folder of built-in YAML rules. */
export const BUILTIN_RULE_DIR = path.join(PACKAGE, 'rules');
/** Where the build keeps the built-in rules parsed (build output, like the rest of dist). */
export const BUILTIN_RULE_CACHE = path.join(PACKAGE, 'dist', 'builtin-rules.json');

/** Each rule file of a folder with its text and what it parses to, without its path (the reader's own). */
export interface RuleCache {
  files: { name: string; text: string; spec: Omit<SequenceRuleSpec, 'file'> }[];
}

/** The cache of a rule folder: its rules read as loadRuleDir reads them (which throws on a bad one). */
export function makeCache(dir: string): RuleCache {
  const specs = loadRuleDir(dir);
  return {
    files: specs.map(({ file, ...spec }) => ({ name: path.basename(file), text: readFileSync(file, 'utf8'), spec })),
  };
}

/** The rules of `cache` when `dir` holds exactly its rule files with exactly its texts; else null. */
export function fromCache(dir: string, cache: RuleCache): SequenceRuleSpec[] | null {
  try {
    const names = ruleFileNames(dir);
    if (names.length !== cache.files.length || names.some((n, i) => n !== cache.files[i]!.name)) return null;
    const specs: SequenceRuleSpec[] = [];
    for (const { name, text, spec } of cache.files) {
      const file = path.join(dir, name);
      const st = statSync(file);
      if (!st.isFile() || st.size > MAX_RULE_BYTES || readFileSync(file, 'utf8') !== text) return null;
      specs.push({ ...spec, file });
    }
    return specs;
  } catch {
    return null;
  }
}

/** The built-in rules: from the build's cache when it matches the folder, else read from the folder. */
export function builtinSpecs(dir = BUILTIN_RULE_DIR, cacheFile = BUILTIN_RULE_CACHE): SequenceRuleSpec[] {
  let cache: RuleCache | null = null;
  try {
    cache = JSON.parse(readFileSync(cacheFile, 'utf8')) as RuleCache;
  } catch {
    // no build yet, or an unreadable cache: the folder is read
  }
  return (cache !== null && Array.isArray(cache.files) ? fromCache(dir, cache) : null) ?? loadRuleDir(dir);
}
