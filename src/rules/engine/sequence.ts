// Runs a sequence/absence rule over the timeline: "by sandbox with maxspan T: [A] then [B] ![C]".

import type { PmEvent } from '../../events/types.js';
import type { Finding } from '../../findings/types.js';
import { formatUs } from '../../time/stamp.js';
import { containersById, eventsOfKind, type Container, type Timeline } from '../../timeline/timeline.js';
import { fillMessage, reporter } from '../_message.js';
import type { Rule, RuleMeta } from '../types.js';
import { coverageEnd, uncoveredAt } from '../../timeline/coverage.js';
import type { AttrCond, SequenceRuleSpec } from './types.js';
import { gate } from '../../versions/gate.js';

/** A `where` condition ready to test: regexes compiled once, when the rule is built, not per event. */
type Test = (value: unknown) => boolean;

function compileCond(cond: AttrCond): Test {
  if (Array.isArray(cond)) {
    const values = new Set(cond.map(String));
    return (v) => v !== undefined && v !== null && values.has(String(v));
  }
  if (typeof cond === 'object') {
    const re = new RegExp(cond.regex);
    return (v) => v !== undefined && v !== null && re.test(String(v));
  }
  const want = String(cond);
  return (v) => v !== undefined && v !== null && String(v) === want;
}

function compileWhere(where: Record<string, AttrCond>): [string, Test][] {
  return Object.entries(where).map(([k, c]) => [k, compileCond(c)]);
}

const allHold = (tests: [string, Test][], e: PmEvent): boolean => tests.every(([k, t]) => t(e.attrs[k]));

/** A step's matcher: its kinds and conditions, less the events its named exclusions drop (Sigma's `and not filter_x`). */
export type StepMatcher = (e: PmEvent) => boolean;

/** The matcher of every step of a spec, by step name, built once per rule. */
export function compileSteps(spec: Pick<SequenceRuleSpec, 'steps' | 'exclusions'>): Map<string, StepMatcher> {
  const out = new Map<string, StepMatcher>();
  for (const step of spec.steps) {
    const kinds = new Set(step.kinds);
    const tests = compileWhere(step.where);
    const filters = spec.exclusions.filter((x) => x.step === step.name).map((x) => ({ kinds: new Set(x.kinds), tests: compileWhere(x.where) }));
    out.set(step.name, (e) => kinds.has(e.kind) && allHold(tests, e) && !filters.some((f) => (f.kinds.size === 0 || f.kinds.has(e.kind)) && allHold(f.tests, e)));
  }
  return out;
}

/** Matchers compiled for specs met outside sequenceRule (tests call matchSequence with a bare spec). */
const COMPILED = new WeakMap<object, Map<string, StepMatcher>>();

function matchersOf(spec: Pick<SequenceRuleSpec, 'steps' | 'exclusions'>): Map<string, StepMatcher> {
  let m = COMPILED.get(spec);
  if (m === undefined) COMPILED.set(spec, (m = compileSteps(spec)));
  return m;
}

interface Match {
  events: Map<string, PmEvent>;
  /** An absence the journals could not show (its window starts before they do): why, or null. */
  unseen: string | null;
}

/**
 * First match of the steps for one entity, honouring order, maxspan and absences; null when none. `uncovered(t)`
 * says why the journals cannot show instant t (null: they can); an absence whose window starts there is unseen.
 */
export function matchSequence(spec: SequenceRuleSpec, events: PmEvent[], endOfData: number | null, uncovered: (t: number) => string | null = () => null): Match | null {
  const first = spec.steps.find((s) => !s.absent);
  const matchers = matchersOf(spec);
  const isFirst = first === undefined ? null : matchers.get(first.name)!;
  // Most entities hold no event of the first step: asked before any list is made (8,000 containers a rule).
  if (isFirst === null || !events.some((e) => e.time !== null && isFirst(e))) return null;
  const timed = events.filter((e) => e.time !== null);
  for (const start of timed.filter(isFirst)) {
    const m = tryFrom(spec, matchers, timed, start, endOfData, uncovered);
    if (m) return m;
  }
  return null;
}

function tryFrom(spec: SequenceRuleSpec, matchers: Map<string, StepMatcher>, timed: PmEvent[], start: PmEvent, endOfData: number | null, uncovered: (t: number) => string | null): Match | null {
  const matched = new Map<string, PmEvent>();
  const t0 = start.time!;
  const limit = spec.maxspanUs === null ? Infinity : t0 + spec.maxspanUs;
  let prev: PmEvent | null = null;
  let cursor = -1;
  for (let i = 0; i < spec.steps.length; i++) {
    const step = spec.steps[i]!;
    if (step.absent) continue;
    let found: PmEvent | undefined;
    if (prev === null) found = start;
    else found = timed.find((e, idx) => idx > cursor && e.time! >= prev!.time! && e.time! <= limit && matchers.get(step.name)!(e));
    if (!found) return null;
    matched.set(step.name, found);
    cursor = timed.indexOf(found);
    prev = found;
  }
  // Absences are checked once every positive step has its event.
  let unseen: string | null = null;
  const positives = spec.steps.filter((s) => !s.absent);
  for (let i = 0; i < spec.steps.length; i++) {
    const step = spec.steps[i]!;
    if (!step.absent) continue;
    const before = [...spec.steps.slice(0, i)].reverse().find((s) => !s.absent);
    const after = spec.steps.slice(i + 1).find((s) => !s.absent);
    const anchor = before ? matched.get(before.name)! : matched.get(positives[0]!.name)!;
    let lo: number;
    let hi: number;
    if (step.aroundUs !== null) {
      lo = anchor.time! - step.aroundUs;
      hi = anchor.time! + step.aroundUs;
    } else if (before && after) {
      lo = matched.get(before.name)!.time!;
      hi = matched.get(after.name)!.time!;
    } else if (before) {
      lo = anchor.time!;
      hi = step.untilEnd ? (endOfData ?? Infinity) : limit;
    } else {
      hi = anchor.time!;
      lo = spec.maxspanUs === null ? -Infinity : hi - spec.maxspanUs;
    }
    if (timed.some((e) => e.time! >= lo && e.time! <= hi && e !== anchor && matchers.get(step.name)!(e))) return null;
    // A journal's coverage starts at its first line: nothing before it can be claimed absent.
    unseen ??= uncovered(lo);
  }
  return { events: matched, unseen };
}


