// The built-in rules come from the build's cache only when the rule folder holds exactly what it was made from;
// otherwise the folder is read as any rule folder is.

import { cpSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BUILTIN_RULE_CACHE, BUILTIN_RULE_DIR, builtinSpecs, fromCache, makeCache, type RuleCache } from '../../src/rules/builtin.js';
import { loadRuleDir } from '../../src/rules/load.js';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'pm-rule-cache-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** A copy of the built-in folder and a cache of it as the build writes it (through JSON). */
function copy(name: string): { dir: string; cache: RuleCache; cacheFile: string } {
  const dir = path.join(tmp, name);
  cpSync(BUILTIN_RULE_DIR, dir, { recursive: true });
  const cache = JSON.parse(JSON.stringify(makeCache(dir))) as RuleCache;
  const cacheFile = path.join(tmp, `${name}.json`);
  writeFileSync(cacheFile, JSON.stringify(cache));
  return { dir, cache, cacheFile };
}

describe('built-in rule cache', () => {
  it('gives what reading the folder gives, field for field, paths included', () => {
    const { dir, cache } = copy('same');
    expect(cache.files.length).toBeGreaterThan(0);
    expect(fromCache(dir, cache)).toStrictEqual(loadRuleDir(dir));
  });

  it('is the build output the CLI starts from: made from the rule folder as it is', () => {
    const cache = JSON.parse(readFileSync(BUILTIN_RULE_CACHE, 'utf8')) as RuleCache;
    expect(fromCache(BUILTIN_RULE_DIR, cache)).toStrictEqual(loadRuleDir(BUILTIN_RULE_DIR));
    expect(builtinSpecs()).toStrictEqual(loadRuleDir(BUILTIN_RULE_DIR));
  });

  it('is not used once a rule file is edited, added or removed: the folder is read', () => {
    const edited = copy('edited');
    const name = edited.cache.files[0]!.name;
    const file = path.join(edited.dir, name);
    writeFileSync(file, readFileSync(file, 'utf8').replace(/^title: .*$/m, 'title: edited after the build'));
    expect(fromCache(edited.dir, edited.cache)).toBeNull();
    const specs = builtinSpecs(edited.dir, edited.cacheFile);
    expect(specs.find((s) => path.basename(s.file) === name)!.meta.title).toBe('edited after the build');

    const added = copy('added');
    // A rule's id is its file's name.
    writeFileSync(path.join(added.dir, 'zz-added.yaml'), readFileSync(path.join(added.dir, name), 'utf8').replace(/^id: .*$/m, 'id: zz-added'));
    expect(fromCache(added.dir, added.cache)).toBeNull();
    expect(builtinSpecs(added.dir, added.cacheFile).map((s) => s.meta.id)).toContain('zz-added');

    const removed = copy('removed');
    unlinkSync(path.join(removed.dir, name));
    expect(fromCache(removed.dir, removed.cache)).toBeNull();
    expect(builtinSpecs(removed.dir, removed.cacheFile)).toHaveLength(removed.cache.files.length - 1);
  });

  it('a missing or unreadable cache: the folder is read', () => {
    const { dir } = copy('nocache');
    expect(builtinSpecs(dir, path.join(tmp, 'missing.json'))).toStrictEqual(loadRuleDir(dir));
    const bad = path.join(tmp, 'bad.json');
    writeFileSync(bad, '{"files": 3');
    expect(builtinSpecs(dir, bad)).toStrictEqual(loadRuleDir(dir));
    writeFileSync(bad, '{"files": 3}');
    expect(builtinSpecs(dir, bad)).toStrictEqual(loadRuleDir(dir));
  });
});
