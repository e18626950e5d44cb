// @ts-check
// The HTML report's script, bundled into one inline <script> by scripts/html-assets.mjs: zoomable swimlanes,
// hover tips, filters. It reads the page's data block and the DOM only: no network, no log text run as code.

import { wireDrag, wireZoomButtons } from './controls.js';
import { all, pageData } from './data.js';
import { applyFilters, wireFilters } from './filter.js';
import { titlesToTips, wireTips } from './tooltip.js';
import { View } from './view.js';

const view = new View(pageData(), all(document, 'svg.tl'));
wireZoomButtons(view);
for (const svg of view.svgs) wireDrag(view, svg);
titlesToTips();
wireTips(view.svgs);
wireFilters(view);
applyFilters(view);
// A journal holds days (the daemons' start lines at boot), an incident minutes: when the findings fill under a
// twentieth of the drawing, open on them ("all" shows the whole).
const focus = view.data.focus;
if (focus && (focus[1] - focus[0]) * 20 < view.full[1] - view.full[0]) view.show(focus[0], focus[1]);
else view.place();
