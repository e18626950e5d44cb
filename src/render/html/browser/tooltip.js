// @ts-check
// Hover tips: each SVG <title> becomes a data-tip shown in one floating box (a <title> shows late and cuts long lines).

import { all } from './data.js';

/** Move every <title> of the drawings into its parent's data-tip. */
export function titlesToTips() {
  for (const t of all(document, 'svg.tl title')) {
    const p = t.parentElement;
    if (!p) continue;
    p.setAttribute('data-tip', t.textContent ?? '');
    t.remove();
  }
}

/**
 * Show the tip of the element under the pointer next to it, kept inside the window.
 * @param {HTMLElement} tip
 * @param {PointerEvent} ev
 */
function showTip(tip, ev) {
  const el = ev.target instanceof Element ? ev.target.closest('[data-tip]') : null;
  if (!el) {
    tip.hidden = true;
    return;
  }
  tip.textContent = el.getAttribute('data-tip');
  tip.hidden = false;
  let x = ev.clientX + 14;
  let y = ev.clientY + 14;
  const w = tip.offsetWidth;
  const h = tip.offsetHeight;
  if (x + w > window.innerWidth - 8) x = Math.max(8, ev.clientX - w - 14);
  if (y + h > window.innerHeight - 8) y = Math.max(8, ev.clientY - h - 14);
  tip.style.left = `${x}px`;
  tip.style.top = `${y}px`;
}

/** @param {SVGSVGElement[]} svgs */
export function wireTips(svgs) {
  const tip = document.getElementById('tip');
  if (!tip) return;
  for (const svg of svgs) {
    svg.addEventListener('pointermove', (ev) => showTip(tip, ev));
    svg.addEventListener('pointerleave', () => {
      tip.hidden = true;
    });
  }
}
