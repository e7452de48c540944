/*
 * Start-up and navigation: loads the catalog, restores the state from the URL, shows the
 * current tab and renders its page. Every navigation re-renders the page (responses are
 * cached, so that is cheap) and window.grassroots.loaded turns true once its charts are drawn.
 */
(() => {
  'use strict';

  const { $ } = GR.dom;
  const { t } = GR.i18n;
  const state = GR.state;

  // The test hook: kept stable for the owner's browser tests.
  const hook = { state, charts: GR.charts, ready: null, loaded: false, loadedAt: null, page: null };
  window.grassroots = hook;

  let renderToken = 0;

  /** The authority each tab needs; tabs the user may not use are not offered. */
  const TAB_NEEDS = {
    overview: 'view_aggregates', compare: 'view_aggregates', explore: 'sql', quality: 'quality',
    dictionary: 'view_aggregates', cockpit: 'view_aggregates', submit: 'submit_returns', tracker: 'publish',
    admin: 'manage_users',
  };
  const allowed = (tab) => GR.me.authorities.includes(TAB_NEEDS[tab]);

  function showTab() {
    if (!allowed(state.tab)) state.tab = GR.nav.TABS.find(allowed) ?? state.tab;
    for (const tab of GR.nav.TABS) {
      $(`#tab-${tab}`).hidden = !allowed(tab);
      $(`#page-${tab}`).hidden = tab !== state.tab || !allowed(tab);
      const link = $(`#tab-${tab}`);
      link.href = GR.nav.href({ tab });
      if (tab === state.tab) link.setAttribute('aria-current', 'page');
      else link.removeAttribute('aria-current');
    }
    document.title = `${t(`tab.${state.tab}`)} · ${t('app.title')}`;
    // The cockpit is a screen of its own: no site header, a dark theme, scaled to the window.
    document.body.classList.toggle('is-cockpit', state.tab === 'cockpit');
  }

  function applyLanguage() {
    document.documentElement.lang = state.lang;
    GR.i18n.apply();
    for (const button of document.querySelectorAll('[data-lang]')) {
      button.setAttribute('aria-pressed', String(button.dataset.lang === state.lang));
    }
  }

  async function render() {
    const token = ++renderToken;
    const isCurrent = () => token === renderToken;
    hook.loaded = false;
    hook.page = state.tab;
    // A missing catalog is not fatal: t() falls back to the default language.
    await GR.i18n.load(state.lang).catch(() => {});
    if (!isCurrent()) return;
    applyLanguage();
    showTab();
    GR.disposeHiddenCharts();
    if (!allowed(state.tab)) {
      showStartupError(t('access.noPages'));
      return;
    }
    try {
      await GR.pages[state.tab].render(isCurrent);
    } finally {
      if (isCurrent()) {
        hook.loaded = true;
        // The first page's charts drawn, in ms since navigation: what the bench's page step reports.
        hook.loadedAt ??= performance.now();
      }
    }
  }

  function bindNavigation() {
    for (const link of document.querySelectorAll('[data-tab]')) {
      link.addEventListener('click', (event) => {
        if (event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) return;
        event.preventDefault();
        GR.nav.commit({ tab: link.dataset.tab });
      });
    }
    for (const button of document.querySelectorAll('[data-lang]')) {
      button.addEventListener('click', () => GR.nav.commit({ lang: button.dataset.lang }));
    }
    for (const form of document.querySelectorAll('form.controls')) {
      form.addEventListener('submit', (event) => event.preventDefault());
    }
  }

  /** Who is signed in, their scope, and the sign-out button. */
  function showUser() {
    const box = $('#user-box');
    $('#user-name').textContent = GR.me.name;
    $('#user-role').textContent = GR.i18n.localized(GR.me.role_name);
    $('#user-scope').textContent = GR.me.scope_name;
    $('#sign-out').addEventListener('click', () => GR.api.signOut());
    box.hidden = false;
  }

  function showStartupError(message) {
    const box = $('#startup-error');
    box.textContent = t('state.startupError', { message });
    box.hidden = false;
  }

  async function boot() {
    state.lang = GR.nav.normalizeLang(GR.nav.read().lang);
    try {
      await GR.i18n.load(state.lang);
      applyLanguage();
      if (!window.echarts) throw new Error(t('state.libraryError'));
      GR.me = await GR.api.me();
      showUser();
      if (!GR.nav.TABS.some(allowed)) {
        showStartupError(t('access.noPages'));
        return;
      }
      await GR.catalog.load();
    } catch (error) {
      showStartupError(GR.api.errorText(error));
      return;
    }
    $('#snapshot-id').textContent = GR.catalog.meta.snapshot;
    for (const page of Object.values(GR.pages)) page.mount();
    bindNavigation();
    GR.nav.start(render);
    await render();
  }

  hook.ready = boot().finally(() => {
    hook.loaded = true;
  });
})();
