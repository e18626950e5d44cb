// eslint (flat config) for the files TypeScript's own checks do not cover as code style: the HTML report's browser
// script and stylesheet, and the build script that inlines them. The TypeScript sources are not linted here:
// typescript-eslint parses with the `typescript` package's JavaScript API, which TypeScript 7 (tsgo) no longer
// ships; the browser script is JavaScript with JSDoc types so that both tsc (tsconfig.browser.json) and eslint read it.

import css from '@eslint/css';
import js from '@eslint/js';
import globals from 'globals';

export default [
  {
    files: ['src/render/html/browser/**/*.js'],
    ...js.configs.recommended,
    languageOptions: { ecmaVersion: 2022, sourceType: 'module', globals: globals.browser },
    rules: {
      ...js.configs.recommended.rules,
      eqeqeq: 'error',
      'no-var': 'error',
      'prefer-const': 'error',
      'no-implicit-globals': 'error',
      // Log text reaches the page as data only: never as code or markup.
      'no-eval': 'error',
      'no-implied-eval': 'error',
      'no-new-func': 'error',
      'no-restricted-properties': ['error', { property: 'innerHTML' }, { property: 'outerHTML' }, { property: 'insertAdjacentHTML' }],
      'no-restricted-globals': ['error', 'fetch', 'XMLHttpRequest', 'WebSocket', 'EventSource'],
      'max-lines-per-function': ['error', { max: 80, skipBlankLines: true, skipComments: true }],
    },
  },
  {
    files: ['scripts/html-assets.mjs', 'eslint.config.js'],
    ...js.configs.recommended,
    languageOptions: { ecmaVersion: 2022, sourceType: 'module', globals: globals.node },
  },
  {
    files: ['src/render/html/**/*.css'],
    language: 'css/css',
    plugins: { css },
    rules: {
      ...css.configs.recommended.rules,
      // Each has a fallback or only adds polish: ui-monospace falls back to Menlo/Consolas/monospace, user-select
      // only keeps a drag from selecting lane labels, print-color-adjust only keeps colours on paper.
      'css/use-baseline': ['error', { allowProperties: ['user-select', 'print-color-adjust'], allowPropertyValues: { 'font-family': ['ui-monospace'] } }],
      // !important is how the filters' .off, the band labels' fill over `svg.tl text` and the print sheet win
      // over every other rule of the page.
      'css/no-important': 'off',
    },
  },
];
