// Reading a user's rule file as hostile YAML: plain core-schema YAML only (no custom or YAML 1.1 tags), bounded
// size, nesting and alias expansion, and every /regex/ checked for catastrophic backtracking before any log line
// meets it. load.ts turns the document this returns into a rule.

import type SafeRegex from 'safe-regex2';
import type * as Yaml from 'yaml';
import type { Document, Node as YNode } from 'yaml';
import { lazy } from '../lazy.js';

// Loaded when a rule file is read, not at start: the built-in rules come from their cache (see builtin.ts), and
// yaml's ~70 modules took ~40 ms of every start.
export const yaml = lazy<typeof Yaml>('yaml');
const safeRegex = lazy<typeof SafeRegex>('safe-regex2');
export const isAlias = (n: unknown): n is Yaml.Alias => yaml().isAlias(n);
export const isMap = (n: unknown): n is Yaml.YAMLMap => yaml().isMap(n);
export const isScalar = (n: unknown): n is Yaml.Scalar => yaml().isScalar(n);
export const isSeq = (n: unknown): n is Yaml.YAMLSeq => yaml().isSeq(n);

export class RuleLoadError extends Error {
  constructor(readonly errors: string[]) {
    super(errors.join('\n'));
  }
}

/** A rule file is a page of YAML: the built-in ones are ~2 KiB. */
export const MAX_RULE_BYTES = 64 * 1024;
/** Collections inside collections: a rule needs about 5 (root, sequence, step, where, list); yaml's parser recurses per level. */
export const MAX_RULE_DEPTH = 32;
/** Alias expansions toJS may make before refusing (yaml's own default; a billion-laughs file needs 10^9). */
export const MAX_ALIAS_COUNT = 100;
/**
 * Why a user /regex/ must not run, or null: invalid syntax, or a shape safe-regex2 (star height above 1, or
 * more than its 25 repetitions) says may backtrack catastrophically on a long attribute value.
 */
export function regexProblem(source: string): string | null {
  try {
    new RegExp(source);
  } catch (e) {
    return `invalid regular expression /${source}/ (${(e as Error).message.replace(/^Invalid regular expression: \/.*\/[a-z]*: /, '')}); fix it`;
  }
  // safe-regex2's parser (ret) does not know lookbehind; a lookahead has the same star height.
  const shape = source.replace(/\(\?<([=!])/g, '(?$1');
  if (safeRegex()(shape)) return null;
  if (safeRegex()(shape, { limit: Infinity })) return `regex /${source}/ has more than 25 quantifiers, too many to check for catastrophic backtracking; simplify it`;
  return `regex /${source}/ may backtrack catastrophically (nested quantifier); rewrite it without a quantifier inside a repeated group`;
}

/**
 * An upper bound on how deep collections nest, from yaml's lexer (a state machine: no recursion, unlike its
 * parser and composer): open block levels by indentation, plus the `-`, `?` and `:` indicators on the line,
 * plus open flow brackets. Returns the first line where the bound passes MAX_RULE_DEPTH, or null.
 */
function tooDeep(text: string): number | null {
  let line = 1;
  let flow = 0;
  let onLine = 0;
  let indent = 0;
  let lineStart = true;
  let scalarNext = false;
  const indents: number[] = [];
  for (const src of new (yaml().Lexer)().lex(text)) {
    const type: string | null = scalarNext ? 'scalar-source' : yaml().CST.tokenType(src);
    scalarNext = type === 'scalar';
    if (type === 'newline') {
      if (src !== '') line++;
      [lineStart, onLine, indent] = [true, 0, 0];
      continue;
    }
    for (let i = src.indexOf('\n'); i !== -1; i = src.indexOf('\n', i + 1)) line++;
    if (type === 'space' && lineStart) indent = src.length;
    if (type === 'space' || type === 'comment' || type === 'doc-mode' || type === 'byte-order-mark' || type === 'scalar') continue;
    if (lineStart && flow === 0) {
      while (indents.length > 0 && indents[indents.length - 1]! >= indent) indents.pop();
      indents.push(indent);
    }
    lineStart = false;
    if (type === 'seq-item-ind' || type === 'explicit-key-ind' || type === 'map-value-ind') onLine++;
    else if (type === 'flow-seq-start' || type === 'flow-map-start') flow++;
    else if (type === 'flow-seq-end' || type === 'flow-map-end') flow = Math.max(0, flow - 1);
    if (indents.length + onLine + flow > MAX_RULE_DEPTH) return line;
  }
  return null;
}

/** `tag:yaml.org,2002:js/function` as it was written: `!!js/function`. */
const tagAsWritten = (tag: string): string => tag.replace(/^tag:yaml\.org,2002:/, '!!');

/**
 * The YAML document of a rule file, or the reasons it is refused: syntax errors, nesting deeper than
 * MAX_RULE_DEPTH, any tag outside the core schema, aliases to nothing or expanding past MAX_ALIAS_COUNT.
 */
export function readYaml(text: string, file: string): { doc: Document.Parsed; lc: Yaml.LineCounter } {
  // yaml's parser and composer recurse per level: a stack overflow there is caught, but can leave V8 unable to
  // compile the next regex (a fatal OOM, not an exception). Bound the depth before they run.
  const deep = tooDeep(text);
  if (deep !== null) throw new RuleLoadError([`${file}:${deep}: YAML nests collections more than ${MAX_RULE_DEPTH} levels deep; a rule needs a handful, flatten it`]);
  const lc = new (yaml().LineCounter)();
  const line = (offset: number | undefined): number => (offset === undefined ? 1 : lc.linePos(offset).line);
  // Core schema, no custom tags, and no YAML 1.1 types (!!binary, !!set, !!timestamp …) that yaml otherwise resolves even under core.
  const doc = yaml().parseDocument(text, { lineCounter: lc, prettyErrors: false, uniqueKeys: true, schema: 'core', customTags: [], resolveKnownTags: false, merge: false, logLevel: 'error' });
  const errors: string[] = [];
  for (const e of doc.errors) errors.push(`${file}:${line(e.pos[0])}: YAML: ${e.message.split('\n')[0]}`);
  for (const w of doc.warnings) {
    const tag = /^Unresolved tag: (\S+)/.exec(w.message);
    if (tag) errors.push(`${file}:${line(w.pos[0])}: tag ${tagAsWritten(tag[1]!)} is not allowed: rule files are plain YAML (core schema), remove the tag`);
    else errors.push(`${file}:${line(w.pos[0])}: YAML: ${w.message.split('\n')[0]}`);
  }
  if (errors.length) throw new RuleLoadError(errors);
  const aliases: YNode[] = [];
  yaml().visit(doc, { Alias: (_, n) => void aliases.push(n) });
  if (aliases.length > 0) {
    for (const a of aliases) if (isAlias(a) && a.resolve(doc) === undefined) errors.push(`${file}:${line(a.range?.[0])}: alias *${a.source} names no anchor (&${a.source}) set before it`);
    if (errors.length) throw new RuleLoadError(errors);
    try {
      // yaml's guard against alias bombs ("billion laughs"): it counts expansions and throws before making them.
      doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
    } catch (e) {
      const at = `${file}:${line(aliases[0]!.range?.[0])}`;
      if (e instanceof ReferenceError && /alias count/.test(e.message)) throw new RuleLoadError([`${at}: YAML aliases expand to more than ${MAX_ALIAS_COUNT} copies (an alias bomb?); write the values out instead`]);
      throw new RuleLoadError([`${at}: YAML: ${(e as Error).message.split('\n')[0]}`]);
    }
  }
  return { doc, lc };
}
