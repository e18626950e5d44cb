// The HTML report's timeline: one SVG per host, a lane per container (and one for the node), daemon stop windows
// and deploy steps as bands, findings as numbered marks; the toolbar and legend above them.

import type { PmEvent } from '../../events/types.js';
import { SEVERITIES, type Severity } from '../../findings/types.js';
import { compareText } from '../../text-order.js';
import type { Reboot } from '../../timeline/boots.js';
import type { Container, Timeline } from '../../timeline/timeline.js';
import { esc } from '../_escape.js';
import { isoToUs, oneLine, shortId } from '../_sections.js';
import type { FindingView, HostClock } from '../outline.js';
import { formatUs } from '../../time/stamp.js';
import { findingAttrs } from './findings.js';

/** Drawing geometry, in SVG user units; the browser script gets the same numbers through the data block. */
export const W = 1200;
export const LX = 250;
const RX = 1184;
export const PW = RX - LX;
export const AXIS_H = 26;
export const ROW_H = 15;
export const LANE_H = 36;
const MAX_ROWS = 8;

/** Nice tick steps, µs. */
export const STEPS = [1e3, 2e3, 5e3, 1e4, 2e4, 5e4, 1e5, 2e5, 5e5, 1e6, 2e6, 5e6, 1e7, 15e6, 3e7, 6e7, 12e7, 3e8, 6e8, 9e8, 18e8, 36e8, 72e8, 108e8, 216e8, 432e8, 864e8, 1728e8, 6048e8];

/** The span drawn: `base` µs since the epoch, `lo`..`hi` µs after it. */
export interface Domain {
  base: number;
  lo: number;
  hi: number;
}

/** Which mark an event gets: its colour class in the legend. */
function category(e: PmEvent): string {
  const k = e.kind;
  if (k.endsWith('.failed') || k === 'shim.died' || k === 'container.stop.forced' || k === 'sandbox.teardown.blind') return 'fail';
  if (k === 'sandbox.teardown.done' || k === 'sandbox.removed') return 'ok';
  if (k === 'sandbox.started' || k === 'sandbox.needed') return 'start';
  if (k.startsWith('shim.') || k === 'task.deleted' || k === 'container.kill.start' || k === 'sandbox.rebooted') return 'exit';
  if (k.startsWith('daemon.') || k.startsWith('boot.')) return 'daemon';
  if (k === 'deploy.step') return 'deploy';
  if (k.startsWith('pod.') && k !== 'pod.observed') return 'pod';
  return 'state';
}

const LEGEND: [string, string][] = [
  ['start', 'sandbox start'],
  ['exit', 'container exit (shim, task)'],
  ['fail', 'failure'],
  ['ok', 'teardown done'],
  ['pod', 'kubelet pod event'],
  ['daemon', 'daemon event'],
  ['state', 'state seen at capture'],
];

function tickStep(span: number): number {
  return STEPS.find((s) => span / s <= 9) ?? STEPS[STEPS.length - 1]!;
}

/** Tick label: HH:MM:SS, with milliseconds for sub-second steps and the date for day steps. */
function tickLabel(abs: number, step: number): string {
  const iso = new Date(Math.floor(abs / 1000)).toISOString();
  if (step >= 864e8) return iso.slice(0, 10);
  if (step < 1e6) return iso.slice(11, 23);
  return iso.slice(11, 19);
}

/** Display width of a label in SVG units at 11px (CJK twice as wide). */
function textWidth(text: string): number {
  let w = 0;
  for (const ch of text) w += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(ch) ? 11 : 6.3;
  return w;
}

function clip(text: string, max: number): string {
  const chars = [...text];
  return chars.length > max ? chars.slice(0, max - 1).join('') + '…' : text;
}

/**
 * Stack band labels in rows, left to right, so none overlaps; a label with no free row is crowded out (row -1:
 * its line stays, its text shows on hover and when zooming in makes room; the client script re-stacks).
 */
