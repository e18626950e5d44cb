// The HTML report's stylesheet and browser script are real files: type-checked against the DOM, linted, and
// inlined into the page as they are now (src/render/html/_assets.ts is what scripts/html-assets.mjs makes of them).

import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
import { PAGE_CSS, PAGE_SCRIPT } from '../../src/render/html/_assets.js';

const ROOT = path.resolve(__dirname, '../..');
const HTML = path.join(ROOT, 'src/render/html');

describe('the page assets', () => {
  it('_assets.ts is what the sources make (run npm run build after editing page.css or browser/*.js)', async () => {
    const { assetsModule } = (await import('../../scripts/html-assets.mjs')) as { assetsModule(): Promise<string> };
    expect(readFileSync(path.join(HTML, '_assets.ts'), 'utf8')).toBe(await assetsModule());
    expect(PAGE_CSS).toBe(readFileSync(path.join(HTML, 'page.css'), 'utf8'));
    // Bundled: one function, none of the sources' import statements left.
    expect(PAGE_SCRIPT).toMatch(/^"use strict";\n\(\(\) => \{/);
    expect(PAGE_SCRIPT).not.toMatch(/^\s*import /m);
  });

  it('the browser script type-checks against the DOM (tsconfig.browser.json)', () => {
    // Throws with tsc's errors on stdout when it does not.
    execFileSync(process.execPath, [path.join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', path.join(ROOT, 'tsconfig.browser.json')], { cwd: ROOT, encoding: 'utf8' });
  });
});

describe('eslint', () => {
  const eslint = new ESLint({ cwd: ROOT });

  it('finds nothing in the browser script, the stylesheet and the build script', async () => {
    const results = await eslint.lintFiles(['src/render/html', 'scripts/html-assets.mjs']);
    const files = results.map((r) => path.relative(ROOT, r.filePath)).sort();
    expect(files).toEqual(expect.arrayContaining(['src/render/html/browser/main.js', 'src/render/html/browser/view.js', 'src/render/html/page.css']));
    const problems = results.flatMap((r) => r.messages.map((m) => `${path.relative(ROOT, r.filePath)}:${m.line} ${m.ruleId}: ${m.message}`));
    expect(problems).toEqual([]);
  });

  it('rejects in the browser script what would run log text or leave the page', async () => {
    const code = "// @ts-check\nexport function bad(el, text) { el.innerHTML = text; fetch('https://example.com'); var x = 1; return x == 1; }\n";
    const [r] = await eslint.lintText(code, { filePath: path.join(HTML, 'browser/bad.js') });
    expect(r!.messages.map((m) => m.ruleId).sort()).toEqual(['eqeqeq', 'no-restricted-globals', 'no-restricted-properties', 'no-var']);
  });

  it('reads the stylesheet as CSS', async () => {
    const [r] = await eslint.lintText('a{colr:red}\n', { filePath: path.join(HTML, 'bad.css') });
    expect(r!.messages.map((m) => m.ruleId)).toEqual(['css/no-invalid-properties']);
  });
});
