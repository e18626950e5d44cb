// One self-contained HTML file: swimlane timeline per host (SVG), findings panel, evidence, cleanup; no network.

import { createHash } from 'node:crypto';
import type { PmEvent } from '../events/types.js';
import type { Report } from '../report.js';
import type { Reboot } from '../timeline/boots.js';
import type { Container, Timeline } from '../timeline/timeline.js';
import { esc, jsonForScript } from './_escape.js';
import { cleanupGroups, isoToUs, numbered, oneLine, podsOf, shortId, skippedRules, wrap, type Numbered } from './_sections.js';
import { compareText } from '../text-order.js';
import { softwareHtml } from './_software.js';

/** Drawing geometry, in SVG user units; the client script gets the same numbers through the data block. */
const W = 1200;
const LX = 250;
const RX = 1184;
const PW = RX - LX;
const AXIS_H = 26;
const ROW_H = 15;
const LANE_H = 36;
const MAX_ROWS = 8;

const SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'];

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

/** Nice tick steps, µs. */
const STEPS = [1e3, 2e3, 5e3, 1e4, 2e4, 5e4, 1e5, 2e5, 5e5, 1e6, 2e6, 5e6, 1e7, 15e6, 3e7, 6e7, 12e7, 3e8, 6e8, 9e8, 18e8, 36e8, 72e8, 108e8, 216e8, 432e8, 864e8, 1728e8, 6048e8];

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

