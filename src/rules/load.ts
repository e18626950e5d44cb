// Loads sequence rules from YAML files; every error names file:line and says how to fix it. User rule files
// are hostile input: plain core-schema YAML only (no custom or YAML 1.1 tags), bounded size, nesting and alias
// expansion, and every /regex/ checked for catastrophic backtracking before any log line meets it.

import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type SafeRegex from 'safe-regex2';
import type * as Yaml from 'yaml';
import type { Document, Node as YNode } from 'yaml';
import { EVENT_KINDS, type EventKind } from '../events/vocabulary.js';
import { SEVERITIES, type Severity } from '../findings/types.js';
import { parseDuration } from './engine/duration.js';
import type { AttrCond, ExclusionSpec, SequenceRuleSpec, StepSpec } from './engine/types.js';
import { lazy } from '../lazy.js';
import { rangeProblem } from '../versions/gate.js';

// Loaded when a rule file is read, not at start: the built-in rules come from their cache (see builtin.ts), and
// yaml's ~70 modules took ~40 ms of every start.
const yaml = lazy<typeof Yaml>('yaml');
const safeRegex = lazy<typeof SafeRegex>('safe-regex2');
const isAlias = (n: unknown): n is Yaml.Alias => yaml().isAlias(n);
const isMap = (n: unknown): n is Yaml.YAMLMap => yaml().isMap(n);
const isScalar = (n: unknown): n is Yaml.Scalar => yaml().isScalar(n);
const isSeq = (n: unknown): n is Yaml.YAMLSeq => yaml().isSeq(n);

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
/** Errors shown per file: a hostile file can make thousands. */
const MAX_ERRORS_PER_FILE = 20;

const TOP_KEYS = new Set(['id', 'title', 'severity', 'description', 'howItDecides', 'falsePositives', 'limitations', 'exclusions', 'remediation', 'references', 'by', 'maxspan', 'sequence', 'state', 'message', 'remediationEach', 'when']);
/** Sigma names its filters `filter_*` (`condition: selection and not filter_main_graceful_stop`); ours too. */
const EXCLUSION_NAME = /^filter_[a-z0-9]+(_[a-z0-9]+)*$/;