function entityVars(c: Container, m: Match, state: PmEvent[]): Record<string, string> {
  const vars: Record<string, string> = { id: c.id, short: c.id.slice(0, 12), pods: [...c.pods].join(', ') || 'unknown pod', host: c.host };
  for (const [name, e] of m.events) {
    vars[`step.${name}.path`] = e.source.path;
    vars[`step.${name}.line`] = String(e.source.line);
    vars[`step.${name}.time`] = e.time === null ? '(no time)' : formatUs(e.time);
    vars[`step.${name}.where`] = `${e.source.path}:${e.source.line}`;
    for (const [k, v] of Object.entries(e.attrs)) if (typeof v === 'string' || typeof v === 'number') vars[`step.${name}.attrs.${k}`] = String(v);
  }
  vars.state = [...new Set(state.map((e) => (e.kind === 'ipam.lease' ? `lease ${e.attrs.ip}` : e.kind === 'cni.dnat.present' ? String(e.attrs.target) : e.kind)))].join(', ');
  return vars;
}

/** Where the host's journals end (else its last timed event): absences "until end" stop there. */
function endOfData(tl: Timeline, host: string): number | null {
  const covered = coverageEnd(tl.coverage, host);
  if (covered !== null) return covered;
  let end: number | null = null;
  for (const e of tl.events) if (e.host === host && e.time !== null && e.domain !== 'capture' && (end === null || e.time > end)) end = e.time;
  return end;
}

/**
 * Turn a validated spec into a Rule the engine runs like any other. Its step matchers (regexes included) are
 * compiled here, once, when the rules are loaded. Its one message, `match`, is the file's `message:` template:
 * {{id}}, {{short}}, {{pods}}, {{host}}, {{state}}, {{step.<name>.path|line|time|where}}, and {{version.<program>}}
 * for each program of `when`.
 */
export function sequenceRule(spec: SequenceRuleSpec): Rule<'match'> {
  // The doc says which versions the rule is about: `when` is part of what it is.
  const meta = (spec.when ? { ...spec.meta, versions: spec.when } : spec.meta) as RuleMeta<'match'>;
  const report = reporter(meta);
  matchersOf(spec);
  return {
    meta,
    needs: ['journal', ...(spec.state.length > 0 ? ['state'] : [])],
    source: spec.file,
    check(tl: Timeline): Finding[] {
      const out: Finding[] = [];
      const ends = new Map<string, number | null>();
      // The entities holding an event of the first step's kinds: a match starts there.
      const first = spec.steps.find((st) => !st.absent);
      const starts = new Set<string>();
      if (first !== undefined) for (const kind of first.kinds) for (const e of eventsOfKind(tl, kind)) for (const id of e.ids) starts.add(id);
      // No match without a start, and no entity can hold state the timeline does not hold.
      if (starts.size === 0) return out;
      if (spec.state.length > 0 && spec.state.every((kind) => eventsOfKind(tl, kind).length === 0)) return out;
      for (const c of containersById(tl)) {
        if (spec.by === 'sandbox' && !c.isSandbox) continue;
        if (!starts.has(c.id)) continue;
        // The state asked first: it does not depend on the match, and most entities hold none (a lease rule
        // matched the exits of 4,000 sandboxes to keep the few with a lease: 60 ms of the run's serial end).
        const state = c.events.filter((e) => spec.state.includes(e.kind));
        if (spec.state.length > 0 && state.length === 0) continue;
        if (!ends.has(c.host)) ends.set(c.host, endOfData(tl, c.host));
        const m = matchSequence(spec, c.events, ends.get(c.host) ?? null, (t) => uncoveredAt(tl.coverage, c.host, t));
        if (!m) continue;
        // A version-gated rule asks which versions ran when the sequence began: out of range, no finding; unknown,
        // a finding that says so.
        const matched = [...m.events.values()];
        const versions = spec.when ? gate(tl, c.host, spec.when, matched[0]!.time) : null;
        if (versions?.applies === false) continue;
        const vars = entityVars(c, m, state);
        for (const name of Object.keys(spec.when ?? {})) vars[`version.${name}`] = versions?.versions[name] ?? '(version unknown)';
        const remediation: string[] = [];
        for (const r of spec.remediationEach) for (const e of state.filter((s) => s.kind === r.kind)) remediation.push(fillMessage(r.command, Object.fromEntries(Object.entries(e.attrs).map(([k, v]) => [k, String(v)]))));
        const doubts = [versions?.doubt ?? null, m.unseen !== null ? `an absence this rule claims starts before the journals do (${m.unseen})` : null].filter((d): d is string => d !== null);
        out.push(report({ host: c.host, containerId: c.id, time: matched[0]!.time }, 'match', vars, [...(versions?.evidence ?? []), ...matched, ...state], { remediation: [...new Set(remediation)], ...(doubts.length > 0 ? { inconclusive: doubts.join('; ') } : {}) }));
      }
      return out;
    },
  };
}
