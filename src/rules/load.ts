// Loads sequence rules from YAML files; every error names file:line and says how to fix it. The file is read as
// hostile YAML by _safe-yaml.ts; RuleReader below checks each key of the rule and keeps the errors.

import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type * as Yaml from 'yaml';
import type { Document, LineCounter, Node as YNode } from 'yaml';
import { EVENT_KINDS, type EventKind } from '../events/vocabulary.js';
import { SEVERITIES, type Severity } from '../findings/types.js';
import { parseDuration } from './engine/duration.js';
import type { AttrCond, ExclusionSpec, SequenceRuleSpec, StepSpec } from './engine/types.js';
import { rangeProblem } from '../versions/gate.js';
import { isAlias, isMap, isScalar, isSeq, readYaml, RuleLoadError } from './_safe-yaml.js';

export { MAX_ALIAS_COUNT, MAX_RULE_BYTES, MAX_RULE_DEPTH, regexProblem, RuleLoadError } from './_safe-yaml.js';
import { MAX_RULE_BYTES, regexProblem } from './_safe-yaml.js';

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
 * One rule file being read: its document, its line counter and the errors found so far, so that every message
 * names file:line. Each reader method checks one key and returns what it could read; parseRule throws the errors
 * together at the end, so a user fixes a file in one pass.
 */
class RuleReader {
  readonly errors: string[] = [];
  readonly root: Yaml.YAMLMap;

  constructor(
    readonly file: string,
    private readonly doc: Document.Parsed,
    private readonly lc: LineCounter,
  ) {
    const root = doc.contents;
    if (!isMap(root)) throw new RuleLoadError([`${this.at(root)}: a rule file is a mapping (id:, title:, severity:, sequence: …)`]);
    this.root = root;
    for (const item of root.items) {
      const k = isScalar(item.key) ? String(item.key.value) : '';
      if (!TOP_KEYS.has(k)) this.errors.push(`${this.at(item.key as YNode)}: unknown key "${k}" (allowed: ${[...TOP_KEYS].join(', ')})`);
    }
  }

  at(node: YNode | null | undefined): string {
    const off = node?.range?.[0];
    return `${this.file}:${off === undefined ? 1 : this.lc.linePos(off).line}`;
  }

  /** An alias stands for its anchored node (readYaml bounded how many there are). */
  deref(n: unknown): YNode | null {
    return isAlias(n) ? (n.resolve(this.doc) ?? null) : ((n as YNode | null | undefined) ?? null);
  }

  node(key: string): YNode | null {
    return this.deref(this.root.get(key, true));
  }

  str(key: string, required = true): string {
    const n = this.node(key);
    if (!n) {
      if (required) this.errors.push(`${this.file}:1: missing "${key}"`);
      return '';
    }
    if (!isScalar(n) || typeof n.value !== 'string' || n.value.trim() === '') {
      this.errors.push(`${this.at(n)}: "${key}" must be a non-empty string`);
      return '';
    }
    return n.value;
  }

  strList(key: string): string[] {
    const n = this.node(key);
    if (!n) {
      this.errors.push(`${this.file}:1: missing "${key}" (a list of strings)`);
      return [];
    }
    const items = isSeq(n) ? n.items.map((i) => this.deref(i)) : [];
    if (!isSeq(n) || items.some((i) => !isScalar(i) || typeof i.value !== 'string')) {
      this.errors.push(`${this.at(n)}: "${key}" must be a list of strings`);
      return [];
    }
    return items.map((i) => String((i as { value: string }).value));
  }

  /** A duration like 500ms, 2s, 5m, or null (absent or wrong, the latter reported). */
  duration(n: YNode | null, what: string): number | null {
    if (!n) return null;
    const us = isScalar(n) ? parseDuration(String(n.value)) : null;
    if (us === null) this.errors.push(`${this.at(n)}: ${what} "${isScalar(n) ? n.value : '?'}" is not a duration like 500ms, 2s, 5m`);
    return us;
  }