function stackLabels(labels: { t: number; text: string }[], d: Domain): number[] {
  const ends: number[] = [];
  const rows = labels.map(() => -1);
  const order = labels.map((_, i) => i).sort((a, b) => labels[a]!.t - labels[b]!.t || a - b);
  for (const i of order) {
    const x = LX + ((labels[i]!.t - d.lo) / (d.hi - d.lo)) * PW;
    let row = ends.findIndex((end) => end < x);
    if (row === -1 && ends.length < MAX_ROWS) row = ends.length;
    if (row === -1) continue;
    ends[row] = x + textWidth(labels[i]!.text) + 10;
    rows[i] = row;
  }
  return rows;
}

function xAt(t: number, d: Domain): string {
  return (LX + ((t - d.lo) / (d.hi - d.lo)) * PW).toFixed(1);
}

function fmtTime(us: number | null): string {
  return us === null ? 'no time' : new Date(Math.floor(us / 1000)).toISOString().replace(/\.\d{3}Z$/, `.${String(us % 1_000_000).padStart(6, '0')}Z`);
}

/** A mark's hover text: its time (and on the host's clock), kind, path:line and raw line. */
function tipOf(e: PmEvent, clock: HostClock): string {
  const local = e.time === null ? null : clock.short(e.host, formatUs(e.time));
  return `${fmtTime(e.time)}${local ? ` (host ${local})` : ''}  ${e.kind}\n${e.source.path}:${e.source.line}\n${e.text}`;
}

function axis(d: Domain, bottom: number): string {
  const step = tickStep(d.hi - d.lo);
  const out: string[] = [];
  for (let abs = Math.ceil((d.base + d.lo) / step) * step; abs <= d.base + d.hi; abs += step) {
    const x = xAt(abs - d.base, d);
    out.push(`<line x1="${x}" x2="${x}" y1="${AXIS_H - 6}" y2="${bottom}"/><text x="${x}" y="${AXIS_H - 10}">${esc(tickLabel(abs, step))}</text>`);
  }
  return out.join('');
}

interface Lane {
  key: string;
  container: Container | null;
  label: string;
  sub: string;
  events: PmEvent[];
  findings: FindingView[];
}

function laneLabel(c: Container): { label: string; sub: string } {
  const pods = [...c.pods].sort();
  return { label: pods.length ? pods.join(', ') : c.isSandbox ? 'sandbox (pod unknown)' : 'container (pod unknown)', sub: `${shortId(c.id)} · ${c.isSandbox ? 'sandbox' : 'container'}` };
}

/** The host's lanes: the node's own events first, then each container by its first event. */
function lanesOf(host: string, hostEvents: PmEvent[], tl: Timeline, list: FindingView[]): Lane[] {
  const first = (c: Container): number => c.events.find((e) => e.time !== null)?.time ?? Infinity;
  const containers = [...tl.containers.values()].filter((c) => c.host === host).sort((a, b) => first(a) - first(b) || compareText(a.id, b.id));
  return [
    { key: '', container: null, label: `node ${host}`, sub: 'events naming no container', events: hostEvents.filter((e) => e.ids.length === 0 && e.kind !== 'deploy.step'), findings: list.filter((x) => x.f.host === host && !x.f.containerId) },
    ...containers.map((c) => ({ key: `${host}|${c.id}`, container: c, ...laneLabel(c), events: c.events, findings: list.filter((x) => x.f.host === host && x.f.containerId === c.id) })),
  ];
}

/** Where the bands sit: the rows their labels take, and the y of the lanes' top and bottom. */
interface Bands {
  windows: Timeline['windows'];
  steps: PmEvent[];
  reboots: Reboot[];
  labels: { t: number; text: string }[];
  rows: number[];
  top: number;
  bottom: number;
}

function bandsOf(host: string, hostEvents: PmEvent[], tl: Timeline, d: Domain, lanes: number): Bands {
  const steps = hostEvents.filter((e) => e.kind === 'deploy.step' && e.time !== null);
  const windows = tl.windows.filter((w) => w.host === host && w.start.time !== null);
  const stepText = (e: PmEvent): string => clip(`deploy: ${typeof e.attrs.step === 'string' ? e.attrs.step : oneLine(e.text, 80)}`, 44);
  const reboots = tl.reboots.filter((r) => r.host === host);
  const labels = [
    ...windows.map((w) => ({ t: w.start.time! - d.base, text: `${w.daemon} stopping${w.end ? '' : ' (no stop seen)'}` })),
    ...steps.map((e) => ({ t: e.time! - d.base, text: stepText(e) })),
    ...reboots.map((r) => ({ t: r.time - d.base, text: rebootText(r) })),
  ];
  const rows = stackLabels(labels, d);
  const top = AXIS_H + Math.max(0, ...rows.map((r) => r + 1)) * ROW_H + 6;
  return { windows, steps, reboots, labels, rows, top, bottom: top + lanes * LANE_H };
}

