// Loads sequence rules from YAML files; every error names file:line and says how to fix it.

import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node as YNode } from 'yaml';
import { EVENT_KINDS, type EventKind } from '../events/vocabulary.js';
import { SEVERITIES, type Severity } from '../findings/types.js';
import { parseDuration } from './engine/duration.js';
import type { AttrCond, SequenceRuleSpec, StepSpec } from './engine/types.js';

export class RuleLoadError extends Error {
  constructor(readonly errors: string[]) {
    super(errors.join('\n'));
  }
}

const TOP_KEYS = new Set(['id', 'title', 'severity', 'description', 'howItDecides', 'falsePositives', 'remediation', 'references', 'by', 'maxspan', 'sequence', 'state', 'message', 'remediationEach']);

/** Parse and validate one rule file's text. */
export function parseRule(text: string, file: string): SequenceRuleSpec {
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc, prettyErrors: false, uniqueKeys: true });
  const errors: string[] = [];
  const at = (node: YNode | null | undefined): string => {
    const off = node?.range?.[0];
    return `${file}:${off === undefined ? 1 : lc.linePos(off).line}`;
  };
  for (const e of doc.errors) errors.push(`${file}:${e.linePos?.[0]?.line ?? 1}: YAML: ${e.message.split('\n')[0]}`);
  if (errors.length) throw new RuleLoadError(errors);
  const root = doc.contents;
  if (!isMap(root)) throw new RuleLoadError([`${at(root)}: a rule file is a mapping (id:, title:, severity:, sequence: …)`]);
  const node = (key: string): YNode | null => (root.get(key, true) as YNode | undefined) ?? null;
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
    if (!isSeq(n) || n.items.some((i) => !isScalar(i) || typeof i.value !== 'string')) {
      errors.push(`${at(n)}: "${key}" must be a list of strings`);
      return [];
    }
    return n.items.map((i) => String((i as { value: string }).value));
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
    const items = isSeq(n) ? (n.items as YNode[]) : [n];
    return items.map((i) => kindOf(i, where)).filter((k): k is EventKind => k !== null);
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
    for (const item of seq.items as YNode[]) {
      if (!isMap(item)) {
        errors.push(`${at(item)}: a step is a mapping (name:, kind:, where:, absent:)`);
        continue;
      }
      const g = (k: string): YNode | null => (item.get(k, true) as YNode | undefined) ?? null;
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
      const where: Record<string, AttrCond> = {};
      const w = g('where');
      if (w) {
        if (!isMap(w)) errors.push(`${at(w)}: "where" must map attribute names to values`);
        else
          for (const it of w.items) {
            const k = isScalar(it.key) ? String(it.key.value) : '';
            const v = it.value as YNode;
            if (isScalar(v) && typeof v.value === 'string' && /^\/.*\/$/.test(v.value)) {
              try {
                new RegExp(v.value.slice(1, -1));
                where[k] = { regex: v.value.slice(1, -1) };
              } catch {
                errors.push(`${at(v)}: invalid regular expression ${v.value}`);
              }
            } else if (isScalar(v)) where[k] = v.value as string | number | boolean;
            else if (isSeq(v)) where[k] = v.items.map((x) => (isScalar(x) ? (x.value as string | number) : ''));
            else errors.push(`${at(v)}: condition on "${k}" must be a value, a list of values or /regex/`);
          }
      }
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
  const state = kinds(node('state'), 'state');
  const remediationEach: SequenceRuleSpec['remediationEach'] = [];
  const re = node('remediationEach');
  if (re) {
    if (!isSeq(re)) errors.push(`${at(re)}: remediationEach is a list of {kind, command}`);
    else
      for (const it of re.items as YNode[]) {
        if (!isMap(it)) {
          errors.push(`${at(it)}: remediationEach entries are {kind, command}`);
          continue;
        }
        const kn = it.get('kind', true) as YNode | undefined;
        const cmd = it.get('command', true) as YNode | undefined;
        const kind = kn ? kindOf(kn, 'remediationEach') : null;
        if (!cmd || !isScalar(cmd) || typeof cmd.value !== 'string') errors.push(`${at(it)}: remediationEach entry needs a "command" string`);
        else if (kind) remediationEach.push({ kind, command: cmd.value });
      }
  }
  const spec: SequenceRuleSpec = {
    meta: {
      id,
      title: str('title'),
      severity,
      description: str('description'),
      howItDecides: str('howItDecides'),
      falsePositives: strList('falsePositives'),
      remediation: str('remediation'),
      references: strList('references'),
    },
    by: byText === 'container' ? 'container' : 'sandbox',
    maxspanUs,
    steps,
    state,
    message: str('message'),
    remediationEach,
    file,
  };
  if (errors.length) throw new RuleLoadError(errors);
  return spec;
}

/** Every *.yaml / *.yml rule in a folder, sorted; all errors of all files at once. */
export function loadRuleDir(dir: string): SequenceRuleSpec[] {
  let names: string[];
  try {
    if (!statSync(dir).isDirectory()) throw new Error('not a folder');
    names = readdirSync(dir).filter((n) => /\.ya?ml$/.test(n)).sort();
  } catch {
    throw new RuleLoadError([`${dir}: not a readable folder of rule files`]);
  }
  const specs: SequenceRuleSpec[] = [];
  const errors: string[] = [];
  for (const n of names) {
    const file = path.join(dir, n);
    try {
      specs.push(parseRule(readFileSync(file, 'utf8'), file));
    } catch (e) {
      if (e instanceof RuleLoadError) errors.push(...e.errors);
      else throw e;
    }
  }
  if (errors.length) throw new RuleLoadError(errors);
  return specs;
}