interface Domain {
  base: number;
  lo: number;
  hi: number;
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

function tipOf(e: PmEvent): string {
  return `${fmtTime(e.time)}  ${e.kind}\n${e.source.path}:${e.source.line}\n${e.text}`;
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

interface LaneInfo {
  key: string;
  container: Container | null;
  label: string;
  sub: string;
  events: PmEvent[];
  findings: Numbered[];
}

/** "reboot → boot 5c0e4b2a" — a reboot's band label. */
function rebootText(r: Reboot): string {
  return `reboot${r.boot ? ` → boot ${r.boot.slice(0, 8)}` : ''}`;
}

/**
 * A host's reboots as bands: shaded from the last entry of the old boot to the first of the new (the host was down
 * or not logging), a line at the new boot with its label. Styled by attributes, so pages without a reboot keep
 * their stylesheet; the page script places `.span` and `.at` as it does the stop windows.
 */
function bootBands(reboots: readonly Reboot[], d: Domain, rows: number[], rowY: (row: number) => number, top: number, bottom: number): string[] {
  const out: string[] = [];
  reboots.forEach((r, i) => {
    const t = r.time - d.base;
    const t0 = (r.lastBefore?.time ?? r.time) - d.base;
    const row = rows[i] ?? -1;
    const text = rebootText(r);
    const sign = r.signs[0]!;
    const tip = `${text}\n${r.previous ? `left boot ${r.previous}\n` : ''}${r.lastBefore ? `last entry of the old boot ${fmtTime(r.lastBefore.time)}\n` : ''}first entry of the new boot ${fmtTime(r.time)}\n${sign.source.path}:${sign.source.line}\n${sign.text}`;
    out.push(`<g class="boot"><title>${esc(tip)}</title>`);
    out.push(`<rect class="span full" data-t="${t0}" data-t2="${t}" x="${xAt(t0, d)}" y="${AXIS_H}" width="${Math.max(4, Number(xAt(t, d)) - Number(xAt(t0, d))).toFixed(1)}" height="${bottom - AXIS_H}" fill="#dee2e6" fill-opacity="0.7"/>`);
    out.push(`<g class="at bl" data-t="${t}" data-w="${Math.ceil(textWidth(text) + 10)}" transform="translate(${xAt(t, d)},0)"><line class="full" x1="0" x2="0" y1="${row < 0 ? top - 4 : rowY(row)}" y2="${bottom}" stroke="#343a40" stroke-width="2"/><text class="band-label${row < 0 ? ' crowded' : ''}" x="3" y="${rowY(row) + 11}" style="fill:#343a40!important;font-weight:600">${esc(text)}</text></g></g>`);
  });
  return out;
}

function laneLabel(c: Container): { label: string; sub: string } {
  const pods = [...c.pods].sort();
  return { label: pods.length ? pods.join(', ') : c.isSandbox ? 'sandbox (pod unknown)' : 'container (pod unknown)', sub: `${shortId(c.id)} · ${c.isSandbox ? 'sandbox' : 'container'}` };
}

function findingAttrs(x: Numbered): string {
  return `data-fn="${x.n}" data-sev="${esc(x.f.severity)}" data-host="${esc(x.f.host)}"${x.f.containerId ? ` data-key="${esc(`${x.f.host}|${x.f.containerId}`)}"` : ''}`;
}

function hostSvg(host: string, hostIndex: number, tl: Timeline, list: Numbered[], d: Domain, evidenceAnchor: Map<string, string>): string {
  const hostEvents = tl.events.filter((e) => e.host === host);
  const containers = [...tl.containers.values()]
    .filter((c) => c.host === host)
    .sort((a, b) => (a.events.find((e) => e.time !== null)?.time ?? Infinity) - (b.events.find((e) => e.time !== null)?.time ?? Infinity) || compareText(a.id, b.id));
  const lanes: LaneInfo[] = [
    { key: '', container: null, label: `node ${host}`, sub: 'events naming no container', events: hostEvents.filter((e) => e.ids.length === 0 && e.kind !== 'deploy.step'), findings: list.filter((x) => x.f.host === host && !x.f.containerId) },
    ...containers.map((c) => ({ key: `${host}|${c.id}`, container: c, ...laneLabel(c), events: c.events, findings: list.filter((x) => x.f.host === host && x.f.containerId === c.id) })),
  ];

  const steps = hostEvents.filter((e) => e.kind === 'deploy.step' && e.time !== null);
  const windows = tl.windows.filter((w) => w.host === host && w.start.time !== null);
  const stepText = (e: PmEvent): string => clip(`deploy: ${typeof e.attrs.step === 'string' ? e.attrs.step : oneLine(e.text, 80)}`, 44);
  const winText = (w: (typeof windows)[number]): string => `${w.daemon} stopping${w.end ? '' : ' (no stop seen)'}`;
  const reboots = tl.reboots.filter((r) => r.host === host);
  const bandLabels = [...windows.map((w) => ({ t: w.start.time! - d.base, text: winText(w) })), ...steps.map((e) => ({ t: e.time! - d.base, text: stepText(e) })), ...reboots.map((r) => ({ t: r.time - d.base, text: rebootText(r) }))];
  const bandRows = stackLabels(bandLabels, d);
  const rows = Math.max(0, ...bandRows.map((r) => r + 1));
  const top = AXIS_H + rows * ROW_H + 6;
  const bottom = top + lanes.length * LANE_H;
  const H = bottom + 8;
  const clipId = `clip-h${hostIndex}`;
  const rowY = (row: number): number => AXIS_H + Math.max(0, row) * ROW_H;

  const out: string[] = [];
  out.push(`<svg class="tl" viewBox="0 0 ${W} ${H}" data-top="${top}" data-bottom="${bottom}" data-rows="${rows}" role="img" aria-label="${esc(`timeline of host ${host}`)}" xmlns="http://www.w3.org/2000/svg">`);
  out.push(`<defs><clipPath id="${clipId}" clipPathUnits="userSpaceOnUse"><rect x="${LX}" y="-10000" width="${PW}" height="20000"/></clipPath></defs>`);
  out.push(`<g class="axis">${axis(d, bottom)}</g>`);
  out.push(`<g clip-path="url(#${clipId})">`);
  // Daemon stop windows: shaded from "stopping" to "stopped" (or to the end of the data when no stop was seen).
  windows.forEach((w, i) => {
    const t = w.start.time! - d.base;
    const t2 = (w.end?.time ?? d.base + d.hi) - d.base;
    const text = bandLabels[i]!.text;
    const row = bandRows[i]!;
    const tip = `${w.daemon} stopping ${fmtTime(w.start.time)} → ${w.end ? `stopped ${fmtTime(w.end.time)}` : 'no stop seen'}\n${w.start.source.path}:${w.start.source.line}\n${w.start.text}`;
    out.push(`<g class="win"><title>${esc(tip)}</title><rect class="span full" data-t="${t}" data-t2="${t2}" x="${xAt(t, d)}" y="${AXIS_H}" width="${Math.max(4, Number(xAt(t2, d)) - Number(xAt(t, d))).toFixed(1)}" height="${bottom - AXIS_H}"/>`);
    out.push(`<g class="at bl" data-t="${t}" data-w="${Math.ceil(textWidth(text) + 10)}" transform="translate(${xAt(t, d)},0)"><text class="band-label win-label${row < 0 ? ' crowded' : ''}" x="3" y="${rowY(row) + 11}">${esc(text)}</text></g></g>`);
  });
  steps.forEach((e, k) => {
    const i = windows.length + k;
    const t = e.time! - d.base;
    const text = bandLabels[i]!.text;
    const row = bandRows[i]!;
    const cls = String(e.attrs.class ?? 'other').startsWith('runtime.') ? 'step runtime' : 'step';
    out.push(`<g class="at bl ${cls}" data-t="${t}" data-w="${Math.ceil(textWidth(text) + 10)}" transform="translate(${xAt(t, d)},0)"><title>${esc(`${tipOf(e)}\nclass: ${String(e.attrs.class ?? 'other')}`)}</title>`);
    out.push(`<line class="full" x1="0" x2="0" y1="${row < 0 ? top - 4 : rowY(row)}" y2="${bottom}"/><text class="band-label${row < 0 ? ' crowded' : ''}" x="3" y="${rowY(row) + 11}">${esc(text)}</text></g>`);
  });
  const first = windows.length + steps.length;
  out.push(...bootBands(reboots, d, bandRows.slice(first), rowY, top, bottom));
  out.push('</g>');

  lanes.forEach((lane, i) => {
    const y = top + i * LANE_H;
    const worst = lane.findings.filter((x) => !x.inconclusive).map((x) => x.f.severity).sort((a, b) => SEVERITIES.indexOf(a) - SEVERITIES.indexOf(b))[0];
    out.push(`<g class="lane${lane.container ? '' : ' node'}${worst ? ` hit sev-${esc(worst)}` : ''}"${lane.key ? ` data-key="${esc(lane.key)}"` : ''} transform="translate(0,${y})">`);
    out.push(`<rect class="lane-bg" x="0" y="1" width="${W}" height="${LANE_H - 2}"/>`);
    out.push(`<g class="lane-label"><title>${esc(lane.container ? `${lane.label}\n${lane.container.id}` : lane.label)}</title><text class="pod" x="10" y="15">${esc(clip(lane.label, 34))}</text><text class="sub" x="10" y="29">${esc(lane.sub)}</text></g>`);
    out.push(`<g clip-path="url(#${clipId})">`);
    const timed = lane.events.filter((e) => e.time !== null);
    if (lane.container && timed.length > 0) {
      const logged = timed.filter((e) => e.domain !== 'capture');
      const first = timed[0]!.time! - d.base;
      const lastLog = (logged.length ? logged[logged.length - 1]!.time! : timed[0]!.time!) - d.base;
      const last = timed[timed.length - 1]!.time! - d.base;
      const life = `${lane.label} ${lane.container.id}\nfirst event ${fmtTime(first + d.base)}\nlast logged event ${fmtTime(lastLog + d.base)}${last > lastLog ? `\nstate still present at capture ${fmtTime(last + d.base)}` : ''}`;
      out.push(`<rect class="span life" data-t="${first}" data-t2="${lastLog}" x="${xAt(first, d)}" y="${LANE_H / 2 - 6}" width="${Math.max(1, Number(xAt(lastLog, d)) - Number(xAt(first, d))).toFixed(1)}" height="12" rx="3"><title>${esc(life)}</title></rect>`);
      if (last > lastLog) out.push(`<line class="span left" data-t="${lastLog}" data-t2="${last}" x1="${xAt(lastLog, d)}" x2="${xAt(last, d)}" y1="${LANE_H / 2}" y2="${LANE_H / 2}"><title>${esc(life)}</title></line>`);
    }
    for (const e of timed) {
      const t = e.time! - d.base;
      const anchor = evidenceAnchor.get(`${e.source.path}:${e.source.line}`);
      const cat = category(e);
      const shape = cat === 'state' ? `<rect x="-4" y="${LANE_H / 2 - 4}" width="8" height="8"/>` : cat === 'daemon' ? `<path d="M0 ${LANE_H / 2 - 6}L5 ${LANE_H / 2 + 4}H-5Z"/>` : `<circle cy="${LANE_H / 2}" r="${anchor ? 5 : 4}"/>`;
      const mark = `<g class="at ev c-${cat}${anchor ? ' evid' : ''}" data-t="${t}" transform="translate(${xAt(t, d)},0)"><title>${esc(tipOf(e) + (anchor ? '\n(click: evidence)' : ''))}</title>${shape}</g>`;
      out.push(anchor ? `<a href="#${anchor}">${mark}</a>` : mark);
    }
    // Findings at the same instant sit side by side, 22 units apart, so each stays clickable at any zoom.
    const sameTime = new Map<number, number>();
    for (const x of lane.findings) {
      const us = x.f.time ? isoToUs(x.f.time) : timed.length ? timed[timed.length - 1]!.time! : null;
      if (us === null) continue;
      const t = us - d.base;
      const k = sameTime.get(t) ?? 0;
      sameTime.set(t, k + 1);
      out.push(`<a href="#f${x.n}" class="fm" ${findingAttrs(x)}><g class="at sev-${esc(x.f.severity)}" data-t="${t}" transform="translate(${xAt(t, d)},0)"><title>${esc(`#${x.n} ${x.f.severity} ${x.f.rule}${x.inconclusive ? ' (inconclusive)' : ''}\n${x.f.title}\n${x.f.time ?? 'no time'}\n(click: details)`)}</title><g transform="translate(${k * 22},0)"><path d="M0 1L6 7L0 13L-6 7Z"/><text x="7" y="11">${x.n}</text></g></g></a>`);
    }
    out.push('</g></g>');
  });
  out.push('</svg>');
  return out.join('\n');
}

const CSS = `
:root{--fg:#1f2328;--mut:#59636e;--line:#d0d7de;--bg:#fff;--soft:#f6f8fa;--critical:#b3261e;--high:#d9480f;--medium:#e8590c;--low:#1c7ed6;--info:#868e96}
*{box-sizing:border-box}
body{margin:0;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans","Noto Sans CJK SC",sans-serif;color:var(--fg);background:var(--bg)}
header,main,.details{padding:0 24px}
header{padding-top:18px;border-bottom:1px solid var(--line);padding-bottom:12px}
h1{font-size:22px;margin:0 0 6px}
h2{font-size:18px;margin:22px 0 8px;border-bottom:1px solid var(--line);padding-bottom:4px}
h3{font-size:15px;margin:16px 0 6px}
code,pre,.mono{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,"Noto Sans Mono CJK SC",monospace;font-size:12.5px}
pre{background:var(--soft);border:1px solid var(--line);border-radius:6px;padding:8px 10px;overflow-x:auto;white-space:pre-wrap;word-break:break-all;margin:4px 0 10px}
.diag{font-size:15px;margin:6px 0;max-width:110ch}
.stats{color:var(--mut);margin:4px 0 0}
.badge{display:inline-block;border-radius:10px;padding:0 8px;font-size:12px;font-weight:600;color:#fff;background:var(--info);vertical-align:1px}
.badge.critical{background:var(--critical)}.badge.high{background:var(--high)}.badge.medium{background:var(--medium)}.badge.low{background:var(--low)}
main{display:grid;grid-template-columns:minmax(0,1fr) 330px;gap:20px;align-items:start}
.toolbar{display:flex;flex-wrap:wrap;gap:8px 16px;align-items:center;margin:12px 0 6px;font-size:13px}
.toolbar fieldset{border:1px solid var(--line);border-radius:6px;padding:2px 8px;margin:0;display:flex;gap:8px;align-items:center}
.toolbar legend{font-size:11px;color:var(--mut);padding:0 3px}
.toolbar button{font:inherit;border:1px solid var(--line);background:var(--soft);border-radius:5px;padding:1px 9px;cursor:pointer}
.toolbar details{position:relative}
.toolbar details[open] .boxes{position:absolute;z-index:3;background:#fff;border:1px solid var(--line);border-radius:6px;padding:6px 10px;max-height:320px;overflow:auto;box-shadow:0 4px 14px #0002;min-width:300px}
.boxes label{display:block;white-space:nowrap}
.hint{color:var(--mut);font-size:12px}
.legend{display:flex;flex-wrap:wrap;gap:4px 14px;font-size:12px;color:var(--mut);margin:2px 0 8px}
.legend svg{vertical-align:-2px}
.host-block h3{margin:10px 0 2px}
.host-block .cap{color:var(--mut);font-size:12px;margin:0 0 4px}
svg.tl{width:100%;height:auto;display:block;border:1px solid var(--line);border-radius:6px;background:#fff;touch-action:none;user-select:none}
svg.tl.drag{cursor:grabbing}
svg.tl text{font-size:11px;fill:var(--fg)}
.axis line{stroke:#eaeef2}.axis text{fill:var(--mut);text-anchor:middle}
.lane-bg{fill:transparent}.lane:nth-of-type(even) .lane-bg{fill:#fafbfc}
.lane.hit .lane-bg{fill:#fff0f0}.lane.hit.sev-low .lane-bg,.lane.hit.sev-info .lane-bg{fill:#eef6ff}
.lane.node .lane-bg{fill:#f3f0ff}
.lane-label .pod{font-weight:600;font-size:12px}.lane-label .sub{fill:var(--mut);font-family:ui-monospace,Menlo,Consolas,monospace;font-size:10.5px}
.lane.hit .lane-label .pod{fill:var(--critical)}
.life{fill:#a5d8ff;stroke:#4dabf7}.lane.hit .life{fill:#ffc9c9;stroke:#fa5252}
.left{stroke:#adb5bd;stroke-width:2;stroke-dasharray:5 4}.lane.hit .left{stroke:#fa5252}
.ev circle,.ev rect,.ev path{stroke:#fff;stroke-width:1}
.c-start circle{fill:#1c7ed6}.c-exit circle{fill:#868e96}.c-fail circle{fill:#e03131}.c-ok circle{fill:#2f9e44}.c-pod circle{fill:#0c8599}.c-daemon path{fill:#343a40}.c-state rect{fill:#f08c00}.c-deploy circle{fill:#7048e8}
.ev.evid circle,.ev.evid rect,.ev.evid path{stroke:#1f2328;stroke-width:1.6}
.ev:hover circle,.ev:hover rect,.ev:hover path{stroke:#000;stroke-width:2}
.win rect{fill:#ffe8cc;fill-opacity:.65}.win-label{fill:#d9480f!important;font-weight:600}
.step line{stroke:#9775fa;stroke-width:1.2;stroke-dasharray:3 3}.step.runtime line{stroke:#7048e8;stroke-width:2;stroke-dasharray:none}
.band-label{fill:#5f3dc4!important}.band-label.crowded{display:none}.step.runtime .band-label{font-weight:600}
.fm path{stroke:#fff;stroke-width:1.2}.fm text{font-weight:700;font-size:10px}
.fm .sev-critical path{fill:var(--critical)}.fm .sev-high path{fill:var(--high)}.fm .sev-medium path{fill:var(--medium)}.fm .sev-low path{fill:var(--low)}.fm .sev-info path{fill:var(--info)}
.off{display:none!important}
aside{position:sticky;top:10px;margin-top:12px;border:1px solid var(--line);border-radius:8px;padding:8px 12px;max-height:calc(100vh - 20px);overflow:auto;background:#fff}
aside h2{margin-top:4px}
aside ol{list-style:none;padding:0;margin:0}
.fcard a{display:block;border:1px solid var(--line);border-left:5px solid var(--info);border-radius:6px;padding:6px 8px;margin:0 0 8px;color:inherit;text-decoration:none}
.fcard a:hover{background:var(--soft)}
.fcard.critical a{border-left-color:var(--critical)}.fcard.high a{border-left-color:var(--high)}.fcard.medium a{border-left-color:var(--medium)}.fcard.low a{border-left-color:var(--low)}
.fcard .t{font-weight:600;display:block}.fcard .m{color:var(--mut);font-size:12px;display:block}
.finding{border:1px solid var(--line);border-radius:8px;padding:4px 14px 8px;margin:12px 0}
.finding h3 .n{color:var(--mut)}
.facts{color:var(--mut);font-size:13px}
.evidence{border-radius:6px;padding:2px 6px;margin:0 -6px}
.evidence:target,.evidence li:target{background:#fff8c5;outline:2px solid #d4a72c}
.evidence ol{padding-left:22px;margin:4px 0}
.evidence pre{max-height:18em;overflow:auto}
pre.cleanup{white-space:pre;word-break:normal}
.loc{font-size:12.5px}.loc code{font-weight:600}
table{border-collapse:collapse;margin:6px 0 12px;font-size:13px}
th,td{border:1px solid var(--line);padding:3px 8px;text-align:left;vertical-align:top}
th{background:var(--soft)}
td.num{text-align:right}
#tip{position:fixed;z-index:10;max-width:720px;background:#1f2328;color:#fff;border-radius:6px;padding:6px 9px;font:12px/1.4 ui-monospace,Menlo,Consolas,monospace;white-space:pre-wrap;word-break:break-all;pointer-events:none;box-shadow:0 4px 14px #0004}
footer{color:var(--mut);font-size:12px;padding:16px 24px 28px}
@media (max-width:1100px){main{grid-template-columns:1fr}aside{position:static;max-height:none}}
@media print{
  *{-webkit-print-color-adjust:exact;print-color-adjust:exact}
  .toolbar,#tip,.hint{display:none!important}
  main{display:block}
  aside{position:static;max-height:none;overflow:visible;border:none;padding:0}
  .finding,.host-block,table,pre{break-inside:avoid}
  a{color:inherit;text-decoration:none}
  body{font-size:12px}
  .evidence pre{max-height:none}
  pre.cleanup{white-space:pre-wrap;word-break:break-all}
}
`;

const SCRIPT = `
(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('pm-data').textContent);
  var W = data.geometry.W, LX = data.geometry.LX, PW = data.geometry.PW, LANE_H = data.geometry.LANE_H, AXIS_H = data.geometry.AXIS_H, ROW_H = data.geometry.ROW_H;
  var STEPS = data.geometry.steps;
  var NS = 'http://www.w3.org/2000/svg';
  var full = [data.lo, data.hi], dom = [data.lo, data.hi];
  var svgs = Array.prototype.slice.call(document.querySelectorAll('svg.tl'));
  function all(root, sel) { return Array.prototype.slice.call(root.querySelectorAll(sel)); }
  function X(t) { return LX + (t - dom[0]) / (dom[1] - dom[0]) * PW; }
  function label(abs, step) {
    var iso = new Date(Math.floor(abs / 1000)).toISOString();
    if (step >= 864e8) return iso.slice(0, 10);
    if (step < 1e6) return iso.slice(11, 23);
    return iso.slice(11, 19);
  }
  function axis(svg) {
    var g = svg.querySelector('.axis'), bottom = +svg.getAttribute('data-bottom');
    while (g.firstChild) g.removeChild(g.firstChild);
    var span = dom[1] - dom[0], step = STEPS[STEPS.length - 1];
    for (var i = 0; i < STEPS.length; i++) if (span / STEPS[i] <= 9) { step = STEPS[i]; break; }
    for (var abs = Math.ceil((data.base + dom[0]) / step) * step; abs <= data.base + dom[1]; abs += step) {
      var x = X(abs - data.base).toFixed(1);
      var l = document.createElementNS(NS, 'line');
      l.setAttribute('x1', x); l.setAttribute('x2', x); l.setAttribute('y1', String(AXIS_H - 6)); l.setAttribute('y2', String(bottom));
      var t = document.createElementNS(NS, 'text');
      t.setAttribute('x', x); t.setAttribute('y', String(AXIS_H - 10)); t.textContent = label(abs, step);
      g.appendChild(l); g.appendChild(t);
    }
  }
  // Re-stack the band labels for the current zoom: zooming in makes room for the crowded ones.
  function bands(svg) {
    var rows = +svg.getAttribute('data-rows'), top = +svg.getAttribute('data-top'), ends = [];
    all(svg, '.bl').map(function (g, i) { return { g: g, i: i, x: X(+g.getAttribute('data-t')), w: +g.getAttribute('data-w') }; })
      .sort(function (a, b) { return a.x - b.x || a.i - b.i; })
      .forEach(function (it) {
        var row = -1;
        if (it.x >= LX - 1) for (var r = 0; r < rows; r++) if (ends[r] === undefined || ends[r] < it.x) { row = r; break; }
        var t = it.g.querySelector('text'), l = it.g.querySelector('line');
        t.classList.toggle('crowded', row < 0);
        if (row < 0) { if (l) l.setAttribute('y1', String(top - 4)); return; }
        ends[row] = it.x + it.w;
        t.setAttribute('y', String(AXIS_H + row * ROW_H + 11));
        if (l) l.setAttribute('y1', String(AXIS_H + row * ROW_H));
      });
  }
  function place() {
    svgs.forEach(function (svg) {
      all(svg, '.at').forEach(function (g) { g.setAttribute('transform', 'translate(' + X(+g.getAttribute('data-t')).toFixed(1) + ',0)'); });
      all(svg, '.span').forEach(function (r) {
        var a = X(+r.getAttribute('data-t')), b = X(+r.getAttribute('data-t2'));
        if (r.tagName === 'rect') { r.setAttribute('x', a.toFixed(1)); r.setAttribute('width', Math.max(r.classList.contains('life') ? 1 : 4, b - a).toFixed(1)); }
        else { r.setAttribute('x1', a.toFixed(1)); r.setAttribute('x2', b.toFixed(1)); }
      });
      axis(svg);
      bands(svg);
    });
    var z = document.getElementById('zoom-level');
    if (z) z.textContent = Math.round((full[1] - full[0]) / (dom[1] - dom[0]) * 100) + '%';
  }
  function clamp(a, b) {
    var span = Math.min(b - a, full[1] - full[0]);
    span = Math.max(span, 1000);
    if (a < full[0]) a = full[0];
    if (a + span > full[1]) a = full[1] - span;
    dom = [a, a + span];
    place();
  }
  function zoom(f, at) {
    if (at === undefined) at = (dom[0] + dom[1]) / 2;
    clamp(at - (at - dom[0]) * f, at + (dom[1] - at) * f);
  }
  function pan(frac) { var s = dom[1] - dom[0]; clamp(dom[0] + s * frac, dom[1] + s * frac); }
  function tAt(svg, clientX) {
    var r = svg.getBoundingClientRect();
    var vx = (clientX - r.left) * W / r.width;
    return dom[0] + (vx - LX) / PW * (dom[1] - dom[0]);
  }
  all(document, '[data-zoom]').forEach(function (b) {
    b.addEventListener('click', function () {
      var a = b.getAttribute('data-zoom');
      if (a === 'in') zoom(0.5); else if (a === 'out') zoom(2); else if (a === 'left') pan(-0.25); else if (a === 'right') pan(0.25); else if (a === 'focus' && data.focus) clamp(data.focus[0], data.focus[1]); else clamp(full[0], full[1]);
    });
  });
  var dragged = false;
  svgs.forEach(function (svg) {
    svg.addEventListener('wheel', function (ev) {
      ev.preventDefault();
      zoom(ev.deltaY < 0 ? 0.8 : 1.25, tAt(svg, ev.clientX));
    }, { passive: false });
    var start = null;
    svg.addEventListener('pointerdown', function (ev) { if (ev.button !== 0) return; start = { x: ev.clientX, dom: dom.slice() }; dragged = false; });
    svg.addEventListener('pointermove', function (ev) {
      if (!start) return;
      var dx = ev.clientX - start.x;
      if (!dragged && Math.abs(dx) < 4) return;
      if (!dragged) { dragged = true; svg.classList.add('drag'); try { svg.setPointerCapture(ev.pointerId); } catch (e) { /* pointer gone */ } }
      var r = svg.getBoundingClientRect();
      var shift = -dx * W / r.width / PW * (start.dom[1] - start.dom[0]);
      clamp(start.dom[0] + shift, start.dom[1] + shift);
    });
    function end() { start = null; svg.classList.remove('drag'); }
    svg.addEventListener('pointerup', end);
    svg.addEventListener('pointercancel', end);
    svg.addEventListener('click', function (ev) { if (dragged) { ev.preventDefault(); ev.stopPropagation(); dragged = false; } }, true);
  });

  var tip = document.getElementById('tip');
  all(document, 'svg.tl title').forEach(function (t) {
    var p = t.parentNode;
    p.setAttribute('data-tip', t.textContent);
    p.removeChild(t);
  });
  function showTip(ev) {
    var el = ev.target.closest ? ev.target.closest('[data-tip]') : null;
    if (!el) { tip.hidden = true; return; }
    tip.textContent = el.getAttribute('data-tip');
    tip.hidden = false;
    var x = ev.clientX + 14, y = ev.clientY + 14;
    var w = tip.offsetWidth, h = tip.offsetHeight;
    if (x + w > window.innerWidth - 8) x = Math.max(8, ev.clientX - w - 14);
    if (y + h > window.innerHeight - 8) y = Math.max(8, ev.clientY - h - 14);
    tip.style.left = x + 'px'; tip.style.top = y + 'px';
  }
  svgs.forEach(function (svg) {
    svg.addEventListener('pointermove', showTip);
    svg.addEventListener('pointerleave', function () { tip.hidden = true; });
  });

  function restack(svg) {
    var y = +svg.getAttribute('data-top');
    all(svg, 'g.lane').forEach(function (l) {
      if (l.classList.contains('off')) return;
      l.setAttribute('transform', 'translate(0,' + y + ')');
      y += LANE_H;
    });
    svg.setAttribute('data-bottom', String(y));
    all(svg, '.full').forEach(function (el) {
      if (el.tagName === 'line') el.setAttribute('y2', String(y));
      else el.setAttribute('height', String(Math.max(0, y - +el.getAttribute('y'))));
    });
    svg.setAttribute('viewBox', '0 0 ' + W + ' ' + (y + 8));
    axis(svg);
  }
  function checked(name) {
    var s = {};
    all(document, 'input[name="' + name + '"]').forEach(function (i) { if (i.checked) s[i.value] = true; });
    return s;
  }
  function filter() {
    var hostSel = document.getElementById('f-host');
    var host = hostSel ? hostSel.value : '';
    var sev = checked('sev'), keys = checked('lane');
    all(document, '.host-block').forEach(function (b) { b.classList.toggle('off', !!host && b.getAttribute('data-host') !== host); });
    all(document, 'g.lane[data-key]').forEach(function (l) { l.classList.toggle('off', !keys[l.getAttribute('data-key')]); });
    var shown = {};
    all(document, '[data-fn]').forEach(function (el) {
      var k = el.getAttribute('data-key');
      var on = (!host || el.getAttribute('data-host') === host) && !!sev[el.getAttribute('data-sev')] && (!k || !!keys[k]);
      el.classList.toggle('off', !on);
      if (on) shown[el.getAttribute('data-fn')] = true;
    });
    var c = document.getElementById('f-count');
    if (c) c.textContent = Object.keys(shown).length + ' of ' + data.findings + ' findings shown';
    svgs.forEach(restack);
  }
  all(document, '.toolbar input, .toolbar select').forEach(function (i) { i.addEventListener('change', filter); });
  filter();
  place();
})();
`;

function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('base64');
}

function findingCard(report: Report, x: Numbered): string {
  const { f, n } = x;
  const pods = podsOf(report, f.host, f.containerId);
  return `<li class="fcard ${esc(f.severity)}" ${findingAttrs(x)}><a href="#f${n}-evidence"><span class="t">${n}. ${esc(f.title)}</span><span class="m"><span class="badge ${esc(f.severity)}">${esc(f.severity)}</span> ${esc(f.rule)}</span><span class="m">${esc(f.host)} · ${f.containerId ? `<span class="mono">${esc(shortId(f.containerId))}</span>` : 'no sandbox'}${pods.length ? ` · ${esc(pods.join(', '))}` : ''}</span><span class="m">${esc(f.time ?? 'no time')}</span></a></li>`;
}

function findingDetail(report: Report, x: Numbered, groups: ReturnType<typeof cleanupGroups>): string {
  const { f, n } = x;
  const pods = podsOf(report, f.host, f.containerId);
  const out: string[] = [];
  out.push(`<section class="finding" id="f${n}" ${findingAttrs(x)}>`);
  out.push(`<h3><span class="n">${n}.</span> ${esc(f.title)} <span class="badge ${esc(f.severity)}">${esc(f.severity)}</span></h3>`);
  out.push(`<p class="facts">rule <code>${esc(f.rule)}</code> · host ${esc(f.host)} · ${f.containerId ? `sandbox <code>${esc(f.containerId)}</code>` : 'no sandbox'}${pods.length ? ` · pod ${esc(pods.join(', '))}` : ''} · ${esc(f.time ?? 'no time')}</p>`);
  out.push(`<p>${esc(f.summary)}</p>`);
  if (f.related.length > 0) out.push(`<p class="facts">Related on the same sandbox: ${f.related.map((r) => `<code>${esc(r)}</code>`).join(', ')}</p>`);
  out.push(`<div class="evidence" id="f${n}-evidence" tabindex="-1"><h4>Evidence (${f.evidence.length})</h4><ol>`);
  f.evidence.forEach((e, i) => {
    out.push(`<li id="f${n}-e${i + 1}"><div class="loc"><code>${esc(`${e.path}:${e.line}${e.endLine ? `-${e.endLine}` : ''}`)}</code> · ${esc(e.time ?? 'no time')}</div><pre>${esc(e.text)}</pre></li>`);
  });
  out.push('</ol></div>');
  if (f.remediation.length > 0) {
    const inBlock = !x.inconclusive && groups.some((g) => g.host === f.host && g.containerId === f.containerId);
    out.push(inBlock ? `<p>Cleanup: in the <a href="#cleanup">cleanup block</a>${f.containerId ? ` under sandbox <code>${esc(shortId(f.containerId))}</code>` : ''}.</p>` : `<p>What to do:</p><pre>${esc(f.remediation.join('\n'))}</pre>`);
  }
  out.push('</section>');
  return out.join('\n');
}

/** Render the report and its timeline as one self-contained HTML page (inline CSS and script, no network). */
export function renderHtml(report: Report, tl: Timeline): string {
  const list = numbered(report);
  const main = list.filter((x) => !x.inconclusive);
  const unsure = list.filter((x) => x.inconclusive);
  const skipped = skippedRules(report);
  const read = report.inputs.filter((i) => i.format);
  const groups = cleanupGroups(main);

  const timed = tl.events.filter((e) => e.time !== null).map((e) => e.time!);
  const hosts = [...new Set([...tl.events.map((e) => e.host ?? ''), ...report.findings.map((f) => f.host)].filter(Boolean))].sort();
  let d: Domain | null = null;
  if (timed.length > 0) {
    const min = Math.min(...timed);
    const max = Math.max(...timed);
    const pad = max > min ? Math.round((max - min) * 0.03) : 30_000_000;
    d = { base: min - pad, lo: 0, hi: max - min + 2 * pad };
  }
  // The findings' span with a minute either side: what the "findings" zoom button shows.
  const fTimes = main.filter((x) => x.f.time).map((x) => isoToUs(x.f.time!));
  const data0 = { focus: d && fTimes.length ? [Math.max(d.lo, Math.min(...fTimes) - 60_000_000 - d.base), Math.min(d.hi, Math.max(...fTimes) + 60_000_000 - d.base)] : null };
  const evidenceAnchor = new Map<string, string>();
  for (const x of list) x.f.evidence.forEach((e, i) => {
    const key = `${e.path}:${e.line}`;
    if (!evidenceAnchor.has(key)) evidenceAnchor.set(key, `f${x.n}-e${i + 1}`);
  });

  const b: string[] = [];
  const top = main[0]?.f;
  b.push('<header>', '<h1>podmortem report</h1>');
  if (top) {
    const pods = podsOf(report, top.host, top.containerId);
    b.push(`<p class="diag"><strong>Diagnosis: <a href="#f1">${esc(top.title)}</a></strong> <span class="badge ${esc(top.severity)}">${esc(top.severity)}</span> on ${esc(top.host)}${top.containerId ? `, sandbox <code>${esc(shortId(top.containerId))}</code>` : ''}${pods.length ? ` (${esc(pods.join(', '))})` : ''}. ${esc(top.summary)}</p>`);
  } else b.push(`<p class="diag"><strong>Diagnosis: no findings.</strong> None of the ${report.rules.length - skipped.length} rules that ran found a broken sandbox setup or teardown or the state one leaves.</p>`);
  const sevCount = SEVERITIES.map((s) => [s, main.filter((x) => x.f.severity === s).length] as const).filter(([, c]) => c > 0).map(([s, c]) => `${c} ${s}`);
  b.push(`<p class="stats">${main.length} finding${main.length === 1 ? '' : 's'}${sevCount.length ? ` (${esc(sevCount.join(', '))})` : ''} · ${unsure.length} inconclusive · ${report.rules.length - skipped.length} of ${report.rules.length} rules ran · ${read.length} files read · hosts: ${esc(hosts.join(', ') || 'none')}</p>`);
  b.push('</header>');

  b.push('<main>', '<div class="tl-col">', '<h2 id="timeline">Timeline</h2>');
  if (d) {
    const dom = d;
    b.push('<div class="toolbar" role="toolbar" aria-label="timeline controls">');
    b.push(`<fieldset><legend>zoom</legend><button type="button" data-zoom="out" title="zoom out">−</button><button type="button" data-zoom="in" title="zoom in">+</button><button type="button" data-zoom="left" title="pan left">←</button><button type="button" data-zoom="right" title="pan right">→</button><button type="button" data-zoom="reset">all</button>${data0.focus ? '<button type="button" data-zoom="focus" title="zoom to the findings">findings</button>' : ''}<span id="zoom-level" class="hint">100%</span></fieldset>`);
    b.push(`<fieldset><legend>host</legend><select id="f-host"><option value="">all hosts</option>${hosts.map((h) => `<option value="${esc(h)}">${esc(h)}</option>`).join('')}</select></fieldset>`);
    b.push(`<fieldset><legend>severity</legend>${SEVERITIES.map((s) => `<label><input type="checkbox" name="sev" value="${s}" checked> ${s}</label>`).join('')}</fieldset>`);
    const laneBoxes = hosts.flatMap((h) =>
      [...tl.containers.values()]
        .filter((c) => c.host === h)
        .sort((a, b2) => compareText(a.id, b2.id))
        .map((c) => {
          const l = laneLabel(c);
          return `<label><input type="checkbox" name="lane" value="${esc(`${h}|${c.id}`)}" checked> ${esc(h)} · ${esc(l.label)} <span class="mono">${esc(shortId(c.id))}</span></label>`;
        }),
    );
    b.push(`<details><summary>sandboxes (${laneBoxes.length})</summary><div class="boxes">${laneBoxes.join('')}</div></details>`);
    b.push('<span class="hint">wheel: zoom · drag: pan · hover: raw line · click a mark: its evidence</span>');
    b.push('</div>');
    b.push(`<div class="legend">${LEGEND.map(([c, t]) => `<span><svg width="12" height="12" viewBox="-6 -6 12 12"><g class="ev c-${c}">${c === 'state' ? '<rect x="-4" y="-4" width="8" height="8"/>' : c === 'daemon' ? '<path d="M0 -5L5 4H-5Z"/>' : '<circle r="4"/>'}</g></svg> ${esc(t)}</span>`).join('')}<span><svg width="14" height="12" viewBox="-7 -6 14 12"><g class="fm"><g class="sev-critical"><path d="M0 -6L6 0L0 6L-6 0Z"/></g></g></svg> finding</span><span><svg width="16" height="12"><rect x="0" y="0" width="16" height="12" fill="#ffe8cc"/></svg> daemon stopping</span><span><svg width="12" height="12"><line x1="6" x2="6" y1="0" y2="12" stroke="#7048e8" stroke-width="2"/></svg> deploy step</span></div>`);
    hosts.forEach((h, i) => {
      const zone = report.assumptions.find((a) => a.host === h && a.what === 'time zone');
      b.push(`<div class="host-block" data-host="${esc(h)}"><h3>Host ${esc(h)}</h3><p class="cap">Times in UTC${zone ? `; the host's clock is ${esc(zone.value)}` : ''}. Bars: first to last logged event of a sandbox; dashed: its state still present at capture.</p>`);
      b.push(hostSvg(h, i, tl, list, dom, evidenceAnchor));
      b.push('</div>');
    });
  } else b.push('<p>No event in the inputs has a time: there is no timeline to draw.</p>');
  b.push('</div>');

  b.push('<aside id="panel" aria-label="findings"><h2>Findings</h2>');
  b.push(`<p class="hint" id="f-count">${main.length + unsure.length} findings</p>`);
  if (main.length === 0) b.push('<p>None.</p>');
  else b.push(`<ol>${main.map((x) => findingCard(report, x)).join('')}</ol>`);
  if (unsure.length > 0) b.push('<h3>Inconclusive</h3>', `<ol>${unsure.map((x) => findingCard(report, x)).join('')}</ol>`);
  b.push('</aside>', '</main>');

  b.push('<div class="details">');
  if (main.length > 0) {
    b.push('<h2 id="findings">Findings in detail</h2>');
    for (const x of main) b.push(findingDetail(report, x, groups));
  }
  if (groups.length > 0) {
    b.push('<h2 id="cleanup">Cleanup</h2>', '<p>Review before running: podmortem never runs anything. Steps that are not commands are comments.</p>');
    const lines: string[] = [];
    for (const g of groups) {
      if (lines.length) lines.push('');
      const pods = podsOf(report, g.host, g.containerId);
      lines.push(`# ${g.containerId ? `sandbox ${shortId(g.containerId)}${pods.length ? ` (${pods.join(', ')})` : ''}` : 'no sandbox'} on ${g.host}: ${g.rules.join(', ')}`);
      lines.push(...g.commands);
      for (const s of g.steps) lines.push(...wrap(s, 98).map((l) => `# ${l}`));
    }
    b.push(`<pre class="cleanup">${esc(lines.join('\n'))}</pre>`);
  }
  const software = softwareHtml(report);
  if (software) b.push(software);
  b.push('<h2 id="inputs">Inputs read</h2>');
  if (read.length > 0) {
    b.push('<table><thead><tr><th>File</th><th>Format</th><th>Host</th><th>Lines</th><th>Unparsed</th><th>Notes</th></tr></thead><tbody>');
    for (const i of read) b.push(`<tr><td><code>${esc(i.path)}</code></td><td>${esc(i.format)}</td><td>${esc(i.host ?? '-')}</td><td class="num">${i.lines}</td><td class="num">${i.unparsed}</td><td>${esc(i.notes.join('; '))}</td></tr>`);
    b.push('</tbody></table>');
  } else b.push('<p>No file could be read.</p>');
  const unread = report.inputs.filter((i) => !i.format);
  if (unread.length > 0) b.push(`<p>Not read (${unread.length}):</p><ul>${unread.map((i) => `<li><code>${esc(i.path)}</code>: ${esc(i.why)}</li>`).join('')}</ul>`);
  b.push('<h2 id="assumptions">Assumptions</h2>');
  if (report.assumptions.length === 0) b.push('<p>None: every instant carried its own year and zone.</p>');
  else b.push(`<ul>${report.assumptions.map((a) => `<li>${esc(a.host)}: ${esc(a.what)} <strong>${esc(a.value)}</strong> (${esc(a.basis)})</li>`).join('')}</ul>`);
  if (report.notes.length > 0) b.push('<h2 id="notes">Notes</h2>', `<ul>${report.notes.map((n) => `<li>${esc(n)}</li>`).join('')}</ul>`);
  b.push('<h2 id="rules-not-run">Rules not run</h2>');
  if (skipped.length === 0) b.push(`<p>None: all ${report.rules.length} rules ran.</p>`);
  else b.push(`<p>${skipped.length} of ${report.rules.length} rules did not run, so the bundle was not checked for what they find:</p><ul>${skipped.map((r) => `<li><code>${esc(r.id)}</code> (${esc(r.severity)}, ${esc(r.title)}): ${esc(r.reason ?? 'skipped')}</li>`).join('')}</ul>`);
  b.push('<h2 id="inconclusive">Inconclusive findings</h2>');
  if (unsure.length === 0) b.push('<p>None.</p>');
  else {
    b.push('<p>These rules saw a sign but lacked the input to decide; treat them as leads, not findings.</p>');
    for (const x of unsure) b.push(findingDetail(report, x, groups));
  }
  b.push('</div>');
  b.push(`<footer>podmortem ${esc(report.tool.version)} · ${esc(report.schema)} · self-contained: no network access, inline style and script</footer>`);

  const data = {
    base: d?.base ?? 0,
    lo: d?.lo ?? 0,
    hi: d?.hi ?? 1,
    findings: list.length,
    focus: data0.focus,
    hosts,
    geometry: { W, LX, PW, LANE_H, AXIS_H, ROW_H, steps: STEPS },
  };
  const csp = `default-src 'none'; style-src 'sha256-${sha256(CSS)}'; script-src 'sha256-${sha256(SCRIPT)}'; img-src data:; base-uri 'none'; form-action 'none'`;
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${esc(csp)}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<link rel="icon" href="data:,">',
    `<title>${esc(top ? `podmortem: ${top.title} on ${top.host}` : 'podmortem: no findings')}</title>`,
    `<style>${CSS}</style>`,
    '</head>',
    '<body>',
    ...b,
    '<div id="tip" role="tooltip" hidden></div>',
    `<script type="application/json" id="pm-data">${jsonForScript(data)}</script>`,
    `<script>${SCRIPT}</script>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