function rowY(row: number): number {
  return AXIS_H + Math.max(0, row) * ROW_H;
}

/** Daemon stop windows, shaded from "stopping" to "stopped" (or to the end of the data), and deploy step lines. */
function bandLayer(b: Bands, d: Domain, clock: HostClock): string[] {
  const out: string[] = [];
  b.windows.forEach((w, i) => {
    const t = w.start.time! - d.base;
    const t2 = (w.end?.time ?? d.base + d.hi) - d.base;
    const text = b.labels[i]!.text;
    const row = b.rows[i]!;
    const tip = `${w.daemon} stopping ${fmtTime(w.start.time)} → ${w.end ? `stopped ${fmtTime(w.end.time)}` : 'no stop seen'}\n${w.start.source.path}:${w.start.source.line}\n${w.start.text}`;
    out.push(`<g class="win"><title>${esc(tip)}</title><rect class="span full" data-t="${t}" data-t2="${t2}" x="${xAt(t, d)}" y="${AXIS_H}" width="${Math.max(4, Number(xAt(t2, d)) - Number(xAt(t, d))).toFixed(1)}" height="${b.bottom - AXIS_H}"/>`);
    out.push(`<g class="at bl" data-t="${t}" data-w="${Math.ceil(textWidth(text) + 10)}" transform="translate(${xAt(t, d)},0)"><text class="band-label win-label${row < 0 ? ' crowded' : ''}" x="3" y="${rowY(row) + 11}">${esc(text)}</text></g></g>`);
  });
  b.steps.forEach((e, k) => {
    const i = b.windows.length + k;
    const t = e.time! - d.base;
    const text = b.labels[i]!.text;
    const row = b.rows[i]!;
    const cls = String(e.attrs.class ?? 'other').startsWith('runtime.') ? 'step runtime' : 'step';
    out.push(`<g class="at bl ${cls}" data-t="${t}" data-w="${Math.ceil(textWidth(text) + 10)}" transform="translate(${xAt(t, d)},0)"><title>${esc(`${tipOf(e, clock)}\nclass: ${String(e.attrs.class ?? 'other')}`)}</title>`);
    out.push(`<line class="full" x1="0" x2="0" y1="${row < 0 ? b.top - 4 : rowY(row)}" y2="${b.bottom}"/><text class="band-label${row < 0 ? ' crowded' : ''}" x="3" y="${rowY(row) + 11}">${esc(text)}</text></g>`);
  });
  return out;
}

/** "reboot → boot 5c0e4b2a" — a reboot's band label. */
function rebootText(r: Reboot): string {
  return `reboot${r.boot ? ` → boot ${r.boot.slice(0, 8)}` : ''}`;
}

/**
 * A host's reboots as bands: shaded from the last entry of the old boot to the first of the new (the host was down
 * or not logging), a line at the new boot with its label; the page script places `.span` and `.at` as it does the
 * stop windows.
 */
function bootLayer(b: Bands, d: Domain): string[] {
  const out: string[] = [];
  b.reboots.forEach((r, k) => {
    const i = b.windows.length + b.steps.length + k;
    const t = r.time - d.base;
    const t0 = (r.lastBefore?.time ?? r.time) - d.base;
    const row = b.rows[i] ?? -1;
    const text = b.labels[i]!.text;
    const sign = r.signs[0]!;
    const tip = `${text}\n${r.previous ? `left boot ${r.previous}\n` : ''}${r.lastBefore ? `last entry of the old boot ${fmtTime(r.lastBefore.time)}\n` : ''}first entry of the new boot ${fmtTime(r.time)}\n${sign.source.path}:${sign.source.line}\n${sign.text}`;
    out.push(`<g class="boot"><title>${esc(tip)}</title>`);
    out.push(`<rect class="span full" data-t="${t0}" data-t2="${t}" x="${xAt(t0, d)}" y="${AXIS_H}" width="${Math.max(4, Number(xAt(t, d)) - Number(xAt(t0, d))).toFixed(1)}" height="${b.bottom - AXIS_H}"/>`);
    out.push(`<g class="at bl" data-t="${t}" data-w="${Math.ceil(textWidth(text) + 10)}" transform="translate(${xAt(t, d)},0)"><line class="full" x1="0" x2="0" y1="${row < 0 ? b.top - 4 : rowY(row)}" y2="${b.bottom}"/><text class="band-label boot-label${row < 0 ? ' crowded' : ''}" x="3" y="${rowY(row) + 11}">${esc(text)}</text></g></g>`);
  });
  return out;
}

