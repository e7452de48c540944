/*
 * The view state, mirrored in the URL query string so that reload, back and a copied link
 * restore the view. Every change goes through commit(), which pushes a history entry and
 * re-renders; the URL holds `tab`, `lang` and the keys the current page declares it reads.
 */
(() => {
  'use strict';

  const { DEFAULT_LANG, LANGS, NATION } = GR.config;
  const TABS = ['overview', 'compare', 'explore', 'quality', 'dictionary', 'cockpit', 'submit', 'tracker', 'admin'];
  const NUMBER_KEYS = ['year', 'from', 'rotate'];

  const state = {
    tab: TABS[0],
    lang: DEFAULT_LANG,
    indicator: null,
    year: null,
    region: NATION,
    level: null, // null: the level below the region
    from: null, // "change since" year on the compare page
    view: null, // 'profile': the compare page shows the region's profile instead of the comparison
    x: null,
    y: null,
    form: null,
    sql: '',
    rotate: null, // the cockpit's seconds per indicator when it rotates through them
  };
  const KEYS = Object.keys(state);

  function read() {
    const params = new URLSearchParams(location.search);
    const candidate = {};
    for (const key of KEYS) {
      const raw = params.get(key);
      candidate[key] = raw != null && NUMBER_KEYS.includes(key) ? Number(raw) : raw;
    }
    return candidate;
  }

  function normalizeLang(lang) {
    return LANGS.includes(lang) ? lang : DEFAULT_LANG;
  }

  function pick(value, allowed, fallback) {
    return allowed.includes(value) ? value : fallback;
  }

  /** Replaces what a stale or hand-edited link gets wrong by the defaults. */
  function normalize(candidate) {
    const catalog = GR.catalog;
    const ids = catalog.indicators.map((indicator) => indicator.id);
    const years = catalog.years();
    const indicator = pick(candidate.indicator, ids, ids[0] ?? null);
    const year = pick(candidate.year, years, catalog.latestYear());
    const earlier = years.filter((y) => y < year);
    const x = pick(candidate.x, ids, indicator);
    return {
      // Links from the earlier single-view page (an indicator, no tab) open its successor, the comparison.
      tab: pick(candidate.tab, TABS, candidate.indicator ? 'compare' : TABS[0]),
      lang: normalizeLang(candidate.lang),
      indicator,
      year,
      region: candidate.region || NATION,
      level: pick(candidate.level, catalog.meta.levels, null),
      from: pick(candidate.from, earlier, pick(catalog.baselineYear(), earlier, earlier[0] ?? null)),
      x,
      y: pick(candidate.y, ids, ids.find((id) => id !== x) ?? x),
      view: pick(candidate.view, ['profile'], null),
      form: pick(candidate.form, catalog.forms(), pick(catalog.quality().default_form, catalog.forms(), catalog.forms()[0] ?? null)),
      sql: candidate.sql ?? '',
      rotate: Number.isInteger(candidate.rotate) && candidate.rotate >= 5 ? candidate.rotate : null,
    };
  }

  /** The URL of a state: the tab, the language and the keys its page reads. */
  function href(change = {}) {
    const next = { ...state, ...change };
    const keys = ['tab', 'lang', ...(GR.pages[next.tab]?.keys ?? [])];
    const entries = keys.map((key) => [key, next[key]]).filter(([, value]) => value != null && value !== '');
    return `${location.pathname}?${new URLSearchParams(entries)}`;
  }

  let onChange = () => {};

  function commit(change) {
    if (Object.entries(change).every(([key, value]) => state[key] === value)) return;
    Object.assign(state, change);
    state.from = normalize(state).from; // a new year may leave "change since" at or after it
    history.pushState(null, '', href());
    onChange();
  }

  /** Renders the current state again, e.g. to re-run a query whose text did not change. */
  function refresh() {
    onChange();
  }

  /** Starts from the URL; `render` runs after every commit and on back/forward. */
  function start(render) {
    onChange = render;
    Object.assign(state, normalize(read()));
    history.replaceState(null, '', href());
    window.addEventListener('popstate', () => {
      Object.assign(state, normalize(read()));
      render();
    });
  }

  /** Links inside the page navigate through commit() so that a plain click keeps the app state. */
  function link(props, change, children) {
    return GR.dom.el('a', {
      ...props,
      href: href(change),
      onclick: (event) => {
        if (event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) return;
        event.preventDefault();
        commit(change);
      },
    }, children);
  }

  GR.state = state;
  GR.nav = { TABS, normalizeLang, href, commit, refresh, start, link, read };
})();
