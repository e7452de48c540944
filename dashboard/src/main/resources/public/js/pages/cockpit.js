/*
 * 领导驾驶舱 (cockpit): one 1920×1080 screen for a meeting-room display, scaled to fit any screen, dark. The plan's
 * targets as large cards, the region's children on a map coloured by the selected indicator, the leading and lagging
 * children, five-year trends of every indicator as small multiples, and the snapshot the data is from. It reloads
 * when a new snapshot is published, can rotate through the indicators (rotate=SECONDS), and goes full-screen with F.
 * Below 700 px wide (a phone) the same blocks stack in one column instead of being scaled.
 * Everything comes from one /api/overview answer (children included), so rotating asks the server nothing.
 */
(() => {
  'use strict';

  const { $, el } = GR.dom;
  const { t, localized } = GR.i18n;
  const F = GR.format;
  const O = GR.chartOptions;
  const state = GR.state;

  const STAGE = { width: 1920, height: 1080 };
  const PHONE_MAX = 700; // px: narrower screens get the stacked layout
  const TREND_YEARS = 5;
  const MAX_CARDS = 4; // the most pressing first (see SEVERITY)
  const RANKED = 5; // leading and lagging children shown
  const STATUSES = ['achieved', 'basically_achieved', 'missed', 'on_track', 'off_track', 'no_trend', 'no_data'];
  // Which targets a leader should see first when there are more than the screen holds.
  const SEVERITY = ['missed', 'off_track', 'no_trend', 'on_track', 'basically_achieved', 'achieved', 'no_data'];
  // Type sizes in stage pixels, chosen to be read from about three metres on a 1080p wall screen.
  const TYPE = { axis: 16, label: 18, title: 20 };
  const DARK = {
    text: '#e6edf5', muted: '#9fb0c3', grid: '#2b3744', line: '#7cc4ff', noData: '#2a323d', border: '#0f1620',
    range: ['#1b3a5c', '#2f6fa8', '#7cc4ff', '#e6f4ff'], target: '#f2a65a', warning: '#f3c969',
  };

  const view = { overview: null, layer: null, childLevel: null };
  const timers = { rotate: null, poll: null };
  let pollMs = 30_000;

  /* ---------- scaling ---------- */

  function isPhone() {
    return window.innerWidth < PHONE_MAX;
  }

  /** The stage keeps its 1920×1080 layout and is scaled (and centred) to the window; a phone gets the stacked one. */
  function fit() {
    const stage = $('#cockpit-stage');
    if (!stage || state.tab !== 'cockpit') return;
    if (isPhone()) {
      stage.style.transform = '';
      stage.style.left = '';
      stage.style.top = '';
      stage.classList.add('is-stacked');
      return;
    }
    stage.classList.remove('is-stacked');
    const scale = Math.min(window.innerWidth / STAGE.width, window.innerHeight / STAGE.height);
    stage.style.transform = `scale(${scale})`;
    stage.style.left = `${Math.max(0, (window.innerWidth - STAGE.width * scale) / 2)}px`;
    stage.style.top = `${Math.max(0, (window.innerHeight - STAGE.height * scale) / 2)}px`;
  }

  /* ---------- data ---------- */

  function entryOf(indicator) {
    return view.overview.indicators.find((item) => item.id === indicator.id) ?? { trend: [], targets: [], children: [] };
  }

  function latestRow(rows) {
    return [...rows].reverse().find((row) => row.value != null) ?? null;
  }

  function featuredTarget(targets, year) {
    const sorted = [...targets].sort((a, b) => a.year - b.year);
    return sorted.find((target) => target.year >= year) ?? sorted[sorted.length - 1] ?? null;
  }

  function nextLevel(level) {
    const levels = GR.catalog.meta.levels;
    return levels[levels.indexOf(level) + 1] ?? null;
  }

  /* ---------- blocks ---------- */

  function header(region) {
    $('#cockpit-region').textContent = GR.regions.label(region);
    const year = F.year(view.overview.year);
    $('#cockpit-asof').textContent = t('cockpit.asOf', { year, snapshot: view.overview.snapshot });
    $('#cockpit-asof').dataset.snapshot = view.overview.snapshot;
    const back = $('#cockpit-exit');
    back.href = GR.nav.href({ tab: 'overview' });
    const rotate = $('#cockpit-rotate');
    rotate.setAttribute('aria-pressed', String(Boolean(state.rotate)));
    rotate.textContent = state.rotate ? t('cockpit.rotateOn', { seconds: state.rotate }) : t('cockpit.rotateOff');
  }

  function card(indicator, target, latest) {
    const status = STATUSES.includes(target.status) ? target.status : 'no_data';
    return el('article', { class: `cockpit-card status-card-${status}`, 'data-testid': 'cockpit-card', dataset: { indicator: indicator.id } }, [
      el('h4', { class: 'cockpit-card-name', text: localized(indicator.name) }),
      el('p', { class: 'cockpit-card-value' }, [
        el('strong', { text: latest ? F.bare(latest.value, indicator) : '—' }),
        el('span', { class: 'cockpit-card-unit', text: localized(indicator.unit) }),
        latest && latest.year !== view.overview.year ? el('span', { class: 'cockpit-card-year', text: F.year(latest.year) }) : null,
      ]),
      el('p', { class: 'cockpit-card-target', text: t('overview.target', { plan: GR.catalog.planName(target.plan), value: F.value(target.target, indicator), year: F.year(target.year) }) }),
      el('p', { class: `cockpit-status status-${status}`, text: t(`status.${status}`) }),
    ]);
  }

  function targetCards() {
    const cards = [];
    for (const indicator of GR.catalog.indicators) {
      const entry = entryOf(indicator);
      const latest = latestRow(entry.trend);
      const target = featuredTarget(entry.targets, latest?.year ?? GR.catalog.latestYear());
      if (target) cards.push({ severity: SEVERITY.indexOf(target.status), node: card(indicator, target, latest) });
    }
    cards.sort((a, b) => a.severity - b.severity);
    const box = $('#cockpit-cards');
    box.replaceChildren(...(cards.length
      ? cards.slice(0, MAX_CARDS).map((item) => item.node)
      : [el('p', { class: 'cockpit-empty', text: t('cockpit.noTargets') })]));
    box.dataset.count = String(Math.min(cards.length, MAX_CARDS));
  }

  function indicatorSelect() {
    GR.controls.fill($('#cockpit-indicator'), GR.controls.indicatorOptions(), state.indicator);
  }

  function ranked(indicator) {
    const rows = entryOf(indicator).children.filter((row) => row.value != null);
    const lower = indicator.direction === 'lower_is_better';
    return rows.sort((a, b) => (lower ? a.value - b.value : b.value - a.value));
  }

  function rankList(rows, indicator, offset) {
    return el('ol', { class: 'cockpit-ranklist', start: String(offset + 1) }, rows.map((row, index) => el('li', { dataset: { code: row.region_code } }, [
      el('span', { class: 'cockpit-rank', text: String(offset + index + 1) }),
      el('span', { class: 'cockpit-rank-name', text: GR.isIncomplete(row) ? `⚠ ${row.short_name}` : row.short_name }),
      el('span', { class: 'cockpit-rank-value', text: F.value(row.value, indicator) }),
    ])));
  }

  function ranks(indicator, region) {
    const rows = ranked(indicator);
    const level = view.childLevel ? GR.catalog.levelName(view.childLevel, 'plural') : '';
    $('#cockpit-leaders-title').textContent = t('cockpit.leaders', { level });
    $('#cockpit-laggards-title').textContent = t('cockpit.laggards', { level });
    if (rows.length === 0) {
      $('#cockpit-leaders').replaceChildren(el('p', { class: 'cockpit-empty', text: t('cockpit.noChildren', { region: GR.regions.label(region) }) }));
      $('#cockpit-laggards').replaceChildren();
      return;
    }
    const count = Math.min(RANKED, Math.ceil(rows.length / 2));
    $('#cockpit-leaders').replaceChildren(rankList(rows.slice(0, count), indicator, 0));
    const tail = rows.slice(Math.max(count, rows.length - count));
    $('#cockpit-laggards').replaceChildren(rankList(tail, indicator, rows.length - tail.length));
  }

  function mapOption(rows, indicator) {
    const option = O.choropleth(rows, {
      map: view.layer.map,
      valueOf: (row) => row.value,
      format: (value) => F.value(value, indicator),
      tooltip: (row) => O.tooltipHtml(row.region_name, row, indicator),
      colors: DARK.range,
    });
    const series = option.series[0];
    series.itemStyle = { areaColor: DARK.noData, borderColor: DARK.border, borderWidth: 1 };
    series.label = { ...series.label, show: rows.length <= 40, color: '#0b1118', fontSize: TYPE.axis, fontWeight: 600 };
    series.emphasis = { label: { show: true, color: '#0b1118', fontSize: TYPE.label }, itemStyle: { areaColor: DARK.warning } };
    const phone = isPhone();
    series.left = phone ? 48 : 120;
    Object.assign(option.visualMap, { itemWidth: phone ? 10 : 20, itemHeight: phone ? 100 : 220, textStyle: { color: DARK.text, fontSize: phone ? 12 : TYPE.label } });
    option.textStyle = { ...option.textStyle, color: DARK.text };
    return option;
  }

  function drawMap(indicator, region) {
    const box = $('#chart-cockpit-map');
    const unmatchedBox = $('#cockpit-unmatched');
    const level = view.childLevel ? GR.catalog.levelName(view.childLevel, 'plural') : '';
    $('#cockpit-map-title').textContent = t('cockpit.mapTitle', { indicator: localized(indicator.name), level, year: F.year(view.overview.year) });
    const rows = entryOf(indicator).children;
    if (!view.layer || rows.length === 0) {
      GR.disposeChart('cockpit-map');
      box.replaceChildren(el('p', { class: 'cockpit-empty', text: t('cockpit.noMap', { region: GR.regions.label(region) }) }));
      unmatchedBox.hidden = true;
      return;
    }
    const { matched, unmatched } = view.layer.match(rows);
    unmatchedBox.hidden = unmatched.length === 0;
    unmatchedBox.replaceChildren(...(unmatched.length ? [
      el('span', { text: t('map.unmatched', { count: unmatched.length }) }),
      el('ul', {}, unmatched.map((row) => el('li', { dataset: { code: row.region_code }, text: `${row.short_name} ${row.region_code}` }))),
    ] : []));
    if (box.firstChild?.classList?.contains('cockpit-empty')) box.replaceChildren();
    GR.chartIn('cockpit-map', box, (chart) => chart.on('click', (param) => {
      if (param.data?.row) GR.nav.commit({ region: param.data.row.region_code });
    })).setOption(mapOption(matched, indicator), true);
  }

  /** Every indicator's last five years, one small chart each, in one ECharts instance. */
  function trendsOption(columns, width) {
    const years = GR.catalog.years().slice(-TREND_YEARS);
    const indicators = GR.catalog.indicators;
    const rowsCount = Math.ceil(indicators.length / columns);
    const cellW = 100 / columns;
    const cellH = 100 / rowsCount;
    const option = { textStyle: { fontFamily: getComputedStyle(document.body).fontFamily, color: DARK.text }, animation: false, title: [], grid: [], xAxis: [], yAxis: [], series: [] };
    indicators.forEach((indicator, index) => {
      const [col, row] = [index % columns, Math.floor(index / columns)];
      const rows = entryOf(indicator).trend.filter((r) => years.includes(r.year));
      const latest = latestRow(rows);
      option.title.push({
        text: localized(indicator.name),
        subtext: latest ? F.value(latest.value, indicator) : '—',
        left: `${col * cellW + 0.6}%`, top: `${row * cellH + 1}%`, itemGap: 4,
        textStyle: { fontSize: TYPE.label, fontWeight: 600, color: DARK.text, width: (width * cellW) / 100 - 16, overflow: 'truncate' },
        subtextStyle: { fontSize: TYPE.title, fontWeight: 700, color: DARK.line },
      });
      option.grid.push({ left: `${col * cellW + 1}%`, top: `${row * cellH + cellH * 0.36}%`, width: `${cellW - 3}%`, height: `${cellH * 0.38}%`, containLabel: false });
      option.xAxis.push({
        type: 'value', gridIndex: index, min: years[0], max: years[years.length - 1], interval: years.length - 1,
        axisLabel: { fontSize: TYPE.axis, color: DARK.muted, formatter: String }, axisLine: { lineStyle: { color: DARK.grid } }, splitLine: { show: false }, axisTick: { show: false },
      });
      option.yAxis.push({ type: 'value', gridIndex: index, scale: true, show: false });
      option.series.push({
        type: 'line', xAxisIndex: index, yAxisIndex: index, symbol: 'circle', symbolSize: 6, connectNulls: true,
        lineStyle: { width: 3, color: DARK.line }, itemStyle: { color: DARK.line },
        areaStyle: { color: 'rgba(124, 196, 255, 0.12)' },
        data: rows.map((r) => [r.year, r.value]),
      });
    });
    return option;
  }

  function drawTrends() {
    const box = $('#chart-cockpit-trends');
    const phone = isPhone();
    const columns = phone ? 2 : 8;
    const width = phone ? box.clientWidth : 1872;
    if (phone) box.style.height = `${Math.ceil(GR.catalog.indicators.length / columns) * 150}px`;
    else box.style.height = '';
    GR.chartIn('cockpit-trends', box).setOption(trendsOption(columns, width), true);
    $('#cockpit-trends-title').textContent = t('cockpit.trends', { from: GR.catalog.years().slice(-TREND_YEARS)[0], to: GR.catalog.latestYear() });
  }

  /** The parts that follow the selected indicator: the map and the leading and lagging children. */
  function drawIndicator() {
    const indicator = GR.catalog.indicator(state.indicator);
    const region = view.overview.region;
    $('#cockpit-indicator').value = indicator.id;
    drawMap(indicator, region);
    ranks(indicator, region);
  }

  /* ---------- rotation, refresh, full screen ---------- */

  function stopTimers() {
    clearInterval(timers.rotate);
    clearInterval(timers.poll);
    timers.rotate = timers.poll = null;
  }

  function rotateOnce() {
    if (state.tab !== 'cockpit' || !view.overview) return stopTimers();
    const ids = GR.catalog.indicators.map((indicator) => indicator.id);
    state.indicator = ids[(ids.indexOf(state.indicator) + 1) % ids.length];
    history.replaceState(null, '', GR.nav.href());
    drawIndicator();
  }

  /** Reloads the page when the server serves a newer snapshot than the one drawn. */
  async function checkSnapshot() {
    if (state.tab !== 'cockpit') return stopTimers();
    const health = await GR.api.fetchJson('/api/health').catch(() => null);
    if (health?.snapshot && health.snapshot !== GR.catalog.meta.snapshot) location.reload();
  }

  function startTimers() {
    stopTimers();
    if (state.rotate) timers.rotate = setInterval(rotateOnce, state.rotate * 1000);
    timers.poll = setInterval(checkSnapshot, pollMs);
  }

  function toggleFullscreen() {
    if (document.fullscreenElement) document.exitFullscreen?.();
    else document.documentElement.requestFullscreen?.().catch(() => {});
  }

  /* ---------- page ---------- */

  async function render(isCurrent) {
    stopTimers();
    fit();
    let overview;
    try {
      overview = await GR.overview.load(state.region, { children: true });
    } catch (error) {
      if (isCurrent()) GR.pageError('cockpit', error);
      return;
    }
    if (!isCurrent()) return;
    GR.pageError('cockpit', null);
    view.overview = overview;
    view.childLevel = nextLevel(overview.region.level);
    view.layer = view.childLevel ? await GR.maps.layer(overview.region.code, view.childLevel).catch(() => null) : null;
    if (!isCurrent()) return;
    header(overview.region);
    indicatorSelect();
    targetCards();
    drawIndicator();
    drawTrends();
    startTimers();
  }

  function mount() {
    $('#cockpit-indicator').addEventListener('change', (event) => GR.nav.commit({ indicator: event.target.value }));
    $('#cockpit-rotate').addEventListener('click', () => GR.nav.commit({ rotate: state.rotate ? null : 20 }));
    $('#cockpit-fullscreen').addEventListener('click', toggleFullscreen);
    document.addEventListener('keydown', (event) => {
      if (state.tab !== 'cockpit' || event.ctrlKey || event.metaKey || event.altKey) return;
      if (event.target.closest?.('input, select, textarea')) return;
      if (event.key === 'f' || event.key === 'F') toggleFullscreen();
    });
    window.addEventListener('resize', () => {
      const wasPhone = $('#cockpit-stage').classList.contains('is-stacked');
      fit();
      if (state.tab === 'cockpit' && view.overview && wasPhone !== isPhone()) drawTrends();
    });
  }

  GR.pages.cockpit = {
    keys: ['region', 'indicator', 'rotate'],
    mount,
    render,
    fit,
    checkSnapshot,
    set pollMs(ms) { pollMs = ms; },
  };
})();
