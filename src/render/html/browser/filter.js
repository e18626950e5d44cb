// @ts-check
// The host, severity and sandbox filters: hide lanes, marks and finding cards, then close the gaps in the drawings.

import { all, num } from './data.js';

/**
 * Stack the visible lanes of a drawing from its top and fit its height (and the full-height bands) to them.
 * @param {import('./view.js').View} view
 * @param {SVGSVGElement} svg
 */
function restack(view, svg) {
  let y = num(svg, 'data-top');
  for (const lane of all(svg, 'g.lane')) {
    if (lane.classList.contains('off')) continue;
    lane.setAttribute('transform', `translate(0,${y})`);
    y += view.g.LANE_H;
  }
  svg.setAttribute('data-bottom', String(y));
  for (const el of all(svg, '.full')) {
    if (el.tagName === 'line') el.setAttribute('y2', String(y));
    else el.setAttribute('height', String(Math.max(0, y - num(el, 'y'))));
  }
  svg.setAttribute('viewBox', `0 0 ${view.g.W} ${y + 8}`);
  view.axis(svg);
}

/** The values of the checked boxes of a group. */
function checked(/** @type {string} */ name) {
  return new Set(all(document, `input[name="${name}"]`).filter((i) => /** @type {HTMLInputElement} */ (i).checked).map((i) => /** @type {HTMLInputElement} */ (i).value));
}

/** Apply the toolbar's filters to the page. @param {import('./view.js').View} view */
export function applyFilters(view) {
  const hostSelect = /** @type {HTMLSelectElement | null} */ (document.getElementById('f-host'));
  const host = hostSelect ? hostSelect.value : '';
  const sev = checked('sev');
  const keys = checked('lane');
  for (const b of all(document, '.host-block')) b.classList.toggle('off', !!host && b.getAttribute('data-host') !== host);
  for (const l of all(document, 'g.lane[data-key]')) l.classList.toggle('off', !keys.has(l.getAttribute('data-key') ?? ''));
  const shown = new Set();
  for (const el of all(document, '[data-fn]')) {
    const k = el.getAttribute('data-key');
    const on = (!host || el.getAttribute('data-host') === host) && sev.has(el.getAttribute('data-sev') ?? '') && (!k || keys.has(k));
    el.classList.toggle('off', !on);
    if (on) shown.add(el.getAttribute('data-fn'));
  }
  const count = document.getElementById('f-count');
  if (count) count.textContent = `${shown.size} of ${view.data.findings} findings shown`;
  for (const svg of view.svgs) restack(view, svg);
}

/** @param {import('./view.js').View} view */
export function wireFilters(view) {
  for (const i of all(document, '.toolbar input, .toolbar select')) i.addEventListener('change', () => applyFilters(view));
}