/** A container's life: a bar from its first to its last logged event, dashed on to state still seen at capture. */
function lifeBar(lane: Lane, timed: PmEvent[], d: Domain): string[] {
  if (!lane.container || timed.length === 0) return [];
  const logged = timed.filter((e) => e.domain !== 'capture');
  const first = timed[0]!.time! - d.base;
  const lastLog = (logged.length ? logged[logged.length - 1]!.time! : timed[0]!.time!) - d.base;
  const last = timed[timed.length - 1]!.time! - d.base;
  const life = `${lane.label} ${lane.container.id}\nfirst event ${fmtTime(first + d.base)}\nlast logged event ${fmtTime(lastLog + d.base)}${last > lastLog ? `\nstate still present at capture ${fmtTime(last + d.base)}` : ''}`;
  const out = [`<rect class="span life" data-t="${first}" data-t2="${lastLog}" x="${xAt(first, d)}" y="${LANE_H / 2 - 6}" width="${Math.max(1, Number(xAt(lastLog, d)) - Number(xAt(first, d))).toFixed(1)}" height="12" rx="3"><title>${esc(life)}</title></rect>`];
  if (last > lastLog) out.push(`<line class="span left" data-t="${lastLog}" data-t2="${last}" x1="${xAt(lastLog, d)}" x2="${xAt(last, d)}" y1="${LANE_H / 2}" y2="${LANE_H / 2}"><title>${esc(life)}</title></line>`);
  return out;
}

/** One mark per event, linked to the first finding's evidence that quotes its line. */
function* eventMarks(timed: PmEvent[], d: Domain, evidenceAnchor: Map<string, string>, clock: HostClock): Generator<string> {
  for (const e of timed) {
    const t = e.time! - d.base;
    const anchor = evidenceAnchor.get(`${e.source.path}:${e.source.line}`);
    const cat = category(e);
    const shape = cat === 'state' ? `<rect x="-4" y="${LANE_H / 2 - 4}" width="8" height="8"/>` : cat === 'daemon' ? `<path d="M0 ${LANE_H / 2 - 6}L5 ${LANE_H / 2 + 4}H-5Z"/>` : `<circle cy="${LANE_H / 2}" r="${anchor ? 5 : 4}"/>`;
    const mark = `<g class="at ev c-${cat}${anchor ? ' evid' : ''}" data-t="${t}" transform="translate(${xAt(t, d)},0)"><title>${esc(tipOf(e, clock) + (anchor ? '\n(click: evidence)' : ''))}</title>${shape}</g>`;
    yield anchor ? `<a href="#${anchor}">${mark}</a>` : mark;
  }
}

/** Numbered diamonds for the lane's findings; those at the same instant sit side by side, 22 units apart. */
function findingMarks(lane: Lane, timed: PmEvent[], d: Domain): string[] {
  const out: string[] = [];
  const sameTime = new Map<number, number>();
  for (const x of lane.findings) {
    const us = x.f.time ? isoToUs(x.f.time) : timed.length ? timed[timed.length - 1]!.time! : null;
    if (us === null) continue;
    const t = us - d.base;
    const k = sameTime.get(t) ?? 0;
    sameTime.set(t, k + 1);
    const tip = `#${x.n} ${x.f.severity} ${x.f.rule}${x.inconclusive ? ' (inconclusive)' : ''}\n${x.f.title}\n${x.f.time ?? 'no time'}\n(click: details)`;
    out.push(`<a href="#f${x.n}" class="fm" ${findingAttrs(x)}><g class="at sev-${esc(x.f.severity)}" data-t="${t}" transform="translate(${xAt(t, d)},0)"><title>${esc(tip)}</title><g transform="translate(${k * 22},0)"><path d="M0 1L6 7L0 13L-6 7Z"/><text x="7" y="11">${x.n}</text></g></g></a>`);
  }
  return out;
}

