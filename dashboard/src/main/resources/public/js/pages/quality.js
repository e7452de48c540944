/*
 * 数据质量 (data quality): reporting completeness by region and year (map or bars, a year ×
 * region heat map, a table), the rows the ETL quarantined by rule and by region with their
 * messages, and statistical outliers among the published values.
 */
(() => {
  'use strict';

  const { $, el } = GR.dom;
  const { t, localized } = GR.i18n;
  const F = GR.format;
  const O = GR.chartOptions;
  const state = GR.state;
  const { NATION } = GR.config;
  const [HEATMAP_ROW_HEIGHT, HEATMAP_AXES_HEIGHT, HEATMAP_MIN_HEIGHT] = [20, 90, 240]; // px
  // The completeness colour scale starts at the heat map's lowest band (or lower), so that 99.6% does not look alarming.
  const completenessScaleMin = () => GR.catalog.quality().completeness.bands[0] ?? 0;

  const panels = {};

  function scopeParams(scope) {
    return { form: state.form, level: scope.level, parent: scope.parent.code === NATION ? null : scope.parent.code };
  }

  function fillControls() {
    const { fill, yearOptions, fillScope } = GR.controls;
    fill($('#quality-form'), GR.catalog.forms().map((form) => ({ value: form, label: form })), state.form);
    fill($('#quality-year'), yearOptions(), state.year);
    return fillScope($('#quality-region'), state.region);
  }

  function completenessNotes() {
    return [t('quality.completenessNote', { form: state.form }), t('quality.thresholdNote', { threshold: F.percent(GR.config.COMPLETENESS_THRESHOLD, 0) })];
  }

  /* ---------- completeness ---------- */

  function completenessTooltip(row) {
    const lines = [`<strong>${GR.dom.escapeHtml(row.region_name)}</strong>`,
      GR.dom.escapeHtml(t('tooltip.completeness', { value: F.percent(row.completeness) })),
      GR.dom.escapeHtml(t('tooltip.units', { reported: F.count(row.reported_units), expected: F.count(row.expected_units) }))];
    return lines.join('<br>');
  }

  function completenessTable(rows) {
    return GR.table({
      testid: 'completeness-table',
      rows,
      sort: { key: 'completeness', dir: 'asc' },
      rowClass: (row) => (GR.isIncomplete(row) ? 'row-low' : null),
      columns: [
        { key: 'region', label: t('column.region'), value: (row) => row.region_name },
        { key: 'reported', label: t('column.reported'), numeric: true, value: (row) => row.reported_units, render: (row) => F.count(row.reported_units) },
        { key: 'expected', label: t('column.expected'), numeric: true, value: (row) => row.expected_units, render: (row) => F.count(row.expected_units) },
        {
          key: 'completeness', label: t('column.completeness'), numeric: true, value: (row) => row.completeness,
          render: (row) => (GR.isIncomplete(row) ? `⚠ ${F.percent(row.completeness)}` : F.percent(row.completeness)),
          className: (row) => (GR.isIncomplete(row) ? 'cell-warning' : null),
        },
      ],
    });
  }

  async function renderCompleteness(scope, isCurrent) {
    const params = { ...scopeParams(scope), year: state.year };
    const names = { parent: GR.regions.label(scope.parent), level: GR.catalog.levelName(scope.level, 'plural'), year: F.year(state.year), form: state.form };
    const onMap = scope.level === 'province';
    for (const name of ['completeness', 'completenessTable']) {
      panels[name].describe({ title: t(`chart.${name}.title`, names), unit: '%', notes: completenessNotes() });
      panels[name].setDownloads({ path: '/api/quality/completeness', params });
      panels[name].loading();
    }
    let rows;
    try {
      rows = await GR.api.get('/api/quality/completeness', params);
    } catch (error) {
      if (isCurrent()) for (const name of ['completeness', 'completenessTable']) panels[name].error(error);
      return;
    }
    if (!isCurrent()) return;
    if (rows.length === 0) {
      for (const name of ['completeness', 'completenessTable']) panels[name].message(t('quality.noCompleteness'));
      return;
    }
    const lowCount = rows.filter(GR.isIncomplete).length;
    for (const name of ['completeness', 'completenessTable']) {
      panels[name].describe({ title: t(`chart.${name}.title`, names), unit: '%', notes: completenessNotes(), lowCount });
    }
    const percent = (ratio) => F.percent(ratio); // not F.percent itself: ECharts passes an index as 2nd argument
    if (onMap) {
      const range = [Math.min(completenessScaleMin(), ...rows.map((row) => row.completeness)), 1];
      const { map } = await GR.maps.layer(GR.config.NATION, 'province');
      if (!isCurrent()) return;
      panels.completeness.show(O.choropleth(rows, { map, valueOf: (row) => row.completeness, format: percent, tooltip: completenessTooltip, colors: GR.colors.qualityRange, range }));
    } else {
      const sorted = [...rows].sort((a, b) => a.completeness - b.completeness);
      panels.completeness.show(O.bars(sorted.map((row) => ({ label: row.short_name, title: row.region_name, value: row.completeness, flagged: GR.isIncomplete(row) })), { format: percent }));
    }
    panels.completenessTable.showTable(completenessTable(rows));
  }

  async function renderHeatmap(scope, isCurrent) {
    const panel = panels.heatmap;
    const params = scopeParams(scope);
    const title = t('chart.heatmap.title', { parent: GR.regions.label(scope.parent), level: GR.catalog.levelName(scope.level, 'plural'), form: state.form });
    panel.describe({ title, unit: '%', notes: completenessNotes() });
    panel.setDownloads({ path: '/api/quality/completeness', params });
    const rows = await panel.load('/api/quality/completeness', params, isCurrent);
    if (rows == null) return;
    if (rows.length === 0) return panel.message(t('quality.noCompleteness'));
    panel.describe({ title, unit: '%', notes: completenessNotes(), lowCount: rows.filter(GR.isIncomplete).length });
    const regions = new Set(rows.map((row) => row.region_code)).size;
    panel.setHeight(Math.max(HEATMAP_MIN_HEIGHT, regions * HEATMAP_ROW_HEIGHT + HEATMAP_AXES_HEIGHT));
    panel.show(O.heatmap(rows));
  }

  /* ---------- quarantine ---------- */

  function messageOf(item) {
    return GR.state.lang === 'en' ? item.message_en : item.message_zh;
  }

  function ruleTable(byRule) {
    return GR.table({
      testid: 'quarantine-rules',
      rows: byRule,
      sort: { key: 'count', dir: 'desc' },
      columns: [
        { key: 'rule', label: t('column.rule'), value: (r) => r.rule, render: (r) => el('code', { text: r.rule }) },
        { key: 'field', label: t('column.field'), value: (r) => r.field, render: (r) => el('code', { text: r.field ?? '—' }) },
        { key: 'message', label: t('column.message'), value: messageOf },
        { key: 'count', label: t('column.rows'), numeric: true, value: (r) => r.count, render: (r) => F.count(r.count) },
      ],
    });
  }

  function regionTable(byRegion) {
    return GR.table({
      testid: 'quarantine-regions',
      rows: byRegion,
      sort: { key: 'count', dir: 'desc' },
      columns: [
        { key: 'region', label: t('column.region'), value: (r) => r.region_name ?? r.region_code },
        { key: 'code', label: t('column.code'), value: (r) => r.region_code, render: (r) => el('code', { text: r.region_code ?? '—' }) },
        { key: 'count', label: t('column.rows'), numeric: true, value: (r) => r.count, render: (r) => F.count(r.count) },
      ],
    });
  }

  function sampleTable(sample) {
    return GR.table({
      testid: 'quarantine-sample',
      rows: sample,
      columns: [
        { key: 'file', label: t('column.sourceFile'), value: (r) => r.source_file, render: (r) => el('code', { text: `${r.source_file}:${r.source_row}` }) },
        { key: 'region', label: t('column.code'), value: (r) => r.region_code, render: (r) => el('code', { text: r.region_code ?? '—' }) },
        { key: 'year', label: t('column.year'), numeric: true, value: (r) => r.year },
        { key: 'field', label: t('column.field'), value: (r) => r.field, render: (r) => el('code', { text: r.field ?? '—' }) },
        { key: 'value', label: t('column.rawValue'), value: (r) => r.value, render: (r) => el('code', { text: r.value ?? '∅' }) },
        { key: 'message', label: t('column.message'), value: messageOf },
      ],
    });
  }

  async function renderQuarantine(scope, isCurrent) {
    const names = { parent: GR.regions.label(scope.parent) };
    const tables = { quarantineRules: ruleTable, quarantineRegions: regionTable, quarantineSample: sampleTable };
    const keys = { quarantineRules: 'by_rule', quarantineRegions: 'by_region', quarantineSample: 'sample' };
    const all = ['quarantine', ...Object.keys(tables)];
    for (const name of all) {
      panels[name].describe({ title: t(`chart.${name}.title`, names), notes: [t('quality.quarantineNote')] });
      panels[name].loading();
    }
    let report;
    try {
      report = await GR.api.get('/api/quality/quarantine', { parent: scope.parent.code === NATION ? null : scope.parent.code });
    } catch (error) {
      if (isCurrent()) for (const name of all) panels[name].error(error);
      return;
    }
    if (!isCurrent()) return;
    const empty = report.by_rule.length === 0;
    for (const name of Object.keys(tables)) panels[name].element.hidden = empty;
    if (empty) {
      panels.quarantine.message(t('quality.noQuarantine', names));
      return;
    }
    const items = [...report.by_rule].sort((a, b) => b.count - a.count)
      .map((rule) => ({ label: messageOf(rule) || rule.rule, title: `${rule.rule} · ${rule.field ?? ''}`, value: rule.count }));
    panels.quarantine.show(O.bars(items));
    for (const [name, build] of Object.entries(tables)) {
      const rows = report[keys[name]];
      if (rows.length) panels[name].showTable(build(rows));
      else panels[name].message(t('state.empty'));
    }
  }

  /* ---------- outliers: flagged by the ETL's quality checks, never dropped ---------- */

  function outlierTable(found) {
    const indicators = new Map(GR.catalog.indicators.map((indicator) => [indicator.id, indicator]));
    const rows = found.map((o) => ({ ...o, ind: indicators.get(o.indicator) })).filter((o) => o.ind);
    return GR.table({
      testid: 'outliers',
      rows,
      sort: { key: 'score', dir: 'desc' },
      rowClass: (o) => (GR.isIncomplete(o) ? 'row-low' : null),
      columns: [
        { key: 'indicator', label: t('column.indicator'), value: (o) => localized(o.ind.name), render: (o) => GR.nav.link({}, { tab: 'compare', indicator: o.indicator, region: o.region_code, level: null }, localized(o.ind.name)) },
        { key: 'region', label: t('column.region'), value: (o) => o.region_name },
        { key: 'kind', label: t('column.kind'), value: (o) => t(`quality.kind.${o.kind}`) },
        { key: 'value', label: t('column.valueOnly'), numeric: true, value: (o) => o.value, render: (o) => F.value(o.value, o.ind) },
        { key: 'reference', label: t('column.reference'), numeric: true, value: (o) => o.reference, render: (o) => F.value(o.reference, o.ind) },
        { key: 'score', label: t('column.score'), numeric: true, value: (o) => Math.abs(o.score), render: (o) => o.score.toFixed(1) },
        { key: 'completeness', label: t('column.completeness'), numeric: true, value: (o) => o.completeness, render: (o) => F.percent(o.completeness), className: (o) => (GR.isIncomplete(o) ? 'cell-warning' : null) },
      ],
    });
  }

  /** The outlier rule's numbers and levels (catalog/quality.yaml), as the notes spell them out. */
  function outlierRule() {
    const rule = GR.catalog.quality().outliers;
    const levels = rule.levels.map((id) => GR.catalog.levelName(id, 'plural')).join(GR.state.lang === 'en' ? ', ' : '、');
    return { z: F.count(rule.z), min: F.count(rule.min_siblings), levels };
  }

  async function renderOutliers(scope, isCurrent) {
    const panel = panels.outliers;
    const names = { parent: GR.regions.label(scope.parent), level: GR.catalog.levelName(scope.level, 'plural'), year: F.year(state.year) };
    const notes = [t('quality.outlierRule', outlierRule())];
    panel.describe({ title: t('chart.outliers.title', names), notes });
    const found = await panel.load('/api/quality/outliers', { level: scope.level, year: state.year, parent: scope.parent.code }, isCurrent);
    if (found == null) return;
    if (found.length === 0) {
      panel.message(t('quality.noOutliers', { ...names, levels: outlierRule().levels }));
      return;
    }
    panel.describe({ title: t('chart.outliers.title', names), notes, lowCount: found.filter((o) => GR.isIncomplete(o)).length });
    panel.showTable(outlierTable(found));
  }

  /* ---------- page ---------- */

  async function render(isCurrent) {
    const controls = fillControls();
    let scope;
    try {
      scope = await GR.regions.scope(state.region, null);
    } catch (error) {
      if (isCurrent()) GR.pageError('quality', error);
      return;
    }
    if (!isCurrent()) return;
    GR.pageError('quality', null);
    await Promise.all([
      controls,
      renderCompleteness(scope, isCurrent),
      renderHeatmap(scope, isCurrent),
      renderQuarantine(scope, isCurrent),
      renderOutliers(scope, isCurrent),
    ]);
  }

  function mount() {
    panels.completeness = new GR.Panel('completeness', { className: 'panel-completeness' });
    panels.completenessTable = new GR.Panel('completeness-table', { kind: 'table', className: 'panel-completeness-table' });
    panels.heatmap = new GR.Panel('heatmap', { className: 'panel-wide panel-heatmap' });
    panels.quarantine = new GR.Panel('quarantine', { className: 'panel-quarantine' });
    panels.quarantineRules = new GR.Panel('quarantine-rules', { kind: 'table', className: 'panel-quarantine-rules' });
    panels.quarantineRegions = new GR.Panel('quarantine-regions', { kind: 'table' });
    panels.outliers = new GR.Panel('outliers', { kind: 'table' });
    panels.quarantineSample = new GR.Panel('quarantine-sample', { kind: 'table', className: 'panel-wide' });
    $('#quality-panels').append(...Object.values(panels).map((panel) => panel.element));
    const { bind } = GR.controls;
    bind($('#quality-form'), 'form');
    bind($('#quality-year'), 'year', Number);
    bind($('#quality-region'), 'region');
  }

  GR.pages.quality = { keys: ['form', 'year', 'region'], mount, render };
})();