  kindOf(n: YNode, where: string): EventKind | null {
    const v = isScalar(n) ? String(n.value) : '';
    if (!Object.hasOwn(EVENT_KINDS, v)) {
      this.errors.push(`${this.at(n)}: unknown event kind "${v}" in ${where} (see src/events/vocabulary.ts)`);
      return null;
    }
    return v as EventKind;
  }

  kinds(n: YNode | null, where: string): EventKind[] {
    if (!n) return [];
    const items = isSeq(n) ? n.items.map((i) => this.deref(i)).filter((i): i is YNode => i !== null) : [n];
    return items.map((i) => this.kindOf(i, where)).filter((k): k is EventKind => k !== null);
  }

  /** Unknown keys of a nested mapping (a step, an exclusion) are errors: a typo would silently widen a match. */
  onlyKeys(map: Yaml.YAMLMap, allowed: readonly string[], what: string): void {
    for (const it of map.items) {
      const k = isScalar(it.key) ? String(it.key.value) : '';
      if (!allowed.includes(k)) this.errors.push(`${this.at(it.key as YNode)}: unknown ${what} key "${k}" (allowed: ${allowed.join(', ')})`);
    }
  }

  /** A `where:` mapping: attribute → value, list of values, or /regex/ (checked for catastrophic backtracking). */
  where(w: YNode | null): Record<string, AttrCond> {
    const where: Record<string, AttrCond> = {};
    if (!w) return where;
    if (!isMap(w)) {
      this.errors.push(`${this.at(w)}: "where" must map attribute names to values`);
      return where;
    }
    for (const it of w.items) {
      const k = isScalar(it.key) ? String(it.key.value) : '';
      const v = this.deref(it.value);
      if (isScalar(v) && typeof v.value === 'string' && /^\/.*\/$/.test(v.value)) {
        const problem = regexProblem(v.value.slice(1, -1));
        if (problem) this.errors.push(`${this.at(v)}: ${problem}`);
        else where[k] = { regex: v.value.slice(1, -1) };
      } else if (isScalar(v)) where[k] = v.value as string | number | boolean;
      else if (isSeq(v))
        where[k] = v.items.map((x) => {
          const d = this.deref(x);
          return isScalar(d) ? (d.value as string | number) : '';
        });
      else this.errors.push(`${this.at(v)}: condition on "${k}" must be a value, a list of values or /regex/`);
    }
    return where;
  }

  steps(): StepSpec[] {
    const seq = this.node('sequence');
    if (!seq || !isSeq(seq) || seq.items.length === 0) {
      this.errors.push(`${this.at(seq ?? this.root)}: "sequence" must be a non-empty list of steps`);
      return [];
    }
    const steps: StepSpec[] = [];
    const names = new Set<string>();
    for (const item of seq.items.map((i) => this.deref(i))) {
      if (!isMap(item)) {
        this.errors.push(`${this.at(item)}: a step is a mapping (name:, kind:, where:, absent:)`);
        continue;
      }
      const step = this.step(item);
      if (step.name && names.has(step.name)) this.errors.push(`${this.at(this.deref(item.get('name', true)))}: duplicate step name "${step.name}"`);
      names.add(step.name);
      steps.push(step);
    }
    if (steps.length > 0 && steps.every((s) => s.absent)) this.errors.push(`${this.at(seq)}: a sequence needs at least one step that is not absent`);
    return steps;
  }

  step(item: Yaml.YAMLMap): StepSpec {
    const g = (k: string): YNode | null => this.deref(item.get(k, true));
    this.onlyKeys(item, ['name', 'kind', 'where', 'absent', 'around', 'until'], 'step');
    const nameNode = g('name');
    const name = nameNode && isScalar(nameNode) ? String(nameNode.value) : '';
    if (!name) this.errors.push(`${this.at(item)}: every step needs a "name"`);
    const kinds = this.kinds(g('kind'), `step "${name}"`);
    if (!g('kind')) this.errors.push(`${this.at(item)}: step "${name}" needs a "kind"`);
    const absentNode = g('absent');
    const absent = absentNode ? isScalar(absentNode) && absentNode.value === true : false;
    const aroundNode = g('around');
    let aroundUs: number | null = null;
    if (aroundNode) {
      aroundUs = isScalar(aroundNode) ? parseDuration(String(aroundNode.value)) : null;
      if (aroundUs === null) this.errors.push(`${this.at(aroundNode)}: around must be a duration like 2s`);
      if (!absent) this.errors.push(`${this.at(aroundNode)}: around applies to absent steps only`);
    }
    const untilNode = g('until');
    const untilEnd = Boolean(untilNode && isScalar(untilNode) && untilNode.value === 'end');
    if (untilNode && !untilEnd) this.errors.push(`${this.at(untilNode)}: until takes the value "end" (the bundle ends while still open)`);
    return { name, kinds, where: this.where(g('where')), absent, aroundUs, untilEnd };
  }