/** A lane's lines: its background and label, then its life bar, event marks and finding marks. */
function* laneLayer(lane: Lane, i: number, top: number, clipId: string, d: Domain, evidenceAnchor: Map<string, string>, clock: HostClock): Generator<string> {
  const worst = lane.findings.filter((x) => !x.inconclusive).map((x) => x.f.severity).sort((a, b) => SEVERITIES.indexOf(a as Severity) - SEVERITIES.indexOf(b as Severity))[0];
  const timed = lane.events.filter((e) => e.time !== null);
  yield `<g class="lane${lane.container ? '' : ' node'}${worst ? ` hit sev-${esc(worst)}` : ''}"${lane.key ? ` data-key="${esc(lane.key)}"` : ''} transform="translate(0,${top + i * LANE_H})">`;
  yield `<rect class="lane-bg" x="0" y="1" width="${W}" height="${LANE_H - 2}"/>`;
  yield `<g class="lane-label"><title>${esc(lane.container ? `${lane.label}\n${lane.container.id}` : lane.label)}</title><text class="pod" x="10" y="15">${esc(clip(lane.label, 34))}</text><text class="sub" x="10" y="29">${esc(lane.sub)}</text></g>`;
  yield `<g clip-path="url(#${clipId})">`;
  yield* lifeBar(lane, timed, d);
  yield* eventMarks(timed, d, evidenceAnchor, clock);
  yield* findingMarks(lane, timed, d);
  yield '</g></g>';
}

/**
 * One host's drawing, line by line (the page joins its lines with newlines): a mark per event, so a line at a time,
 * never the drawing of ten sos nodes' events as one array and one string (see htmlPieces).
 */
function* hostSvg(host: string, hostIndex: number, tl: Timeline, list: FindingView[], d: Domain, evidenceAnchor: Map<string, string>, clock: HostClock): Generator<string> {
  const hostEvents = tl.events.filter((e) => e.host === host);
  const lanes = lanesOf(host, hostEvents, tl, list);
  const b = bandsOf(host, hostEvents, tl, d, lanes.length);
  const clipId = `clip-h${hostIndex}`;
  const rows = Math.max(0, ...b.rows.map((r) => r + 1));
  yield `<svg class="tl" viewBox="0 0 ${W} ${b.bottom + 8}" data-top="${b.top}" data-bottom="${b.bottom}" data-rows="${rows}" role="img" aria-label="${esc(`timeline of host ${host}`)}" xmlns="http://www.w3.org/2000/svg">`;
  yield `<defs><clipPath id="${clipId}" clipPathUnits="userSpaceOnUse"><rect x="${LX}" y="-10000" width="${PW}" height="20000"/></clipPath></defs>`;
  yield `<g class="axis">${axis(d, b.bottom)}</g>`;
  yield `<g clip-path="url(#${clipId})">`;
  yield* bandLayer(b, d, clock);
  yield* bootLayer(b, d);
  yield '</g>';
  for (let i = 0; i < lanes.length; i++) yield* laneLayer(lanes[i]!, i, b.top, clipId, d, evidenceAnchor, clock);
  yield '</svg>';
}

