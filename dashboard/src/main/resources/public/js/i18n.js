/* UI messages: catalogs in /i18n/<lang>.json; bilingual API fields come as {zh, en}. */
(() => {
  'use strict';

  const { DEFAULT_LANG } = GR.config;
  const catalogs = {};

  function lang() {
    return GR.state.lang;
  }

  /** Looks up a UI message; falls back to the default catalog, then to the key itself. */
  function t(key, params = {}) {
    const template = catalogs[lang()]?.[key] ?? catalogs[DEFAULT_LANG]?.[key] ?? key;
    return template.replace(/\{(\w+)\}/g, (match, name) => (name in params ? String(params[name]) : match));
  }

  /** Bilingual API fields are keyed "zh"/"en", not by full language tag. */
  function localized(field) {
    if (field == null) return '';
    if (typeof field === 'string') return field;
    return field[lang() === 'en' ? 'en' : 'zh'] ?? field.zh ?? '';
  }

  async function load(code) {
    if (!catalogs[code]) catalogs[code] = await GR.api.fetchJson(`/i18n/${code}.json`);
  }

  /**
   * Fills every element marked data-i18n (text), data-i18n-label (aria-label) or
   * data-i18n-placeholder under `root` from the current catalog.
   */
  function apply(root = document) {
    for (const node of root.querySelectorAll('[data-i18n]')) node.textContent = t(node.dataset.i18n);
    for (const node of root.querySelectorAll('[data-i18n-label]')) node.setAttribute('aria-label', t(node.dataset.i18nLabel));
    for (const node of root.querySelectorAll('[data-i18n-placeholder]')) node.placeholder = t(node.dataset.i18nPlaceholder);
  }

  GR.i18n = { t, localized, load, apply };
})();
