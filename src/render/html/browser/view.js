// @ts-check
// The visible time window of every swimlane drawing: zoom, pan, and re-placing marks, axis ticks and band labels.

import { all, num } from './data.js';

const NS = 'http://www.w3.org/2000/svg';

/** Tick label: HH:MM:SS, with milliseconds for sub-second steps and the date for day steps (as the page drew them). */
function tickLabel(/** @type {number} */ abs, /** @type {number} */ step) {
  const iso = new Date(Math.floor(abs / 1000)).toISOString();
  if (step >= 864e8) return iso.slice(0, 10);
  if (step < 1e6) return iso.slice(11, 23);
  return iso.slice(11, 19);
}

export class View {
  /**
   * @param {import('./data.js').PageData} data
   * @param {SVGSVGElement[]} svgs
   */
  constructor(data, svgs) {
    this.data = data;
    this.g = data.geometry;
    this.svgs = svgs;
    /** @type {[number, number]} the whole drawing */
    this.full = [data.lo, data.hi];
    /** @type {[number, number]} what is shown */
    this.dom = [data.lo, data.hi];
  }

  /** x of an instant (µs after base) in the current window. */
  x(/** @type {number} */ t) {
    return this.g.LX + ((t - this.dom[0]) / (this.dom[1] - this.dom[0])) * this.g.PW;
  }

  /** The instant under a pointer's clientX. */
  timeAt(/** @type {SVGSVGElement} */ svg, /** @type {number} */ clientX) {
    const r = svg.getBoundingClientRect();
    const vx = ((clientX - r.left) * this.g.W) / r.width;
    return this.dom[0] + ((vx - this.g.LX) / this.g.PW) * (this.dom[1] - this.dom[0]);
  }

  /** Redraw the axis ticks of one drawing for the current window. */
  axis(/** @type {SVGSVGElement} */ svg) {
    const g = svg.querySelector('.axis');
    if (!g) return;
    const bottom = num(svg, 'data-bottom');
    g.replaceChildren();
    const span = this.dom[1] - this.dom[0];
    const steps = this.g.steps;
    const step = steps.find((s) => span / s <= 9) ?? steps[steps.length - 1] ?? 1e6;
    const base = this.data.base;
    for (let abs = Math.ceil((base + this.dom[0]) / step) * step; abs <= base + this.dom[1]; abs += step) {
      const x = this.x(abs - base).toFixed(1);
      const l = document.createElementNS(NS, 'line');
      l.setAttribute('x1', x);
      l.setAttribute('x2', x);
      l.setAttribute('y1', String(this.g.AXIS_H - 6));
      l.setAttribute('y2', String(bottom));
      const t = document.createElementNS(NS, 'text');
      t.setAttribute('x', x);
      t.setAttribute('y', String(this.g.AXIS_H - 10));
      t.textContent = tickLabel(abs, step);
      g.append(l, t);
    }
  }

  /** Re-stack the band labels for the current window: zooming in makes room for the crowded ones. */
  bands(/** @type {SVGSVGElement} */ svg) {
    const rows = num(svg, 'data-rows');
    const top = num(svg, 'data-top');
    /** @type {number[]} */
    const ends = [];
    const labels = all(svg, '.bl').map((g, i) => ({ g, i, x: this.x(num(g, 'data-t')), w: num(g, 'data-w') }));
    labels.sort((a, b) => a.x - b.x || a.i - b.i);
    for (const it of labels) {
      let row = -1;
      if (it.x >= this.g.LX - 1) for (let r = 0; r < rows; r++) if (ends[r] === undefined || (ends[r] ?? 0) < it.x) { row = r; break; }
      const text = it.g.querySelector('text');
      const line = it.g.querySelector('line');
      text?.classList.toggle('crowded', row < 0);
      if (row < 0) {
        line?.setAttribute('y1', String(top - 4));
        continue;
      }
      ends[row] = it.x + it.w;
      text?.setAttribute('y', String(this.g.AXIS_H + row * this.g.ROW_H + 11));
      line?.setAttribute('y1', String(this.g.AXIS_H + row * this.g.ROW_H));
    }
  }

  /** Move every mark, span, tick and band label to the current window. */
  place() {
    for (const svg of this.svgs) {
      for (const g of all(svg, '.at')) g.setAttribute('transform', `translate(${this.x(num(g, 'data-t')).toFixed(1)},0)`);
      for (const r of all(svg, '.span')) {
        const a = this.x(num(r, 'data-t'));
        const b = this.x(num(r, 'data-t2'));
        if (r.tagName === 'rect') {
          r.setAttribute('x', a.toFixed(1));
          r.setAttribute('width', Math.max(r.classList.contains('life') ? 1 : 4, b - a).toFixed(1));
        } else {
          r.setAttribute('x1', a.toFixed(1));
          r.setAttribute('x2', b.toFixed(1));
        }
      }
      this.axis(svg);
      this.bands(svg);
    }
    const level = document.getElementById('zoom-level');
    if (level) level.textContent = `${Math.round(((this.full[1] - this.full[0]) / (this.dom[1] - this.dom[0])) * 100)}%`;
  }

  /** Show [a, b], kept inside the drawing and at least a millisecond wide. */
  show(/** @type {number} */ a, /** @type {number} */ b) {
    const span = Math.max(Math.min(b - a, this.full[1] - this.full[0]), 1000);
    let from = Math.max(a, this.full[0]);
    if (from + span > this.full[1]) from = this.full[1] - span;
    this.dom = [from, from + span];
    this.place();
  }

  /** Zoom by a factor (below 1: in) around an instant, the middle by default. */
  zoom(/** @type {number} */ factor, at = (this.dom[0] + this.dom[1]) / 2) {
    this.show(at - (at - this.dom[0]) * factor, at + (this.dom[1] - at) * factor);
  }

  /** Pan by a fraction of the window (negative: left). */
  pan(/** @type {number} */ fraction) {
    const s = this.dom[1] - this.dom[0];
    this.show(this.dom[0] + s * fraction, this.dom[1] + s * fraction);
  }
}
