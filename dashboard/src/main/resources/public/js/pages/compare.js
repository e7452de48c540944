/*
 * 地区比较 (compare) for planners. The state's region is the focus: its children at the chosen
 * level are ranked (bars, map for provinces, table), spread (box plot) and related (scatter);
 * the focus itself gets its trend and its peer group. Clicking a region drills down into it;
 * the breadcrumbs go back up. A township has no children, so it is shown among its siblings.
 * The profile view (view=profile) shows every indicator for the focus region instead.
 */
(() => {
  'use strict';

  const { $, el } = GR.dom;
  const { t, localized } = GR.i18n;
  const F = GR.format;
  const O = GR.chartOptions;
  const state = GR.state;
  const { NATION } = GR.config;
  const PROFILE_CELL_WIDTH = 220; // px per small multiple; the profile chart fits as many columns as it can

  const panels = {};
  // What the current render shows, for click handlers.
  const view = { rows: [] };

  /* ---------- scope ---------- */

  function drill(code) {
    GR.nav.commit({ region: code, level: null });
  }

  /** The two views of the focus region, as links so that they can be opened in a new tab too. */
  function viewSwitch(region) {
    const name = GR.regions.label(region);
    const item = (view, text) => (state.view === view
      ? el('span', { class: 'view-current', 'aria-current': 'page', text })
      : GR.nav.link({ id: `view-${view ?? 'compare'}` }, { view }, text));
    $('#compare-views').replaceChildren(item(null, t('compare.viewCompare')), item('profile', t('compare.viewProfile', { region: name })));
  }

  function breadcrumbs(region) {
    const nation = { code: NATION };
    const trail = [nation, ...(region.ancestors ?? []).filter((a) => a.code !== NATION && a.code !== region.code), region];
    const items = trail.map((item, index) => {
      const label = item.code === NATION ? t('region.nation') : item.name;
      const last = index === trail.length - 1;
      return el('li', {}, last
        ? el('span', { 'aria-current': 'page', text: label })
        : GR.nav.link({}, { region: item.code, level: null }, label));
    });
    $('#compare-breadcrumbs').replaceChildren(el('ol', {}, items));
  }

  function fillControls() {
    const { fill, indicatorOptions, yearOptions } = GR.controls;
    fill($('#compare-indicator'), indicatorOptions(), state.indicator);
    fill($('#compare-year'), yearOptions(), state.year);
    fill($('#compare-from'), yearOptions(GR.catalog.years().filter((year) => year < state.year)), state.from);
    const { x, y } = panels.scatter.selects;
    fill(x, indicatorOptions(), state.x);
    fill(y, indicatorOptions(), state.y);
  }

  /** The levels below the focus region; a township has only its own. */
  function fillLevels(scope) {
    const level = $('#compare-level');
    GR.controls.fill(level, scope.levels.map((id) => ({ value: id, label: GR.catalog.levelName(id) })), scope.level);
    level.disabled = scope.levels.length < 2;
  }

  function titleParams(scope, indicator) {
    return {
      indicator: localized(indicator.name),
      parent: GR.regions.label(scope.parent),
      region: GR.regions.label(scope.region),
      level: GR.catalog.levelName(scope.level, 'plural'),
      year: F.year(state.year),
    };
  }

  const byRank = (a, b) => (a.rank == null) - (b.rank == null) || a.rank - b.rank;

  /* ---------- ranking, map and table ---------- */

  async function renderRanking(scope, indicator, mapLayer, isCurrent) {
    const params = { indicator: indicator.id, level: scope.level, year: state.year, parent: scope.parent.code };
    const titles = titleParams(scope, indicator);
    const showMap = mapLayer != null;
    const shown = showMap ? ['ranking', 'map', 'table'] : ['ranking', 'table'];
    for (const name of shown) {
      panels[name].describe({ title: t(`chart.${name}.title`, titles), indicator, notes: GR.notes.indicator(indicator) });
      panels[name].setDownloads({ path: name === 'map' ? '/api/values' : '/api/ranking', params });
      panels[name].loading();
    }

    let rows;
    let goals;
    let before;
    try {
      [rows, goals, before] = await Promise.all([
        GR.api.get('/api/ranking', params),
        GR.goals.status(indicator, scope.parent.code).then(GR.goals.from),
        GR.api.get('/api/values', { ...params, year: state.from }),
      ]);
    } catch (error) {
      if (isCurrent()) for (const name of shown) panels[name].error(error);
      return;
    }
    if (!isCurrent()) return;

    rows = [...rows].sort(byRank);
    view.rows = rows;
    if (!rows.some((row) => row.value != null)) {
      for (const name of shown) panels[name].message(t('state.empty'));
      return;
    }
    const notes = [...GR.notes.indicator(indicator), GR.notes.completeness(rows)];
    const lowCount = rows.filter(GR.isIncomplete).length;
    for (const name of shown) panels[name].describe({ title: t(`chart.${name}.title`, titles), indicator, notes, lowCount });

    const parentValue = rows.find((row) => row.parent_value != null)?.parent_value;
    const parent = parentValue != null ? { label: GR.regions.label(scope.parent), value: parentValue } : null;
    const goal = GR.goals.forYear(goals, state.year);
    panels.ranking.show(O.ranking(rows, { indicator, parent, goal, highlight: scope.highlight, tooltipExtra: rankLines }));
    if (showMap) {
      const { matched, unmatched } = mapLayer.match(rows);
      listUnmatched(unmatched);
      panels.map.show(O.choropleth(matched, {
        map: mapLayer.map,
        valueOf: (row) => row.value,
        format: (value) => F.value(value, indicator),
        tooltip: (row) => O.tooltipHtml(row.region_name, row, indicator, rankLines(row)),
        highlight: scope.highlight,
      }));
    }
    panels.table.showTable(rankingTable(rows, before, indicator));
  }

  /** The regions the map has no shape for, listed beside it rather than silently left out. */
  function listUnmatched(rows) {
    const box = panels.map.unmatched;
    box.hidden = rows.length === 0;
    box.replaceChildren(...(rows.length ? [
      el('span', { text: t('map.unmatched', { count: rows.length }) }),
      el('ul', {}, rows.map((row) => el('li', { dataset: { code: row.region_code } }, [
        GR.nav.link({}, { region: row.region_code, level: null }, row.region_name), ` ${row.region_code}`,
      ]))),
    ] : []));
  }

  function rankLines(row) {
    return row.rank != null ? [t('tooltip.rank', { rank: row.rank, count: row.siblings })] : [];
  }

  function rankingTable(rows, before, indicator) {
    const previous = new Map(before.map((row) => [row.region_code, row.value]));
    const changeOf = (row) => (row.value != null && previous.get(row.region_code) != null ? row.value - previous.get(row.region_code) : null);
    return GR.table({
      testid: 'compare-table',
      rows,
      sort: { key: 'rank', dir: 'asc' },
      rowClass: (row) => (GR.isIncomplete(row) ? 'row-low' : null),
      columns: [
        { key: 'rank', label: t('column.rank'), numeric: true, value: (row) => row.rank },
        {
          key: 'region', label: t('column.region'), value: (row) => row.region_name,
          render: (row) => [
            GR.nav.link({}, { region: row.region_code, level: null }, row.region_name),
            ' ',
            GR.nav.link({ class: 'row-action' }, { region: row.region_code, level: null, view: 'profile' }, t('compare.profileLink')),
          ],
        },
        { key: 'value', label: t('column.value', { unit: localized(indicator.unit) }), numeric: true, value: (row) => row.value, render: (row) => F.bare(row.value, indicator) },
        { key: 'change', label: t('column.changeSince', { year: state.from }), numeric: true, value: changeOf, render: (row) => F.change(changeOf(row), indicator) },
        { key: 'numerator', label: t('column.numerator'), numeric: true, value: (row) => row.numerator, render: (row) => F.count(row.numerator) },
        { key: 'denominator', label: t('column.denominator'), numeric: true, value: (row) => row.denominator, render: (row) => F.count(row.denominator) },
        {
          key: 'completeness', label: t('column.completeness'), numeric: true, value: (row) => row.completeness,
          render: (row) => (GR.isIncomplete(row) ? `⚠ ${F.percent(row.completeness)}` : F.percent(row.completeness)),
          className: (row) => (GR.isIncomplete(row) ? 'cell-warning' : null),
        },
        { key: 'percentile', label: t('column.percentile'), numeric: true, value: (row) => row.percentile, render: (row) => (row.percentile == null ? '—' : F.number(row.percentile, 0)) },
      ],
    });
  }

  /* ---------- trend of the focus region ---------- */

  async function renderTrend(scope, indicator, isCurrent) {
    const panel = panels.trend;
    const { region } = scope;
    const years = GR.catalog.years();
    const title = t('chart.trend.title', { indicator: localized(indicator.name), region: GR.regions.label(region), from: years[0], to: years[years.length - 1] });
    panel.describe({ title, indicator, notes: GR.notes.indicator(indicator) });
    panel.setDownloads({ path: '/api/trend', params: { indicator: indicator.id, region: region.code } });
    panel.loading();
    let rows;
    let goals;
    try {
      [rows, goals] = await Promise.all([
        GR.api.get('/api/trend', { indicator: indicator.id, region: region.code }),
        GR.goals.status(indicator, region.code).then(GR.goals.from),
      ]);
    } catch (error) {
      if (isCurrent()) panel.error(error);
      return;
    }
    if (!isCurrent()) return;
    if (!rows.some((row) => row.value != null)) {
      panel.message(t('state.emptyTrend'));
      return;
    }
    panel.describe({ title, indicator, notes: [...GR.notes.indicator(indicator), GR.notes.completeness(rows)], lowCount: rows.filter(GR.isIncomplete).length });
    panel.show(O.trend(rows, goals, indicator, GR.regions.label(region)));
  }

  /* ---------- spread of the children ---------- */

  async function renderBox(scope, indicator, isCurrent) {
    const panel = panels.box;
    const title = t('chart.box.title', titleParams(scope, indicator));
    const params = { indicator: indicator.id, level: scope.level, year: state.year, parent: scope.parent.code };
    panel.describe({ title, indicator, notes: GR.notes.indicator(indicator) });
    panel.setDownloads({ path: '/api/values', params });
    panel.loading();
    let distribution;
    let goals;
    try {
      [distribution, goals] = await Promise.all([
        GR.api.get('/api/distribution', { indicator: indicator.id, region: scope.parent.code, year: state.year, level: scope.level }),
        GR.goals.status(indicator, scope.parent.code).then(GR.goals.from),
      ]);
    } catch (error) {
      if (isCurrent()) panel.error(error);
      return;
    }
    if (!isCurrent()) return;
    if (!distribution.count || distribution.median == null) {
      panel.message(t('state.empty'));
      return;
    }
    const children = distribution.children ?? [];
    panel.describe({
      title,
      indicator,
      notes: [t('box.note', { count: distribution.count }), ...GR.notes.indicator(indicator), GR.notes.completeness(children)],
      lowCount: children.filter(GR.isIncomplete).length,
    });
    panel.show(O.box(distribution, indicator, { regionName: GR.regions.label(scope.parent), goal: GR.goals.forYear(goals, state.year) }));
  }

  /* ---------- two indicators ---------- */

  async function renderScatter(scope, isCurrent) {
    const panel = panels.scatter;
    const [xIndicator, yIndicator] = [GR.catalog.indicator(state.x), GR.catalog.indicator(state.y)];
    const params = { x: xIndicator.id, y: yIndicator.id, level: scope.level, year: state.year, parent: scope.parent.code };
    const title = t('chart.scatter.title', {
      x: localized(xIndicator.name), y: localized(yIndicator.name),
      parent: GR.regions.label(scope.parent), level: GR.catalog.levelName(scope.level, 'plural'), year: F.year(state.year),
    });
    const unit = t('scatter.units', { x: localized(xIndicator.unit), y: localized(yIndicator.unit) });
    const baseNotes = [
      t('scatter.bubble'),
      t('note.definitionOf', { name: localized(xIndicator.name), text: localized(xIndicator.definition) }),
      t('note.definitionOf', { name: localized(yIndicator.name), text: localized(yIndicator.definition) }),
      t('note.source', { sources: F.list([...new Map([...xIndicator.sources, ...yIndicator.sources].map((s) => [s.id, localized(s.title)])).values()]) }),
    ];
    panel.describe({ title, unit, notes: baseNotes });
    panel.setDownloads({ path: '/api/correlation', params });
    const result = await panel.load('/api/correlation', params, isCurrent);
    if (result == null) return;
    const points = result.points.filter((p) => p.x != null && p.y != null);
    if (points.length === 0) {
      panel.message(t('state.empty'));
      return;
    }
    const low = points.filter((p) => GR.isLowCompleteness(p.completeness_x) || GR.isLowCompleteness(p.completeness_y));
    panel.describe({ title, unit, notes: [...baseNotes, t('scatter.r')], lowCount: low.length });
    panel.show(O.scatter(result, xIndicator, yIndicator));
  }

  /* ---------- peer group of the focus region ---------- */

  async function renderPeers(scope, indicator, isCurrent) {
    const panel = panels.peers;
    const focus = scope.region;
    const title = t('chart.peers.title', { indicator: localized(indicator.name), region: GR.regions.label(focus), year: F.year(state.year) });
    panel.describe({ title, indicator, notes: [t('peers.note'), ...GR.notes.indicator(indicator)] });
    panel.setDownloads(null);
    if (focus.code === NATION) {
      panel.message(t('peers.needRegion'));
      return;
    }
    const result = await panel.load('/api/peers', { indicator: indicator.id, region: focus.code, year: state.year }, isCurrent);
    if (result == null) return;
    if (!result.region || result.peers.length === 0) {
      panel.message(t('peers.none'));
      return;
    }
    const rows = [result.region, ...result.peers];
    const standing = result.rank_in_group != null ? t('peers.rank', { region: GR.regions.label(focus), rank: result.rank_in_group, size: result.group_size }) : null;
    panel.describe({ title, indicator, notes: [standing, t('peers.note'), ...GR.notes.indicator(indicator), GR.notes.completeness(rows)], lowCount: rows.filter(GR.isIncomplete).length });
    panel.show(O.peers(result, indicator));
  }

  /* ---------- profile of the focus region ---------- */

  /** The focus region's row among its siblings (rank), or the nation's row (no siblings). */
  function profileRow(indicator, focus) {
    if (focus.code === NATION) {
      return GR.api.get('/api/values', { indicator: indicator.id, level: 'nation', year: state.year }).then((rows) => rows[0] ?? null);
    }
    return GR.api.get('/api/ranking', { indicator: indicator.id, level: focus.level, year: state.year, parent: focus.parent_code })
      .then((rows) => rows.find((row) => row.region_code === focus.code) ?? null);
  }

  function profileTable(entries) {
    const changeOf = (entry) => entry.trend.find((row) => row.year === state.year)?.change ?? null;
    return GR.table({
      testid: 'profile-table',
      rows: entries,
      rowClass: (entry) => (GR.isIncomplete(entry.row) ? 'row-low' : null),
      columns: [
        { key: 'indicator', label: t('column.indicator'), value: (e) => localized(e.indicator.name), render: (e) => GR.nav.link({}, { indicator: e.indicator.id, view: null }, localized(e.indicator.name)) },
        { key: 'value', label: t('column.valueYear', { year: F.year(state.year) }), numeric: true, value: (e) => e.row?.value, render: (e) => F.value(e.row?.value, e.indicator) },
        { key: 'change', label: t('column.changeYear'), numeric: true, value: changeOf, render: (e) => F.change(changeOf(e), e.indicator) },
        { key: 'rank', label: t('column.rankAmong'), numeric: true, value: (e) => e.row?.rank, render: (e) => (e.row?.rank != null ? t('rank.of', { rank: e.row.rank, count: e.row.siblings }) : '—') },
        { key: 'percentile', label: t('column.percentile'), numeric: true, value: (e) => e.row?.percentile, render: (e) => (e.row?.percentile == null ? '—' : F.number(e.row.percentile, 0)) },
        {
          key: 'completeness', label: t('column.completeness'), numeric: true, value: (e) => e.row?.completeness,
          render: (e) => (GR.isIncomplete(e.row) ? `⚠ ${F.percent(e.row.completeness)}` : F.percent(e.row?.completeness)),
          className: (e) => (GR.isIncomplete(e.row) ? 'cell-warning' : null),
        },
      ],
    });
  }

  async function renderProfile(scope, isCurrent) {
    const focus = scope.region;
    const name = GR.regions.label(focus);
    const chartTitle = t('chart.profile.title', { region: name, from: GR.catalog.years()[0], to: GR.catalog.latestYear() });
    const tableTitle = t('chart.profileTable.title', { region: name, year: F.year(state.year) });
    const notes = [t('profile.note')];
    panels.profile.describe({ title: chartTitle, unit: t('profile.units'), notes });
    panels.profileTable.describe({ title: tableTitle, notes });
    panels.profile.loading();
    panels.profileTable.loading();
    let entries;
    try {
      entries = await Promise.all(GR.catalog.indicators.map(async (indicator) => {
        const [row, trend] = await Promise.all([profileRow(indicator, focus), GR.api.get('/api/trend', { indicator: indicator.id, region: focus.code })]);
        return { indicator, row, trend };
      }));
    } catch (error) {
      if (isCurrent()) {
        panels.profile.error(error);
        panels.profileTable.error(error);
      }
      return;
    }
    if (!isCurrent()) return;
    const lowCount = entries.filter((entry) => GR.isIncomplete(entry.row)).length;
    panels.profileTable.describe({ title: tableTitle, notes, lowCount });
    panels.profileTable.showTable(profileTable(entries));
    const series = entries.map((e) => ({ indicator: e.indicator, rows: e.trend }));
    const width = panels.profile.area.clientWidth;
    panels.profile.show(O.smallMultiples(series, { columns: Math.max(2, Math.floor(width / PROFILE_CELL_WIDTH)), width }));
  }

  /* ---------- page ---------- */

  async function render(isCurrent) {
    const indicator = GR.catalog.indicator(state.indicator);
    fillControls();
    let scope;
    try {
      scope = await GR.regions.scope(state.region, state.level);
    } catch (error) {
      if (isCurrent()) GR.pageError('compare', error);
      return;
    }
    if (!isCurrent()) return;
    GR.pageError('compare', null);
    fillLevels(scope);
    breadcrumbs(scope.region);
    viewSwitch(scope.region);
    const profile = state.view === 'profile';
    for (const node of document.querySelectorAll('#page-compare .compare-only')) node.hidden = profile;
    $('#profile-panels').hidden = !profile;
    if (profile) {
      GR.disposeHiddenCharts();
      await renderProfile(scope, isCurrent);
      return;
    }
    // Prefectures of a province and counties of a province or prefecture have maps too (GR.maps).
    const mapLayer = await GR.maps.layer(scope.parent.code, scope.level).catch(() => null);
    if (!isCurrent()) return;
    panels.map.element.hidden = mapLayer == null;
    GR.disposeHiddenCharts();
    await Promise.all([
      renderRanking(scope, indicator, mapLayer, isCurrent),
      renderTrend(scope, indicator, isCurrent),
      renderBox(scope, indicator, isCurrent),
      renderScatter(scope, isCurrent),
      renderPeers(scope, indicator, isCurrent),
    ]);
  }

  function onRankingClick(chart, event) {
    const point = [event.offsetX, event.offsetY];
    if (!chart.containPixel('grid', point)) return;
    // Anywhere in a bar's row counts, so short bars are as easy to pick as long ones.
    const [, index] = chart.convertFromPixel({ gridIndex: 0 }, point);
    const row = view.rows[Math.round(index)];
    if (row) drill(row.region_code);
  }

  function axisSelect(key) {
    const id = `scatter-${key}`;
    const select = el('select', { id });
    GR.controls.bind(select, key);
    return { field: el('div', { class: 'field field-inline' }, [el('label', { for: id, 'data-i18n': `control.${key}` }), select]), select };
  }

  function mount() {
    const container = $('#compare-panels');
    panels.ranking = new GR.Panel('ranking', {
      className: 'panel-ranking',
      onCreate: (chart) => chart.getZr().on('click', (event) => onRankingClick(chart, event)),
    });
    panels.map = new GR.Panel('map', {
      className: 'panel-map',
      onCreate: (chart) => chart.on('click', (param) => {
        if (param.data?.row) drill(param.data.row.region_code);
      }),
    });
    panels.map.unmatched = el('div', { class: 'map-unmatched', 'data-testid': 'map-unmatched', hidden: true });
    panels.map.element.insertBefore(panels.map.unmatched, panels.map.notes);
    panels.table = new GR.Panel('table', { kind: 'table', className: 'panel-wide panel-table' });
    panels.trend = new GR.Panel('trend', { className: 'panel-trend' });
    panels.box = new GR.Panel('box', { className: 'panel-box' });
    panels.scatter = new GR.Panel('scatter', { className: 'panel-scatter' });
    panels.peers = new GR.Panel('peers', { className: 'panel-peers' });
    const [x, y] = [axisSelect('x'), axisSelect('y')];
    panels.scatter.selects = { x: x.select, y: y.select };
    panels.scatter.extra.append(x.field, y.field);
    container.append(...Object.values(panels).map((panel) => panel.element));
    panels.profileTable = new GR.Panel('profile-table', { kind: 'table', className: 'panel-profile-table' });
    panels.profile = new GR.Panel('profile', { className: 'panel-profile' });
    $('#profile-panels').append(panels.profileTable.element, panels.profile.element);

    const { bind } = GR.controls;
    bind($('#compare-indicator'), 'indicator');
    bind($('#compare-year'), 'year', Number);
    bind($('#compare-from'), 'from', Number);
    bind($('#compare-level'), 'level');
  }

  GR.pages.compare = { keys: ['indicator', 'year', 'region', 'level', 'from', 'x', 'y', 'view'], mount, render };
})();
