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
view.place();