/** The toolbar: zoom, host, severity and sandbox filters. */
function toolbar(tl: Timeline, hosts: string[], focus: boolean): string[] {
  const out = ['<div class="toolbar" role="toolbar" aria-label="timeline controls">'];
  out.push(`<fieldset><legend>zoom</legend><button type="button" data-zoom="out" title="zoom out">−</button><button type="button" data-zoom="in" title="zoom in">+</button><button type="button" data-zoom="left" title="pan left">←</button><button type="button" data-zoom="right" title="pan right">→</button><button type="button" data-zoom="reset">all</button>${focus ? '<button type="button" data-zoom="focus" title="zoom to the findings">findings</button>' : ''}<span id="zoom-level" class="hint">100%</span></fieldset>`);
  out.push(`<fieldset><legend>host</legend><select id="f-host"><option value="">all hosts</option>${hosts.map((h) => `<option value="${esc(h)}">${esc(h)}</option>`).join('')}</select></fieldset>`);
  out.push(`<fieldset><legend>severity</legend>${SEVERITIES.map((s) => `<label><input type="checkbox" name="sev" value="${s}" checked> ${s}</label>`).join('')}</fieldset>`);
  const boxes = hosts.flatMap((h) =>
    [...tl.containers.values()]
      .filter((c) => c.host === h)
      .sort((a, b) => compareText(a.id, b.id))
      .map((c) => `<label><input type="checkbox" name="lane" value="${esc(`${h}|${c.id}`)}" checked> ${esc(h)} · ${esc(laneLabel(c).label)} <span class="mono">${esc(shortId(c.id))}</span></label>`),
  );
  out.push(`<details><summary>sandboxes (${boxes.length})</summary><div class="boxes">${boxes.join('')}</div></details>`);
  out.push('<span class="hint">wheel: zoom · drag: pan · hover: raw line · click a mark: its evidence</span>', '</div>');
  return out;
}

function legend(): string {
  const marks = LEGEND.map(([c, t]) => `<span><svg width="12" height="12" viewBox="-6 -6 12 12"><g class="ev c-${c}">${c === 'state' ? '<rect x="-4" y="-4" width="8" height="8"/>' : c === 'daemon' ? '<path d="M0 -5L5 4H-5Z"/>' : '<circle r="4"/>'}</g></svg> ${esc(t)}</span>`).join('');
  return `<div class="legend">${marks}<span><svg width="14" height="12" viewBox="-7 -6 14 12"><g class="fm"><g class="sev-critical"><path d="M0 -6L6 0L0 6L-6 0Z"/></g></g></svg> finding</span><span><svg width="16" height="12"><rect x="0" y="0" width="16" height="12" fill="#ffe8cc"/></svg> daemon stopping</span><span><svg width="12" height="12"><line x1="6" x2="6" y1="0" y2="12" stroke="#7048e8" stroke-width="2"/></svg> deploy step</span></div>`;
}

/** The span every drawing shows: all timed events, 3 % either side (30 s for a single instant); null without any. */
export function domainOf(tl: Timeline): Domain | null {
  let min = Infinity;
  let max = -Infinity;
  for (const e of tl.events) {
    if (e.time === null) continue;
    if (e.time < min) min = e.time;
    if (e.time > max) max = e.time;
  }
  if (min === Infinity) return null;
  const pad = max > min ? Math.round((max - min) * 0.03) : 30_000_000;
  return { base: min - pad, lo: 0, hi: max - min + 2 * pad };
}

export interface TimelineColumn {
  tl: Timeline;
  d: Domain | null;
  hosts: string[];
  list: FindingView[];
  /** The first finding's evidence that quotes each path:line. */
  evidenceAnchor: Map<string, string>;
  /** Zone the host's clock was read in, by host (the caption names it, assumed or not). */
  zones: Map<string, string>;
  /** Instants on the host's clock, for the hover texts. */
  clock: HostClock;
  focus: boolean;
}

/** The timeline column's lines: heading, toolbar, legend, then a captioned drawing per host. */
export function* timelineColumn(c: TimelineColumn): Generator<string> {
  yield '<div class="tl-col">';
  yield '<h2 id="timeline">Timeline</h2>';
  if (!c.d) {
    yield '<p>No event in the inputs has a time: there is no timeline to draw.</p>';
    yield '</div>';
    return;
  }
  yield* toolbar(c.tl, c.hosts, c.focus);
  yield legend();
  for (let i = 0; i < c.hosts.length; i++) {
    const h = c.hosts[i]!;
    const zone = c.zones.get(h);
    yield `<div class="host-block" data-host="${esc(h)}"><h3>Host ${esc(h)}</h3><p class="cap">Times in UTC${zone ? `; the host's clock is ${esc(zone)}` : ''}. Bars: first to last logged event of a sandbox; dashed: its state still present at capture.</p>`;
    yield* hostSvg(h, i, c.tl, c.list, c.d, c.evidenceAnchor, c.clock);
    yield '</div>';
  }
  yield '</div>';
}
