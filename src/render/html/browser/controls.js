// @ts-check
// The zoom buttons, the wheel and dragging: each moves the View's window.

import { all } from './data.js';

/** @param {import('./view.js').View} view */
export function wireZoomButtons(view) {
  for (const b of all(document, '[data-zoom]')) {
    b.addEventListener('click', () => {
      const a = b.getAttribute('data-zoom');
      if (a === 'in') view.zoom(0.5);
      else if (a === 'out') view.zoom(2);
      else if (a === 'left') view.pan(-0.25);
      else if (a === 'right') view.pan(0.25);
      else if (a === 'focus' && view.data.focus) view.show(view.data.focus[0], view.data.focus[1]);
      else view.show(view.full[0], view.full[1]);
    });
  }
}

/**
 * Wheel zooms around the pointer; dragging pans. A drag of 4 px or more is not a click, so it does not follow the
 * link of the mark it started on.
 * @param {import('./view.js').View} view
 * @param {SVGSVGElement} svg
 */
export function wireDrag(view, svg) {
  svg.addEventListener('wheel', (ev) => {
    ev.preventDefault();
    view.zoom(ev.deltaY < 0 ? 0.8 : 1.25, view.timeAt(svg, ev.clientX));
  }, { passive: false });
  /** @type {{ x: number, dom: [number, number] } | null} */
  let start = null;
  let dragged = false;
  svg.addEventListener('pointerdown', (ev) => {
    if (ev.button !== 0) return;
    start = { x: ev.clientX, dom: [view.dom[0], view.dom[1]] };
    dragged = false;
  });
  svg.addEventListener('pointermove', (ev) => {
    if (!start) return;
    const dx = ev.clientX - start.x;
    if (!dragged && Math.abs(dx) < 4) return;
    if (!dragged) {
      dragged = true;
      svg.classList.add('drag');
      try {
        svg.setPointerCapture(ev.pointerId);
      } catch {
        // The pointer is already gone (released outside the window).
      }
    }
    const r = svg.getBoundingClientRect();
    const shift = (((-dx * view.g.W) / r.width) / view.g.PW) * (start.dom[1] - start.dom[0]);
    view.show(start.dom[0] + shift, start.dom[1] + shift);
  });
  const end = () => {
    start = null;
    svg.classList.remove('drag');
  };
  svg.addEventListener('pointerup', end);
  svg.addEventListener('pointercancel', end);
  svg.addEventListener('click', (ev) => {
    if (!dragged) return;
    ev.preventDefault();
    ev.stopPropagation();
    dragged = false;
  }, true);
}
