/*
 * Grassroots (基层治理指标) dashboard: one indicator shown as a province ranking,
 * a choropleth map and the trend of a selected region.
 *
 * The view is fully described by `state` (indicator, year, region, lang), which
 * mirrors the URL query string. Every change goes through commit(), which pushes
 * a history entry and calls render(); render() is idempotent and reads API
 * responses from a cache, so switching language or going back is instant.
 */
(() => {
  'use strict';

  const DEFAULT_LANG = 'zh-CN';
  const LANGS = ['zh-CN', 'en'];
  const NATION = 'CN';
  const PANELS = ['ranking', 'map', 'trend'];
  const COMPLETENESS_THRESHOLD = 0.95;

  const COLORS = {
    bar: '#5f86b8',
    barSelected: '#12345a',
    barIncomplete: '#c3d3e7',
    nation: '#4a4f57',
    target: '#b4541a',
    line: '#12345a',
    warning: '#c27c0e',
    planBands: ['rgba(61, 106, 158, 0.07)', 'rgba(61, 106, 158, 0.14)'],
    mapRange: ['#e6eef7', '#12345a'],
    mapNoData: '#ececec',
    mapHover: '#f3c969',
  };

  // Diagonal hatching for values whose reporting is incomplete (bars and map areas).
  const INCOMPLETE_DECAL = {
    symbol: 'rect',
    symbolSize: 1,
    color: 'rgba(0, 0, 0, 0.3)',
    dashArrayX: [1, 0],
    dashArrayY: [2, 5],
    rotation: -Math.PI / 4,
  };

  // Ranking marker labels sit above the plot (the y axis is inverted, so a line starts at
  // the top) and end at their line, which keeps them inside the chart near the right edge.
  const MARKER_LABEL = { position: 'start', align: 'right' };

  const state = { indicator: null, year: null, region: NATION, lang: DEFAULT_LANG };
  const store = { meta: null, indicators: [], catalogs: {}, responses: new Map() };
  // What the current render has resolved so far; read by event handlers and the region select.
  const view = { provinceRows: [], region: null };
  const charts = {};
  let renderToken = 0;

  const $ = (selector) => document.querySelector(selector);

  /* ---------- i18n ---------- */

  /** Looks up a UI message; falls back to the default catalog, then to the key itself. */
  function t(key, params = {}) {
    const template = store.catalogs[state.lang]?.[key] ?? store.catalogs[DEFAULT_LANG]?.[key] ?? key;
    return template.replace(/\{(\w+)\}/g, (match, name) => (name in params ? String(params[name]) : match));
  }

  /** Bilingual API fields are keyed "zh"/"en", not by full language tag. */
  function localized(field) {
    if (field == null) return '';
    return field[state.lang === 'en' ? 'en' : 'zh'] ?? field.zh ?? '';
  }

  async function loadCatalog(lang) {
    if (!store.catalogs[lang]) store.catalogs[lang] = await fetchJson(`/i18n/${lang}.json`);
  }

  function applyStaticTranslations() {
    document.documentElement.lang = state.lang;
    document.title = t('app.title');
    for (const element of document.querySelectorAll('[data-i18n]')) {
      element.textContent = t(element.dataset.i18n);
    }
    for (const button of document.querySelectorAll('[data-lang]')) {
      button.setAttribute('aria-pressed', String(button.dataset.lang === state.lang));
    }
  }

  /* ---------- formatting ---------- */

  function formatNumber(value, decimals) {
    return new Intl.NumberFormat(state.lang, {
      minimumFractionDigits: decimals,
      maximumFractionDigits: decimals,
    }).format(value);
  }

  function formatCount(value) {
    return new Intl.NumberFormat(state.lang, { maximumFractionDigits: 2 }).format(value);
  }

  function formatPercent(ratio, decimals = 1) {
    return new Intl.NumberFormat(state.lang, {
      style: 'percent',
      minimumFractionDigits: decimals,
      maximumFractionDigits: decimals,
    }).format(ratio);
  }

  function formatValue(value, indicator) {
    if (value == null) return t('tooltip.noValue');
    const unit = localized(indicator.unit);
    // "86.1%" and "3.2个" read naturally; English wants a space before word units.
    const gap = state.lang === 'en' && unit && unit !== '%' ? ' ' : '';
    return formatNumber(value, indicator.decimals ?? 1) + gap + unit;
  }

  function escapeHtml(text) {
    return String(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  }

  /* ---------- API ---------- */

  class RequestError extends Error {
    /** @param detail the API's bilingual {zh, en} error message, when it sent one */
    constructor(url, status, detail) {
      super(`${url}: ${status ? `HTTP ${status}` : 'network error'}`);
      this.status = status;
      this.detail = detail;
    }
  }

  async function fetchJson(url) {
    let response;
    try {
      response = await fetch(url, { headers: { Accept: 'application/json' } });
    } catch {
      throw new RequestError(url, 0, null);
    }
    if (!response.ok) {
      const body = await response.json().catch(() => null);
      throw new RequestError(url, response.status, body?.error ?? null);
    }
    return response.json();
  }

  /** Responses do not change within a snapshot, so every view reuses them. */
  function cachedJson(url) {
    if (!store.responses.has(url)) {
      const request = fetchJson(url);
      request.catch(() => store.responses.delete(url)); // a later render retries failures
      store.responses.set(url, request);
    }
    return store.responses.get(url);
  }

  function apiUrl(path, params) {
    return `${path}?${new URLSearchParams(params)}`;
  }

  function errorText(error) {
    if (error instanceof RequestError) {
      if (error.detail) return localized(error.detail);
      return error.status ? `HTTP ${error.status}` : t('state.networkError');
    }
    return error.message;
  }

  /* ---------- URL state ---------- */

  function readUrlState() {
    const params = new URLSearchParams(location.search);
    return {
      indicator: params.get('indicator'),
      year: Number(params.get('year')),
      region: params.get('region') || NATION,
      lang: params.get('lang'),
    };
  }

  function normalizeLang(lang) {
    return LANGS.includes(lang) ? lang : DEFAULT_LANG;
  }

  /** Replaces what a stale or hand-edited link gets wrong by the defaults. */
  function normalizeState(candidate) {
    const { years } = store.meta;
    const knownIndicator = store.indicators.some((indicator) => indicator.id === candidate.indicator);
    return {
      indicator: knownIndicator ? candidate.indicator : store.indicators[0]?.id ?? null,
      year: years.includes(candidate.year) ? candidate.year : years[years.length - 1],
      region: candidate.region,
      lang: normalizeLang(candidate.lang),
    };
  }

  function stateUrl() {
    const entries = Object.entries(state).filter(([, value]) => value != null);
    return `${location.pathname}?${new URLSearchParams(entries)}`;
  }

  function commit(change) {
    if (Object.entries(change).every(([key, value]) => state[key] === value)) return;
    Object.assign(state, change);
    history.pushState(null, '', stateUrl());
    render();
  }

  function onPopState() {
    Object.assign(state, normalizeState(readUrlState()));
    render();
  }

  /* ---------- lookups ---------- */

  function currentIndicator() {
    return store.indicators.find((indicator) => indicator.id === state.indicator) ?? null;
  }

  function yearRange() {
    const { years } = store.meta;
    return { from: years[0], to: years[years.length - 1] };
  }

  function planById(id) {
    return store.meta.plans.find((plan) => plan.id === id) ?? null;
  }

  function planName(id) {
    return localized(planById(id)?.name) || id;
  }

  function targetsFor(indicator, scope) {
    return indicator.targets.filter((target) => target.scope === scope).sort((a, b) => a.year - b.year);
  }

  /** The target in force in a year: the first one due in or after it, else the last one. */
  function targetForYear(indicator, scope, year) {
    const targets = targetsFor(indicator, scope);
    return targets.find((target) => target.year >= year) ?? targets[targets.length - 1] ?? null;
  }

  function isIncomplete(row) {
    return row?.completeness != null && row.completeness < COMPLETENESS_THRESHOLD;
  }

  function hasValues(rows) {
    return rows.some((row) => row.value != null);
  }

  /** Keeps rows without a value (zero denominator) at the end of the ranking. */
  function sortByValue(rows) {
    return [...rows].sort((a, b) => (a.value == null) - (b.value == null) || b.value - a.value);
  }

  /**
   * A "round" axis maximum at or above `value`, used when a marker (target or national
   * value) lies above every data value and would otherwise fall outside the chart.
   */
  function niceCeil(value) {
    const magnitude = 10 ** Math.floor(Math.log10(value));
    const step = [1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10].find((s) => s * magnitude >= value);
    return step * magnitude;
  }

  function axisMax(dataValues, markerValues) {
    const markerMax = Math.max(...markerValues);
    return markerMax > Math.max(...dataValues) && markerMax > 0 ? niceCeil(markerMax) : null;
  }

  async function regionLabel(code) {
    if (code === NATION) return t('region.nation');
    const region = await cachedJson(`/api/regions/${encodeURIComponent(code)}`);
    return region.name;
  }

  /* ---------- controls ---------- */

  function fillSelect(select, options, selected) {
    select.replaceChildren(
      ...options.map(({ value, label }) => new Option(label, value, false, String(value) === String(selected))),
    );
  }

  function populateIndicatorSelect() {
    const options = store.indicators.map((indicator) => ({ value: indicator.id, label: localized(indicator.name) }));
    fillSelect($('#indicator-select'), options, state.indicator);
  }

  function populateYearSelect() {
    const options = [...store.meta.years].reverse().map((year) => ({ value: year, label: t('control.yearOption', { year }) }));
    fillSelect($('#year-select'), options, state.year);
  }

  /** The nation, the provinces by code, and the selected region if it is none of these. */
  function populateRegionSelect() {
    const provinces = [...view.provinceRows].sort((a, b) => a.region_code.localeCompare(b.region_code));
    const options = [
      { value: NATION, label: t('region.nation') },
      ...provinces.map((row) => ({ value: row.region_code, label: row.short_name })),
    ];
    if (!options.some((option) => option.value === state.region)) {
      const label = view.region?.code === state.region ? view.region.label : state.region;
      options.push({ value: state.region, label });
    }
    fillSelect($('#region-select'), options, state.region);
    $('#reset-region').disabled = state.region === NATION;
  }

  function populateControls() {
    populateIndicatorSelect();
    populateYearSelect();
    populateRegionSelect();
  }

  function bindControls() {
    $('#indicator-select').addEventListener('change', (event) => commit({ indicator: event.target.value }));
    $('#year-select').addEventListener('change', (event) => commit({ year: Number(event.target.value) }));
    $('#region-select').addEventListener('change', (event) => commit({ region: event.target.value }));
    $('#reset-region').addEventListener('click', () => commit({ region: NATION }));
    $('#controls').addEventListener('submit', (event) => event.preventDefault());
    for (const button of document.querySelectorAll('[data-lang]')) {
      button.addEventListener('click', () => commit({ lang: button.dataset.lang }));
    }
    window.addEventListener('popstate', onPopState);
  }

  /* ---------- panels (title, unit, notes, messages) ---------- */

  function panelParts(name) {
    const root = document.getElementById(`panel-${name}`);
    return {
      chart: document.getElementById(`chart-${name}`),
      title: root.querySelector('.panel-title'),
      unit: root.querySelector('.panel-unit'),
      badge: root.querySelector('.badge'),
      message: root.querySelector('.chart-message'),
      notes: root.querySelector('.panel-notes'),
    };
  }

  function describePanel(name, { title, indicator, notes = [], lowCount = 0 }) {
    const parts = panelParts(name);
    const unit = indicator ? localized(indicator.unit) : '';
    parts.title.textContent = title;
    parts.chart.setAttribute('aria-label', title);
    parts.unit.textContent = unit ? t('chart.unit', { unit }) : '';
    parts.badge.hidden = lowCount === 0;
    parts.badge.textContent = lowCount
      ? t('badge.lowCompleteness', { count: lowCount, threshold: formatPercent(COMPLETENESS_THRESHOLD, 0) })
      : '';
    parts.notes.replaceChildren(...notes.map((text) => Object.assign(document.createElement('span'), { textContent: text })));
  }

  function showLoading(name) {
    const { message } = panelParts(name);
    message.textContent = t('state.loading');
    message.classList.add('is-loading');
    message.hidden = false;
  }

  /** Replaces the chart by a message (empty or error state). */
  function showMessage(name, text) {
    const { message } = panelParts(name);
    charts[name]?.clear();
    message.textContent = text;
    message.classList.remove('is-loading');
    message.hidden = false;
  }

  function showChart(name, option) {
    panelParts(name).message.hidden = true;
    charts[name].setOption(option);
  }

  function indicatorNotes(indicator) {
    const separator = t('list.separator');
    const notes = [t('note.definition', { text: localized(indicator.definition) })];
    if (indicator.counted) notes.push(t('note.population', { text: localized(indicator.counted) }));
    if (indicator.sources.length) {
      notes.push(t('note.source', { sources: indicator.sources.map((source) => localized(source.title)).join(separator) }));
    }
    if (indicator.form) notes.push(t('note.form', { form: indicator.form }));
    return notes;
  }

  function targetsNote(indicator, targets) {
    const separator = t('list.separator');
    const items = targets.map((target) => {
      const text = t('note.target', { plan: planName(target.plan), year: target.year, value: formatValue(target.value, indicator) });
      return target.note ? t('note.targetWithNote', { target: text, note: localized(target.note) }) : text;
    });
    return t('note.targets', { targets: items.join(separator) });
  }

  function completenessNote(rows) {
    const ratios = rows.map((row) => row.completeness).filter((ratio) => ratio != null);
    if (ratios.length === 0) return null;
    const [min, max] = [Math.min(...ratios), Math.max(...ratios)];
    return formatPercent(min) === formatPercent(max)
      ? t('note.completeness', { value: formatPercent(min) })
      : t('note.completenessRange', { min: formatPercent(min), max: formatPercent(max) });
  }

  /* ---------- chart options ---------- */

  function baseOption() {
    return {
      textStyle: { fontFamily: getComputedStyle(document.body).fontFamily },
      animationDurationUpdate: 300,
    };
  }

  function tooltipHtml(title, row, indicator) {
    const lines = [`<strong>${escapeHtml(title)}</strong>`];
    if (!row) return [...lines, escapeHtml(t('tooltip.noValue'))].join('<br>');
    lines.push(`<span class="tooltip-value">${escapeHtml(formatValue(row.value, indicator))}</span>`);
    lines.push(escapeHtml(t('tooltip.fraction', {
      numerator: formatCount(row.numerator),
      denominator: formatCount(row.denominator),
    })));
    lines.push(escapeHtml(t('tooltip.units', {
      reported: formatCount(row.reported_units),
      expected: formatCount(row.expected_units),
    })));
    if (row.completeness != null) {
      lines.push(escapeHtml(t('tooltip.completeness', { value: formatPercent(row.completeness) })));
    }
    if (isIncomplete(row)) {
      const warning = t('tooltip.lowCompleteness', { threshold: formatPercent(COMPLETENESS_THRESHOLD, 0) });
      lines.push(`<span class="tooltip-warning">${escapeHtml(warning)}</span>`);
    }
    return lines.join('<br>');
  }

  function rankingMarkers(nationRow, target, indicator) {
    const markers = [];
    if (nationRow?.value != null) {
      const text = t('marker.nation', { value: formatValue(nationRow.value, indicator) });
      markers.push({
        xAxis: nationRow.value,
        lineStyle: { color: COLORS.nation },
        label: { ...MARKER_LABEL, distance: 4, color: COLORS.nation, formatter: () => text },
      });
    }
    if (target) {
      const text = t('marker.target', { plan: planName(target.plan), value: formatValue(target.value, indicator) });
      markers.push({
        xAxis: target.value,
        lineStyle: { color: COLORS.target },
        // One line above the national label, so close values never overlap.
        label: { ...MARKER_LABEL, distance: 20, color: COLORS.target, formatter: () => text },
      });
    }
    return markers;
  }

  function rankingBar(row) {
    const incomplete = isIncomplete(row);
    let color = COLORS.bar;
    if (row.region_code === state.region) color = COLORS.barSelected;
    else if (incomplete) color = COLORS.barIncomplete;
    return {
      value: row.value,
      itemStyle: incomplete ? { color, decal: INCOMPLETE_DECAL } : { color },
    };
  }

  function rankingOption(rows, nationRow, indicator) {
    const rowByName = new Map(rows.map((row) => [row.short_name, row]));
    const markers = rankingMarkers(nationRow, targetForYear(indicator, NATION, state.year), indicator);
    const max = axisMax(rows.map((row) => row.value ?? 0), markers.map((marker) => marker.xAxis));
    return {
      ...baseOption(),
      grid: { left: 8, right: 48, top: 48, bottom: 8, containLabel: true },
      tooltip: {
        trigger: 'axis',
        axisPointer: { type: 'shadow' },
        formatter: ([param]) => tooltipHtml(param.name, rowByName.get(param.name), indicator),
      },
      xAxis: {
        type: 'value',
        max,
        axisLabel: { formatter: formatCount },
        splitLine: { lineStyle: { color: '#e8eaee' } },
      },
      yAxis: {
        type: 'category',
        inverse: true, // rows are sorted descending: highest value on top
        data: rows.map((row) => row.short_name),
        axisTick: { show: false },
        axisLabel: {
          interval: 0,
          formatter: (name) => (isIncomplete(rowByName.get(name)) ? `⚠ ${name}` : name),
        },
      },
      series: [{
        type: 'bar',
        barCategoryGap: '28%',
        data: rows.map(rankingBar),
        label: {
          show: true,
          position: 'right',
          fontSize: 11,
          color: '#333',
          formatter: (param) => formatNumber(param.value, indicator.decimals ?? 1),
        },
        markLine: {
          symbol: 'none',
          silent: true,
          lineStyle: { type: 'dashed', width: 1.5 },
          data: markers,
        },
      }],
    };
  }

  /** visualMap needs a non-empty range even when every province has the same value. */
  function valueRange(rows) {
    const values = rows.map((row) => row.value).filter((value) => value != null);
    const [min, max] = [Math.min(...values), Math.max(...values)];
    return min === max ? [min - 1, max + 1] : [min, max];
  }

  function mapArea(row) {
    const itemStyle = {};
    if (isIncomplete(row)) itemStyle.decal = INCOMPLETE_DECAL;
    if (row.region_code === state.region) Object.assign(itemStyle, { borderColor: '#111', borderWidth: 2 });
    return { name: row.short_name, value: row.value, regionCode: row.region_code, itemStyle };
  }

  function mapOption(rows, indicator) {
    const rowByName = new Map(rows.map((row) => [row.short_name, row]));
    const [min, max] = valueRange(rows);
    return {
      ...baseOption(),
      tooltip: {
        trigger: 'item',
        formatter: (param) => tooltipHtml(param.name, rowByName.get(param.name), indicator),
      },
      visualMap: {
        type: 'continuous',
        min,
        max,
        left: 0,
        bottom: 8,
        itemWidth: 12,
        itemHeight: 110,
        text: [formatValue(max, indicator), formatValue(min, indicator)],
        inRange: { color: COLORS.mapRange },
      },
      series: [{
        type: 'map',
        map: 'china',
        roam: false,
        selectedMode: false,
        top: 8,
        bottom: 8,
        left: 64,
        right: 8,
        itemStyle: { areaColor: COLORS.mapNoData, borderColor: '#ffffff', borderWidth: 0.8 },
        emphasis: { label: { show: true }, itemStyle: { areaColor: COLORS.mapHover } },
        data: rows.map(mapArea),
      }],
    };
  }

  function trendPoint(row) {
    const point = { value: [row.year, row.value] };
    if (isIncomplete(row)) {
      Object.assign(point, {
        symbol: 'emptyTriangle',
        symbolSize: 11,
        itemStyle: { color: COLORS.warning, borderColor: COLORS.warning },
      });
    }
    return point;
  }

  /**
   * The x extent of a span of years on the trend axis. Spans meet half-way between
   * years, so adjacent plan periods leave no gap, and are clipped to the axis.
   */
  function yearSpan(first, last) {
    const { from, to } = yearRange();
    return [Math.max(first - 0.5, from), Math.min(last + 0.5, to)];
  }

  function planBands(from, to) {
    return store.meta.plans
      .filter((plan) => plan.to >= from && plan.from <= to)
      .map((plan, index) => {
        const [start, end] = yearSpan(plan.from, plan.to);
        return [
          { name: localized(plan.name), xAxis: start, itemStyle: { color: COLORS.planBands[index % 2] } },
          { xAxis: end },
        ];
      });
  }

  /** A dashed segment at the target value across the target's plan period. */
  function targetLine(target, indicator) {
    const plan = planById(target.plan);
    const [start, end] = plan ? yearSpan(plan.from, plan.to) : yearSpan(target.year, target.year);
    const text = t('marker.target', { plan: planName(target.plan), value: formatValue(target.value, indicator) });
    return [
      { coord: [start, target.value], label: { formatter: () => text } },
      { coord: [end, target.value] },
    ];
  }

  function trendOption(rows, targets, indicator, regionName) {
    const { from, to } = yearRange();
    const rowByYear = new Map(rows.map((row) => [row.year, row]));
    const max = axisMax(rows.map((row) => row.value ?? 0), targets.map((target) => target.value));
    return {
      ...baseOption(),
      grid: { left: 8, right: 24, top: 32, bottom: 8, containLabel: true },
      tooltip: {
        trigger: 'axis',
        formatter: ([param]) => {
          const year = param.value[0];
          return tooltipHtml(t('tooltip.regionYear', { region: regionName, year }), rowByYear.get(year), indicator);
        },
      },
      xAxis: {
        type: 'value',
        min: from,
        max: to,
        minInterval: 1,
        splitLine: { show: false },
        axisLabel: { hideOverlap: true, formatter: String },
      },
      yAxis: {
        type: 'value',
        max,
        axisLabel: { formatter: formatCount },
        splitLine: { lineStyle: { color: '#e8eaee' } },
      },
      series: [{
        type: 'line',
        name: regionName,
        connectNulls: false,
        symbolSize: 7,
        lineStyle: { width: 2.5, color: COLORS.line },
        itemStyle: { color: COLORS.line },
        data: rows.map(trendPoint),
        markArea: {
          silent: true,
          // At the bottom, clear of the target labels above the line.
          label: { position: 'insideBottom', color: '#5b6675' },
          data: planBands(from, to),
        },
        markLine: {
          symbol: 'none',
          silent: true,
          lineStyle: { type: 'dashed', width: 1.5, color: COLORS.target },
          label: { position: 'insideStartTop', color: COLORS.target },
          data: targets.map((target) => targetLine(target, indicator)),
        },
        markPoint: {
          symbol: 'diamond',
          symbolSize: 12,
          silent: true,
          itemStyle: { color: COLORS.target },
          label: { show: false },
          data: targets.map((target) => ({ coord: [target.year, target.value] })),
        },
      }],
    };
  }

  /* ---------- rendering ---------- */

  async function renderProvinces(indicator, isCurrent) {
    const titles = {
      ranking: t('chart.ranking.title', { indicator: localized(indicator.name), year: state.year }),
      map: t('chart.map.title', { indicator: localized(indicator.name), year: state.year }),
    };
    for (const name of ['ranking', 'map']) {
      describePanel(name, { title: titles[name], indicator, notes: indicatorNotes(indicator) });
      showLoading(name);
    }

    const params = { indicator: indicator.id, year: state.year };
    let rows;
    let nationRow;
    try {
      const [provinceRows, nationRows] = await Promise.all([
        cachedJson(apiUrl('/api/values', { ...params, level: 'province' })),
        // The national line is optional: the ranking is still worth showing without it.
        cachedJson(apiUrl('/api/values', { ...params, level: 'nation' })).catch(() => []),
      ]);
      rows = sortByValue(provinceRows);
      nationRow = nationRows.find((row) => row.region_code === NATION);
    } catch (error) {
      if (isCurrent()) {
        for (const name of ['ranking', 'map']) showMessage(name, t('state.error', { message: errorText(error) }));
      }
      return;
    }
    if (!isCurrent()) return;

    view.provinceRows = rows;
    populateRegionSelect();
    if (!hasValues(rows)) {
      for (const name of ['ranking', 'map']) showMessage(name, t('state.empty'));
      return;
    }
    const notes = [...indicatorNotes(indicator), completenessNote(rows)].filter(Boolean);
    const lowCount = rows.filter(isIncomplete).length;
    for (const name of ['ranking', 'map']) describePanel(name, { title: titles[name], indicator, notes, lowCount });
    showChart('ranking', rankingOption(rows, nationRow, indicator));
    showChart('map', mapOption(rows, indicator));
  }

  async function renderTrend(indicator, isCurrent) {
    const { from, to } = yearRange();
    const targets = targetsFor(indicator, state.region).filter((target) => target.year >= from && target.year <= to);
    const baseNotes = [...indicatorNotes(indicator), ...(targets.length ? [targetsNote(indicator, targets)] : [])];
    const describe = (regionName, extra = {}) => describePanel('trend', {
      title: t('chart.trend.title', { indicator: localized(indicator.name), region: regionName, from, to }),
      indicator,
      notes: baseNotes,
      ...extra,
    });
    describe(view.region?.code === state.region ? view.region.label : '…');
    showLoading('trend');

    const code = state.region;
    let rows;
    let regionName;
    try {
      [rows, regionName] = await Promise.all([
        cachedJson(apiUrl('/api/trend', { indicator: indicator.id, region: code, from, to })),
        regionLabel(code),
      ]);
    } catch (error) {
      if (isCurrent()) showMessage('trend', t('state.error', { message: errorText(error) }));
      return;
    }
    if (!isCurrent()) return;

    view.region = { code, label: regionName };
    populateRegionSelect();
    if (!hasValues(rows)) {
      describe(regionName);
      showMessage('trend', t('state.emptyTrend'));
      return;
    }
    describe(regionName, {
      notes: [...baseNotes, completenessNote(rows)].filter(Boolean),
      lowCount: rows.filter(isIncomplete).length,
    });
    showChart('trend', trendOption(rows, targets, indicator, regionName));
  }

  async function render() {
    const token = ++renderToken;
    const isCurrent = () => token === renderToken;
    // A missing catalog is not fatal: t() falls back to the default language.
    await loadCatalog(state.lang).catch(() => {});
    if (!isCurrent()) return;

    applyStaticTranslations();
    populateControls();
    const indicator = currentIndicator();
    if (!indicator) {
      for (const name of PANELS) showMessage(name, t('state.empty'));
      return;
    }
    await Promise.all([renderProvinces(indicator, isCurrent), renderTrend(indicator, isCurrent)]);
  }

  /* ---------- start-up ---------- */

  function onRankingClick(event) {
    const point = [event.offsetX, event.offsetY];
    if (!charts.ranking.containPixel('grid', point)) return;
    // Anywhere in a bar's row counts, so short bars are as easy to pick as long ones.
    const [, index] = charts.ranking.convertFromPixel({ gridIndex: 0 }, point);
    const row = view.provinceRows[Math.round(index)];
    if (row) commit({ region: row.region_code });
  }

  function initCharts() {
    for (const name of PANELS) charts[name] = echarts.init(document.getElementById(`chart-${name}`));
    charts.ranking.getZr().on('click', onRankingClick);
    charts.map.on('click', (param) => {
      if (param.data?.regionCode) commit({ region: param.data.regionCode });
    });
  }

  /** Resizes on any container size change: window resize, but also notes reflowing on a language switch. */
  function observeChartSizes() {
    const observer = new ResizeObserver((entries) => {
      // Deferred to the next frame to stay out of the ResizeObserver notification loop.
      requestAnimationFrame(() => {
        for (const entry of entries) echarts.getInstanceByDom(entry.target)?.resize();
      });
    });
    for (const name of PANELS) observer.observe(document.getElementById(`chart-${name}`));
  }

  function showStartupError(message) {
    for (const name of PANELS) showMessage(name, t('state.error', { message }));
  }

  async function boot() {
    const fromUrl = readUrlState();
    state.lang = normalizeLang(fromUrl.lang);
    try {
      await loadCatalog(state.lang);
      applyStaticTranslations();
      if (!window.echarts) {
        showStartupError(t('state.libraryError'));
        return;
      }
      [store.meta, store.indicators] = await Promise.all([cachedJson('/api/meta'), cachedJson('/api/indicators')]);
    } catch (error) {
      showStartupError(errorText(error));
      return;
    }
    Object.assign(state, normalizeState(fromUrl));
    history.replaceState(null, '', stateUrl());
    $('#snapshot-id').textContent = store.meta.snapshot;
    initCharts();
    bindControls();
    observeChartSizes();
    await render();
  }

  window.grassroots = { charts, state, loaded: false, ready: null };
  window.grassroots.ready = boot().then(() => {
    window.grassroots.loaded = true;
  });
})();
