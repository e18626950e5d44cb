// @ts-check
// The page's data block (written by src/render/html/page.ts) and the DOM helpers every part of the script shares.

/**
 * Drawing geometry in SVG user units, the same numbers src/render/html/swimlanes.ts drew with.
 * @typedef {object} Geometry
 * @property {number} W width of the drawing
 * @property {number} LX x where the time axis starts (left of it: lane labels)
 * @property {number} PW width of the time axis
 * @property {number} LANE_H height of one lane
 * @property {number} AXIS_H height of the tick labels above the lanes
 * @property {number} ROW_H height of one row of band labels
 * @property {number[]} steps tick steps, µs, smallest first
 */

/**
 * @typedef {object} PageData
 * @property {number} base µs since the epoch that every data-t is counted from
 * @property {number} lo first instant of the drawing, µs after base
 * @property {number} hi last instant of the drawing, µs after base
 * @property {number} findings findings in the report
 * @property {[number, number] | null} focus the findings' span with a minute either side, or null
 * @property {string[]} hosts
 * @property {Geometry} geometry
 */

/** @returns {PageData} the data block, parsed */
export function pageData() {
  const block = document.getElementById('pm-data');
  return JSON.parse(block?.textContent ?? '{}');
}

/**
 * Every element under root matching a selector, as an array.
 * @template {Element} [E=Element]
 * @param {ParentNode} root
 * @param {string} selector
 * @returns {E[]}
 */
export function all(root, selector) {
  return /** @type {E[]} */ (Array.from(root.querySelectorAll(selector)));
}

/**
 * A numeric attribute (data-t, data-w …); 0 when missing.
 * @param {Element} el
 * @param {string} name
 */
export function num(el, name) {
  return Number(el.getAttribute(name) ?? 0);
}