/** The errors as the CLI prints them: one sentence for one error, a list for several. */
export function ruleErrorText(errors: readonly string[]): string {
  if (errors.length === 1) return /[.!?]$/.test(errors[0]!) ? errors[0]! : `${errors[0]!}.`;
  return `Rule files have errors:\n${errors.join('\n')}`;
}

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
function readYaml(text: string, file: string): { doc: Document.Parsed; lc: Yaml.LineCounter } {
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

/**
 * Parse and validate one rule file's text. One function of closures over the file's errors and line counter, so
 * every message names file:line; the step, where and exclusion readers are closures for the same reason.
 */
export function parseRule(text: string, file: string): SequenceRuleSpec {
  const { doc, lc } = readYaml(text, file);
  const errors: string[] = [];
  const at = (node: YNode | null | undefined): string => {
    const off = node?.range?.[0];
    return `${file}:${off === undefined ? 1 : lc.linePos(off).line}`;
  };
  // An alias stands for its anchored node (readYaml bounded how many there are).
  const deref = (n: unknown): YNode | null => (isAlias(n) ? (n.resolve(doc) ?? null) : ((n as YNode | null | undefined) ?? null));
  const root = doc.contents;
  if (!isMap(root)) throw new RuleLoadError([`${at(root)}: a rule file is a mapping (id:, title:, severity:, sequence: …)`]);
  const node = (key: string): YNode | null => deref(root.get(key, true));
  for (const item of root.items) {
    const k = isScalar(item.key) ? String(item.key.value) : '';
    if (!TOP_KEYS.has(k)) errors.push(`${at(item.key as YNode)}: unknown key "${k}" (allowed: ${[...TOP_KEYS].join(', ')})`);
  }
  const str = (key: string, required = true): string => {
    const n = node(key);
    if (!n) {
      if (required) errors.push(`${file}:1: missing "${key}"`);
      return '';
    }
    if (!isScalar(n) || typeof n.value !== 'string' || n.value.trim() === '') {
      errors.push(`${at(n)}: "${key}" must be a non-empty string`);
      return '';
    }
    return n.value;
  };
  const strList = (key: string): string[] => {
    const n = node(key);
    if (!n) {
      errors.push(`${file}:1: missing "${key}" (a list of strings)`);
      return [];
    }
    const items = isSeq(n) ? n.items.map(deref) : [];
    if (!isSeq(n) || items.some((i) => !isScalar(i) || typeof i.value !== 'string')) {
      errors.push(`${at(n)}: "${key}" must be a list of strings`);
      return [];
    }
    return items.map((i) => String((i as { value: string }).value));
  };
  const kindOf = (n: YNode, where: string): EventKind | null => {
    const v = isScalar(n) ? String(n.value) : '';
    if (!Object.hasOwn(EVENT_KINDS, v)) {
      errors.push(`${at(n)}: unknown event kind "${v}" in ${where} (see src/events/vocabulary.ts)`);
      return null;
    }
    return v as EventKind;
  };
  const kinds = (n: YNode | null, where: string): EventKind[] => {
    if (!n) return [];
    const items = isSeq(n) ? n.items.map(deref).filter((i): i is YNode => i !== null) : [n];
    return items.map((i) => kindOf(i, where)).filter((k): k is EventKind => k !== null);
  };

  /** A `where:` mapping: attribute → value, list of values, or /regex/ (checked for catastrophic backtracking). */
  const whereOf = (w: YNode | null): Record<string, AttrCond> => {
    const where: Record<string, AttrCond> = {};
    if (!w) return where;
    if (!isMap(w)) {
      errors.push(`${at(w)}: "where" must map attribute names to values`);
      return where;
    }
    for (const it of w.items) {
      const k = isScalar(it.key) ? String(it.key.value) : '';
      const v = deref(it.value);
      if (isScalar(v) && typeof v.value === 'string' && /^\/.*\/$/.test(v.value)) {
        const problem = regexProblem(v.value.slice(1, -1));
        if (problem) errors.push(`${at(v)}: ${problem}`);
        else where[k] = { regex: v.value.slice(1, -1) };
      } else if (isScalar(v)) where[k] = v.value as string | number | boolean;
      else if (isSeq(v))
        where[k] = v.items.map((x) => {
          const d = deref(x);
          return isScalar(d) ? (d.value as string | number) : '';
        });
      else errors.push(`${at(v)}: condition on "${k}" must be a value, a list of values or /regex/`);
    }
    return where;
  };
  /** `exclusions:` — `filter_<name>: {reason, step, kind?, where?}`: events of that step matching it are not taken. */
  const exclusionsOf = (n: YNode | null, steps: StepSpec[]): ExclusionSpec[] => {
    if (!n) return [];
    if (!isMap(n)) {
      errors.push(`${at(n)}: "exclusions" maps filter_<name> to {reason, step, kind, where}`);
      return [];
    }
    const out: ExclusionSpec[] = [];
    for (const it of n.items) {
      const name = isScalar(it.key) ? String(it.key.value) : '';
      if (!EXCLUSION_NAME.test(name)) errors.push(`${at(it.key as YNode)}: exclusion "${name}" must be named filter_<words> (snake_case), as Sigma names its filters`);
      const body = deref(it.value);
      if (!isMap(body)) {
        errors.push(`${at(body ?? (it.key as YNode))}: exclusion "${name}" is a mapping {reason, step, kind, where}`);
        continue;
      }
      for (const b of body.items) {
        const k = isScalar(b.key) ? String(b.key.value) : '';
        if (!['reason', 'step', 'kind', 'where'].includes(k)) errors.push(`${at(b.key as YNode)}: unknown exclusion key "${k}" (allowed: reason, step, kind, where)`);
      }
      const get = (k: string): YNode | null => deref(body.get(k, true));
      const reason = get('reason');
      if (!reason || !isScalar(reason) || typeof reason.value !== 'string' || reason.value.trim() === '') errors.push(`${at(body)}: exclusion "${name}" needs a "reason": why a case it matches is not the incident`);
      const stepNode = get('step');
      const stepName = stepNode && isScalar(stepNode) ? String(stepNode.value) : '';
      const step = steps.find((s) => s.name === stepName);
      if (!step) errors.push(`${at(stepNode ?? body)}: exclusion "${name}" needs a "step" naming one of the sequence's steps (${steps.map((s) => s.name).join(', ')})`);
      const where = whereOf(get('where'));
      const kindsOf = get('kind') ? kinds(get('kind'), `exclusion "${name}"`) : [];
      if (!get('kind') && !get('where')) errors.push(`${at(body)}: exclusion "${name}" needs a "kind" or a "where" saying which events it drops`);
      if (step && kindsOf.some((k) => !step.kinds.includes(k))) errors.push(`${at(get('kind'))}: exclusion "${name}" names a kind step "${stepName}" never matches`);
      if (reason && isScalar(reason) && step) out.push({ name, reason: String(reason.value), step: step.name, kinds: kindsOf, where });
    }
    return out;
  };

  const id = str('id');
  if (id && !/^[a-z0-9]+(-[a-z0-9]+)*$/.test(id)) errors.push(`${at(node('id'))}: id "${id}" must be kebab-case`);
  if (id && path.basename(file).replace(/\.ya?ml$/, '') !== id) errors.push(`${at(node('id'))}: id "${id}" must equal the file name (${path.basename(file)})`);
  const severity = str('severity') as Severity;
  if (severity && !SEVERITIES.includes(severity)) errors.push(`${at(node('severity'))}: severity "${severity}" is not one of ${SEVERITIES.join(', ')}`);
  const byText = str('by');
  if (byText && byText !== 'sandbox' && byText !== 'container') errors.push(`${at(node('by'))}: by must be "sandbox" or "container"`);
  let maxspanUs: number | null = null;
  const ms = node('maxspan');
  if (ms) {
    maxspanUs = isScalar(ms) ? parseDuration(String(ms.value)) : null;
    if (maxspanUs === null) errors.push(`${at(ms)}: maxspan "${isScalar(ms) ? ms.value : '?'}" is not a duration like 500ms, 2s, 5m`);
  }
  const steps: StepSpec[] = [];
  const seq = node('sequence');
  if (!seq || !isSeq(seq) || seq.items.length === 0) errors.push(`${at(seq ?? root)}: "sequence" must be a non-empty list of steps`);
  else {
    const names = new Set<string>();
    for (const item of seq.items.map(deref)) {
      if (!isMap(item)) {
        errors.push(`${at(item)}: a step is a mapping (name:, kind:, where:, absent:)`);
        continue;
      }
      const g = (k: string): YNode | null => deref(item.get(k, true));
      for (const it of item.items) {
        const k = isScalar(it.key) ? String(it.key.value) : '';
        if (!['name', 'kind', 'where', 'absent', 'around', 'until'].includes(k)) errors.push(`${at(it.key as YNode)}: unknown step key "${k}" (allowed: name, kind, where, absent, around, until)`);
      }
      const nameNode = g('name');
      const name = nameNode && isScalar(nameNode) ? String(nameNode.value) : '';
      if (!name) errors.push(`${at(item)}: every step needs a "name"`);
      else if (names.has(name)) errors.push(`${at(nameNode)}: duplicate step name "${name}"`);
      names.add(name);
      const stepKinds = kinds(g('kind'), `step "${name}"`);
      if (!g('kind')) errors.push(`${at(item)}: step "${name}" needs a "kind"`);
      const where = whereOf(g('where'));
      const absentNode = g('absent');
      const absent = absentNode ? isScalar(absentNode) && absentNode.value === true : false;
      const aroundNode = g('around');
      let aroundUs: number | null = null;
      if (aroundNode) {
        aroundUs = isScalar(aroundNode) ? parseDuration(String(aroundNode.value)) : null;
        if (aroundUs === null) errors.push(`${at(aroundNode)}: around must be a duration like 2s`);
        if (!absent) errors.push(`${at(aroundNode)}: around applies to absent steps only`);
      }
      const untilNode = g('until');
      const untilEnd = Boolean(untilNode && isScalar(untilNode) && untilNode.value === 'end');
      if (untilNode && !untilEnd) errors.push(`${at(untilNode)}: until takes the value "end" (the bundle ends while still open)`);
      steps.push({ name, kinds: stepKinds, where, absent, aroundUs, untilEnd });
    }
    if (steps.length > 0 && steps.every((s) => s.absent)) errors.push(`${at(seq)}: a sequence needs at least one step that is not absent`);
  }
  const exclusions = exclusionsOf(node('exclusions'), steps);
  const state = kinds(node('state'), 'state');
  const remediationEach: SequenceRuleSpec['remediationEach'] = [];
  const re = node('remediationEach');
  if (re) {
    if (!isSeq(re)) errors.push(`${at(re)}: remediationEach is a list of {kind, command}`);
    else
      for (const it of re.items.map(deref)) {
        if (!isMap(it)) {
          errors.push(`${at(it)}: remediationEach entries are {kind, command}`);
          continue;
        }
        const kn = deref(it.get('kind', true));
        const cmd = deref(it.get('command', true));
        const kind = kn ? kindOf(kn, 'remediationEach') : null;
        if (!cmd || !isScalar(cmd) || typeof cmd.value !== 'string') errors.push(`${at(it)}: remediationEach entry needs a "command" string`);
        else if (kind) remediationEach.push({ kind, command: cmd.value });
      }
  }
  // when: { <program>: "<semver range>" }: which versions of a program the rule is about.
  const when: Record<string, string> = {};
  const wn = node('when');
  if (wn) {
    if (!isMap(wn) || wn.items.length === 0) errors.push(`${at(wn)}: "when" maps program names to semver ranges, e.g. containerd: ">=1.7.23 <1.7.31"`);
    else
      for (const it of wn.items) {
        const k = isScalar(it.key) ? String(it.key.value) : '';
        const v = deref(it.value);
        if (!/^[a-z][a-z0-9-]*$/.test(k)) errors.push(`${at(it.key as YNode)}: "${k}" is not a program name (dockerd, containerd, cri-dockerd, kubelet, iptables …)`);
        else if (!isScalar(v) || typeof v.value !== 'string') errors.push(`${at(v ?? (it.key as YNode))}: the range of "${k}" must be a string, e.g. ">=1.7.23 <1.7.31"`);
        else {
          const problem = rangeProblem(v.value);
          if (problem) errors.push(`${at(v)}: ${problem}`);
          else when[k] = v.value;
        }
      }
  }
  const spec: SequenceRuleSpec = {
    meta: {
      id,
      title: str('title'),
      severity,
      description: str('description'),
      howItDecides: str('howItDecides'),
      messages: { match: str('message') },
      falsePositives: strList('falsePositives'),
      // Optional in a user's file (rules written before it existed still load); the registry test requires it of built-in ones.
      limitations: node('limitations') ? strList('limitations') : [],
      ...(exclusions.length > 0 ? { exclusions: Object.fromEntries(exclusions.map((x) => [x.name, x.reason])) } : {}),
      remediation: str('remediation'),
      references: strList('references'),
    },
    by: byText === 'container' ? 'container' : 'sandbox',
    maxspanUs,
    steps,
    exclusions,
    state,
    remediationEach,
    ...(Object.keys(when).length > 0 ? { when } : {}),
    file,
  };
  if (errors.length) throw new RuleLoadError(errors);
  return spec;
}

/** The names of a folder's rule files (*.yaml, *.yml), sorted. */
export function ruleFileNames(dir: string): string[] {
  return readdirSync(dir)
    .filter((n) => /\.ya?ml$/.test(n))
    .sort();
}

/** Every *.yaml / *.yml rule in a folder, sorted; all errors of all files at once. */
export function loadRuleDir(dir: string): SequenceRuleSpec[] {
  let names: string[];
  try {
    if (!statSync(dir).isDirectory()) throw new Error('not a folder');
    names = ruleFileNames(dir);
  } catch {
    throw new RuleLoadError([`${dir}: not a readable folder of rule files`]);
  }
  const specs: SequenceRuleSpec[] = [];
  const errors: string[] = [];
  for (const n of names) {
    const file = path.join(dir, n);
    try {
      const st = statSync(file);
      // A FIFO would block the read, a device never end it, and a huge file is no rule: look before reading.
      if (!st.isFile()) throw new RuleLoadError([`${file}:1: not a regular file; a rule is a *.yaml file`]);
      if (st.size > MAX_RULE_BYTES) throw new RuleLoadError([`${file}:1: ${st.size} bytes is not a rule file (at most ${MAX_RULE_BYTES / 1024} KiB); split it or remove it from the folder`]);
      specs.push(parseRule(readFileSync(file, 'utf8'), file));
    } catch (e) {
      if (!(e instanceof RuleLoadError)) throw e;
      errors.push(...e.errors.slice(0, MAX_ERRORS_PER_FILE));
      if (e.errors.length > MAX_ERRORS_PER_FILE) errors.push(`${file}: ${e.errors.length - MAX_ERRORS_PER_FILE} more errors not shown`);
    }
  }
  if (errors.length) throw new RuleLoadError(errors);
  return specs;
}