  /** `exclusions:` — `filter_<name>: {reason, step, kind?, where?}`: events of that step matching it are not taken. */
  exclusions(steps: StepSpec[]): ExclusionSpec[] {
    const n = this.node('exclusions');
    if (!n) return [];
    if (!isMap(n)) {
      this.errors.push(`${this.at(n)}: "exclusions" maps filter_<name> to {reason, step, kind, where}`);
      return [];
    }
    const out: ExclusionSpec[] = [];
    for (const it of n.items) {
      const x = this.exclusion(it.key as YNode, this.deref(it.value), steps);
      if (x) out.push(x);
    }
    return out;
  }

  exclusion(key: YNode, body: YNode | null, steps: StepSpec[]): ExclusionSpec | null {
    const name = isScalar(key) ? String(key.value) : '';
    if (!EXCLUSION_NAME.test(name)) this.errors.push(`${this.at(key)}: exclusion "${name}" must be named filter_<words> (snake_case), as Sigma names its filters`);
    if (!isMap(body)) {
      this.errors.push(`${this.at(body ?? key)}: exclusion "${name}" is a mapping {reason, step, kind, where}`);
      return null;
    }
    this.onlyKeys(body, ['reason', 'step', 'kind', 'where'], 'exclusion');
    const get = (k: string): YNode | null => this.deref(body.get(k, true));
    const reason = get('reason');
    const reasonOk = isScalar(reason) && typeof reason.value === 'string' && reason.value.trim() !== '';
    if (!reasonOk) this.errors.push(`${this.at(body)}: exclusion "${name}" needs a "reason": why a case it matches is not the incident`);
    const stepNode = get('step');
    const stepName = stepNode && isScalar(stepNode) ? String(stepNode.value) : '';
    const step = steps.find((s) => s.name === stepName);
    if (!step) this.errors.push(`${this.at(stepNode ?? body)}: exclusion "${name}" needs a "step" naming one of the sequence's steps (${steps.map((s) => s.name).join(', ')})`);
    const where = this.where(get('where'));
    const kinds = get('kind') ? this.kinds(get('kind'), `exclusion "${name}"`) : [];
    if (!get('kind') && !get('where')) this.errors.push(`${this.at(body)}: exclusion "${name}" needs a "kind" or a "where" saying which events it drops`);
    if (step && kinds.some((k) => !step.kinds.includes(k))) this.errors.push(`${this.at(get('kind'))}: exclusion "${name}" names a kind step "${stepName}" never matches`);
    return reason && isScalar(reason) && step ? { name, reason: String(reason.value), step: step.name, kinds, where } : null;
  }

  remediationEach(): SequenceRuleSpec['remediationEach'] {
    const re = this.node('remediationEach');
    const out: SequenceRuleSpec['remediationEach'] = [];
    if (!re) return out;
    if (!isSeq(re)) {
      this.errors.push(`${this.at(re)}: remediationEach is a list of {kind, command}`);
      return out;
    }
    for (const it of re.items.map((i) => this.deref(i))) {
      if (!isMap(it)) {
        this.errors.push(`${this.at(it)}: remediationEach entries are {kind, command}`);
        continue;
      }
      const kn = this.deref(it.get('kind', true));
      const cmd = this.deref(it.get('command', true));
      const kind = kn ? this.kindOf(kn, 'remediationEach') : null;
      if (!cmd || !isScalar(cmd) || typeof cmd.value !== 'string') this.errors.push(`${this.at(it)}: remediationEach entry needs a "command" string`);
      else if (kind) out.push({ kind, command: cmd.value });
    }
    return out;
  }

