/*
 * 指标说明 (indicator dictionary): every indicator as the catalog declares it (definition,
 * formula, what is counted, unit, targets, policy sources), generated from /api/indicators.
 */
(() => {
  'use strict';

  const { $, el } = GR.dom;
  const { t, localized } = GR.i18n;
  const F = GR.format;
  const state = GR.state;

  /** "Σ numerator ÷ Σ denominator × factor"; a denominator of 1 counts the units themselves. */
  function formula(indicator) {
    const sum = (term) => (term === '1' ? t('dictionary.unitCount') : `Σ ${term}`);
    const parts = [el('code', { text: sum(indicator.numerator) }), ' ÷ ', el('code', { text: sum(indicator.denominator) })];
    if (indicator.factor != null && indicator.factor !== 1) parts.push(' × ', el('code', { text: F.count(indicator.factor) }));
    return el('span', { class: 'formula' }, parts);
  }

  function row(label, content) {
    return [el('dt', { text: label }), el('dd', {}, content)];
  }

  async function scopeName(code) {
    const info = await GR.regions.region(code).catch(() => null);
    return info ? GR.regions.label(info) : code;
  }

  async function targetsTable(indicator) {
    if (!indicator.targets.length) return el('p', { class: 'muted', text: t('dictionary.noTargets') });
    const scopes = await Promise.all(indicator.targets.map((target) => scopeName(target.scope)));
    const sourceTitle = (id) => localized(GR.catalog.source(id)?.title) || id;
    return GR.table({
      rows: indicator.targets.map((target, index) => ({ ...target, scopeName: scopes[index] })),
      columns: [
        { key: 'plan', label: t('column.plan'), value: (r) => GR.catalog.planName(r.plan) },
        { key: 'scope', label: t('column.scope'), value: (r) => r.scopeName },
        { key: 'year', label: t('column.year'), numeric: true, value: (r) => r.year },
        { key: 'value', label: t('column.target'), numeric: true, value: (r) => r.value, render: (r) => F.value(r.value, indicator) },
        { key: 'basically_achieved', label: t('column.basicallyAchieved'), numeric: true, value: (r) => r.basically_achieved, render: (r) => (r.basically_achieved == null ? '—' : F.value(r.basically_achieved, indicator)) },
        { key: 'source', label: t('column.source'), value: (r) => sourceTitle(r.source) },
        { key: 'note', label: t('column.note'), value: (r) => localized(r.note) },
      ],
    });
  }

  function otherLanguageName(indicator) {
    return state.lang === 'en' ? indicator.name.zh : indicator.name.en;
  }

  async function entry(indicator) {
    const direction = indicator.direction ? t(`direction.${indicator.direction}`) : '—';
    const details = [
      ...row(t('dictionary.definition'), localized(indicator.definition)),
      ...row(t('dictionary.formula'), formula(indicator)),
      ...row(t('dictionary.population'), localized(indicator.counted) || indicator.population),
      ...(indicator.filter ? row(t('dictionary.filter'), el('code', { text: indicator.filter })) : []),
      ...row(t('dictionary.form'), indicator.form),
      ...row(t('dictionary.unit'), t('dictionary.unitValue', { unit: localized(indicator.unit), decimals: indicator.decimals })),
      ...row(t('dictionary.direction'), direction),
      ...row(t('dictionary.sources'), el('ul', { class: 'plain-list' }, indicator.sources.map((source) => el('li', { text: localized(source.title) })))),
    ];
    return el('article', { class: 'dictionary-entry', id: `dict-${indicator.id}`, 'aria-labelledby': `dict-title-${indicator.id}` }, [
      el('header', { class: 'dictionary-header' }, [
        el('h3', { id: `dict-title-${indicator.id}`, tabindex: -1, text: localized(indicator.name) }),
        el('p', { class: 'muted' }, [otherLanguageName(indicator), ' · ', el('code', { text: indicator.id })]),
        GR.nav.link({ class: 'button' }, { tab: 'compare', indicator: indicator.id }, t('dictionary.compare')),
      ]),
      el('dl', { class: 'dictionary-details' }, details),
      el('h4', { text: t('dictionary.targets') }),
      await targetsTable(indicator),
      // how /api/targets judges these targets, as the server states it
      indicator.targets.length && indicator.target_rule
        ? el('p', { class: 'target-rule' }, [el('strong', { text: t('dictionary.targetRule') }), localized(indicator.target_rule)])
        : null,
    ].filter(Boolean));
  }

  async function render(isCurrent) {
    const indicators = GR.catalog.indicators;
    const entries = await Promise.all(indicators.map(entry));
    if (!isCurrent()) return;
    $('#dictionary-index').replaceChildren(el('ol', {}, indicators.map((indicator) => el('li', {}, el('a', {
      href: `#dict-${indicator.id}`,
      text: localized(indicator.name),
      onclick: (event) => {
        event.preventDefault(); // a fragment would add a history entry without a state change
        $(`#dict-${indicator.id}`).scrollIntoView({ block: 'start' });
        $(`#dict-${indicator.id} h3`).focus({ preventScroll: true });
      },
    })))));
    $('#dictionary-entries').replaceChildren(...entries);
  }

  GR.pages.dictionary = { keys: [], mount: () => {}, render };
})();
