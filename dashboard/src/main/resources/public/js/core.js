/*
 * Grassroots (基层治理指标) dashboard. The page is plain scripts, no build step: each file adds one
 * concern to the GR namespace created here (GR.i18n, GR.api, GR.state, GR.pages.overview …) and
 * js/app.js starts it. This file holds the constants and DOM helpers every other file uses.
 */
window.GR = { pages: {} };

(() => {
  'use strict';

  GR.config = {
    DEFAULT_LANG: 'zh-CN',
    LANGS: ['zh-CN', 'en'],
    NATION: 'CN',
    // Completeness below this is flagged: /api/meta's low_completeness (catalog/quality.yaml), set at start-up.
    COMPLETENESS_THRESHOLD: null,
  };

  GR.colors = {
    bar: '#5f86b8',
    barSelected: '#12345a',
    barIncomplete: '#c3d3e7',
    parent: '#4a4f57',
    target: '#b4541a',
    line: '#12345a',
    warning: '#c27c0e',
    bad: '#b3261e',
    planBands: ['rgba(61, 106, 158, 0.07)', 'rgba(61, 106, 158, 0.14)'],
    mapRange: ['#e6eef7', '#12345a'],
    qualityRange: ['#b3261e', '#f3c969', '#e6eef7'],
    noData: '#ececec',
    hover: '#f3c969',
    grid: '#e8eaee',
  };

  // Diagonal hatching for values whose reporting is incomplete (bars and map areas).
  GR.INCOMPLETE_DECAL = {
    symbol: 'rect',
    symbolSize: 1,
    color: 'rgba(0, 0, 0, 0.3)',
    dashArrayX: [1, 0],
    dashArrayY: [2, 5],
    rotation: -Math.PI / 4,
  };

  const $ = (selector, root = document) => root.querySelector(selector);

  /**
   * Builds an element: `props` are attributes, except `class`, `text`, `dataset` and `on<event>`
   * listeners; null/false props and children are skipped.
   */
  function el(tag, props = {}, children = []) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(props)) {
      if (value == null || value === false) continue;
      if (key === 'class') node.className = value;
      else if (key === 'text') node.textContent = value;
      else if (key === 'dataset') Object.assign(node.dataset, value);
      else if (key.startsWith('on')) node.addEventListener(key.slice(2), value);
      else node.setAttribute(key, value === true ? '' : value);
    }
    node.append(...[children].flat().filter((child) => child != null && child !== false));
    return node;
  }

  function escapeHtml(text) {
    return String(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  }

  GR.dom = { $, el, escapeHtml };

  GR.isLowCompleteness = (ratio) => ratio != null && ratio < GR.config.COMPLETENESS_THRESHOLD;

  /** Values rows carry the API's low_completeness flag; completeness rows only the ratio. */
  GR.isIncomplete = (row) => row != null && (row.low_completeness ?? GR.isLowCompleteness(row.completeness));
})();