  /** `when: { <program>: "<semver range>" }`: which versions of a program the rule is about. */
  when(): Record<string, string> {
    const when: Record<string, string> = {};
    const wn = this.node('when');
    if (!wn) return when;
    if (!isMap(wn) || wn.items.length === 0) {
      this.errors.push(`${this.at(wn)}: "when" maps program names to semver ranges, e.g. containerd: ">=1.7.23 <1.7.31"`);
      return when;
    }
    for (const it of wn.items) {
      const k = isScalar(it.key) ? String(it.key.value) : '';
      const v = this.deref(it.value);
      if (!/^[a-z][a-z0-9-]*$/.test(k)) this.errors.push(`${this.at(it.key as YNode)}: "${k}" is not a program name (dockerd, containerd, cri-dockerd, kubelet, iptables …)`);
      else if (!isScalar(v) || typeof v.value !== 'string') this.errors.push(`${this.at(v ?? (it.key as YNode))}: the range of "${k}" must be a string, e.g. ">=1.7.23 <1.7.31"`);
      else {
        const problem = rangeProblem(v.value);
        if (problem) this.errors.push(`${this.at(v)}: ${problem}`);
        else when[k] = v.value;
      }
    }
    return when;
  }

  /** id, severity and by, each checked against what the engine knows. */
  identity(): { id: string; severity: Severity; by: SequenceRuleSpec['by'] } {
    const id = this.str('id');
    if (id && !/^[a-z0-9]+(-[a-z0-9]+)*$/.test(id)) this.errors.push(`${this.at(this.node('id'))}: id "${id}" must be kebab-case`);
    if (id && path.basename(this.file).replace(/\.ya?ml$/, '') !== id) this.errors.push(`${this.at(this.node('id'))}: id "${id}" must equal the file name (${path.basename(this.file)})`);
    const severity = this.str('severity') as Severity;
    if (severity && !SEVERITIES.includes(severity)) this.errors.push(`${this.at(this.node('severity'))}: severity "${severity}" is not one of ${SEVERITIES.join(', ')}`);
    const byText = this.str('by');
    if (byText && byText !== 'sandbox' && byText !== 'container') this.errors.push(`${this.at(this.node('by'))}: by must be "sandbox" or "container"`);
    return { id, severity, by: byText === 'container' ? 'container' : 'sandbox' };
  }
}

/** Parse and validate one rule file's text; all its errors at once, each naming file:line. */
export function parseRule(text: string, file: string): SequenceRuleSpec {
  const { doc, lc } = readYaml(text, file);
  const r = new RuleReader(file, doc, lc);
  const { id, severity, by } = r.identity();
  const maxspanUs = r.duration(r.node('maxspan'), 'maxspan');
  const steps = r.steps();
  const exclusions = r.exclusions(steps);
  const state = r.kinds(r.node('state'), 'state');
  const remediationEach = r.remediationEach();
  const when = r.when();
  const spec: SequenceRuleSpec = {
    meta: {
      id,
      title: r.str('title'),
      severity,
      description: r.str('description'),
      howItDecides: r.str('howItDecides'),
      messages: { match: r.str('message') },
      falsePositives: r.strList('falsePositives'),
      // Optional in a user's file (rules written before it existed still load); the registry test requires it of built-in ones.
      limitations: r.node('limitations') ? r.strList('limitations') : [],
      ...(exclusions.length > 0 ? { exclusions: Object.fromEntries(exclusions.map((x) => [x.name, x.reason])) } : {}),
      remediation: r.str('remediation'),
      references: r.strList('references'),
    },
    by,
    maxspanUs,
    steps,
    exclusions,
    state,
    remediationEach,
    ...(Object.keys(when).length > 0 ? { when } : {}),
    file,
  };
  if (r.errors.length) throw new RuleLoadError(r.errors);
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
