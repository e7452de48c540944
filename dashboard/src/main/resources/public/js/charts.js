/*
 * ECharts options: pure functions of the data they are given (rows from the API, an indicator
 * from the catalog). Pages fetch and pick the data; these only draw it.
 */
(() => {
  'use strict';

  const { t, localized } = GR.i18n;
  const { escapeHtml } = GR.dom;
  const F = GR.format;
  const C = GR.colors;

  // Marker labels on ranking bars sit above the plot (the y axis is inverted, so a line starts
  // at the top) and end at their line, which keeps them inside the chart near the right edge.
  const MARKER_LABEL = { position: 'start', align: 'right' };
  const ROWS_WITHOUT_ZOOM = 40;
  const MAX_LABELLED_POINTS = 40; // scatter labels beyond this only hide each other

  function base() {
    return {
      textStyle: { fontFamily: getComputedStyle(document.body).fontFamily },
      animationDurationUpdate: 300,
    };
  }

  const threshold = () => F.percent(GR.config.COMPLETENESS_THRESHOLD, 0);

  function warningLine() {
    return `<span class="tooltip-warning">${escapeHtml(t('tooltip.lowCompleteness', { threshold: threshold() }))}</span>`;
  }

  /** Tooltip of an indicator value: value, numerator/denominator, reporting units, completeness. */
  function tooltipHtml(title, row, indicator, extra = []) {
    const lines = [`<strong>${escapeHtml(title)}</strong>`];
    if (!row || row.value == null) return [...lines, escapeHtml(t('value.none'))].join('<br>');
    lines.push(`<span class="tooltip-value">${escapeHtml(F.value(row.value, indicator))}</span>`);
    lines.push(...extra.map(escapeHtml));
    lines.push(escapeHtml(t('tooltip.fraction', { numerator: F.count(row.numerator), denominator: F.count(row.denominator) })));
    if (row.expected_units != null) {
      lines.push(escapeHtml(t('tooltip.units', { reported: F.count(row.reported_units), expected: F.count(row.expected_units) })));
    }
    if (row.completeness != null) lines.push(escapeHtml(t('tooltip.completeness', { value: F.percent(row.completeness) })));
    if (GR.isIncomplete(row)) lines.push(warningLine());
    return lines.join('<br>');
  }

  /** A "round" axis maximum at or above `value`, for markers above every data value. */
  function niceCeil(value) {
    const magnitude = 10 ** Math.floor(Math.log10(value));
    const step = [1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10].find((s) => s * magnitude >= value);
    return step * magnitude;
  }

  function axisMax(dataValues, markerValues) {
    const markerMax = Math.max(...markerValues);
    return markerMax > Math.max(...dataValues) && markerMax > 0 ? niceCeil(markerMax) : null;
  }

  /** Scaled axes of a share stop at 100%, not at the next "nice" tick above it. */
  function shareMax(indicator) {
    return indicator.share ? (extent) => (extent.max <= 100 ? 100 : extent.max) : null;
  }

  function valueAxis(extra = {}) {
    return { type: 'value', axisLabel: { formatter: F.count }, splitLine: { lineStyle: { color: C.grid } }, ...extra };
  }

  /** Scrolls long lists of bars (counties, townships) instead of squeezing them. */
  function rowZoom(count) {
    if (count <= ROWS_WITHOUT_ZOOM) return [];
    return [
      { type: 'slider', yAxisIndex: 0, startValue: 0, endValue: ROWS_WITHOUT_ZOOM - 1, width: 14, right: 4, brushSelect: false, showDetail: false },
      { type: 'inside', yAxisIndex: 0, zoomOnMouseWheel: false, moveOnMouseWheel: true, moveOnMouseMove: false },
    ];
  }

  /* ---------- ranking ---------- */

  function rankingMarkers({ parent, goal }, indicator) {
    const markers = [];
    if (parent?.value != null) {
      const text = t('marker.parent', { region: parent.label, value: F.value(parent.value, indicator) });
      markers.push({ xAxis: parent.value, lineStyle: { color: C.parent }, label: { ...MARKER_LABEL, distance: 4, color: C.parent, formatter: () => text } });
    }
    if (goal) {
      const text = t('marker.target', { plan: GR.catalog.planName(goal.plan), value: F.value(goal.value, indicator) });
      // One line above the parent's label, so close values never overlap.
      markers.push({ xAxis: goal.value, lineStyle: { color: C.target }, label: { ...MARKER_LABEL, distance: 20, color: C.target, formatter: () => text } });
    }
    return markers;
  }

  function rankingBar(row, highlight) {
    const incomplete = GR.isIncomplete(row);
    let color = C.bar;
    if (row.region_code === highlight) color = C.barSelected;
    else if (incomplete) color = C.barIncomplete;
    return { value: row.value, itemStyle: incomplete ? { color, decal: GR.INCOMPLETE_DECAL } : { color } };
  }

  /** Bars of `rows` in their order, top down, with the parent's value and the target as lines. */
  function ranking(rows, { indicator, parent = null, goal = null, highlight = null, tooltipExtra = () => [] }) {
    const markers = rankingMarkers({ parent, goal }, indicator);
    const max = axisMax(rows.map((row) => row.value ?? 0), markers.map((marker) => marker.xAxis));
    const labels = rows.map((row) => (GR.isIncomplete(row) ? `⚠ ${row.short_name}` : row.short_name));
    return {
      ...base(),
      grid: { left: 8, right: rows.length > ROWS_WITHOUT_ZOOM ? 64 : 48, top: 48, bottom: 8, containLabel: true },
      tooltip: {
        trigger: 'axis',
        axisPointer: { type: 'shadow' },
        formatter: ([param]) => tooltipHtml(rows[param.dataIndex].region_name, rows[param.dataIndex], indicator, tooltipExtra(rows[param.dataIndex])),
      },
      xAxis: valueAxis({ max }),
      yAxis: {
        type: 'category',
        inverse: true, // rows come best first: the best on top
        data: labels,
        axisTick: { show: false },
        axisLabel: { interval: 0 },
      },
      dataZoom: rowZoom(rows.length),
      series: [{
        type: 'bar',
        barCategoryGap: '28%',
        barMaxWidth: 28,
        data: rows.map((row) => rankingBar(row, highlight)),
        label: { show: true, position: 'right', fontSize: 11, color: '#333', formatter: (param) => F.bare(param.value, indicator) },
        markLine: { symbol: 'none', silent: true, lineStyle: { type: 'dashed', width: 1.5 }, data: markers },
      }],
    };
  }

  /* ---------- map ---------- */

  /** visualMap needs a non-empty range even when every province has the same value. */
  function valueRange(values) {
    const present = values.filter((value) => value != null);
    const [min, max] = [Math.min(...present), Math.max(...present)];
    return min === max ? [min - 1, max + 1] : [min, max];
  }

  /**
   * Regions coloured by `valueOf(row)` on a registered map (GR.maps), whose areas are named by division code.
   * `range` fixes the colour scale instead of the data's extent.
   */
  function choropleth(rows, { map, valueOf, format, tooltip, colors = C.mapRange, range = null, highlight = null, flagged = GR.isIncomplete }) {
    const [min, max] = range ?? valueRange(rows.map(valueOf));
    return {
      ...base(),
      tooltip: { trigger: 'item', formatter: (param) => (param.data ? tooltip(param.data.row) : escapeHtml(t('value.none'))) },
      visualMap: {
        type: 'continuous', min, max, left: 0, bottom: 8, itemWidth: 12, itemHeight: 110,
        text: [format(max), format(min)], inRange: { color: colors }, calculable: false,
      },
      series: [{
        type: 'map',
        map,
        roam: false,
        selectedMode: false,
        top: 8, bottom: 8, left: 64, right: 8,
        itemStyle: { areaColor: C.noData, borderColor: '#ffffff', borderWidth: 0.8 },
        // Areas are named by code: the label shows the region's short name from the data.
        label: { show: false, formatter: (param) => param.data?.row.short_name ?? '' },
        emphasis: { label: { show: true }, itemStyle: { areaColor: C.hover } },
        data: rows.map((row) => {
          const itemStyle = {};
          if (flagged(row)) itemStyle.decal = GR.INCOMPLETE_DECAL;
          if (row.region_code === highlight) Object.assign(itemStyle, { borderColor: '#111', borderWidth: 2 });
          return { name: row.region_code, value: valueOf(row), row, itemStyle };
        }),
      }],
    };
  }

  /* ---------- trends ---------- */

  function trendPoint(row) {
    const point = { value: [row.year, row.value] };
    if (GR.isIncomplete(row)) {
      Object.assign(point, { symbol: 'emptyTriangle', symbolSize: 11, itemStyle: { color: C.warning, borderColor: C.warning } });
    }
    return point;
  }

  /** Spans of years meet half-way between years, so adjacent plan periods leave no gap. */
  function yearSpan(first, last) {
    const years = GR.catalog.years();
    return [Math.max(first - 0.5, years[0]), Math.min(last + 0.5, years[years.length - 1])];
  }

  function planBands(label = true) {
    const years = GR.catalog.years();
    return GR.catalog.meta.plans
      .filter((plan) => plan.to >= years[0] && plan.from <= years[years.length - 1])
      .map((plan, index) => {
        const [start, end] = yearSpan(plan.from, plan.to);
        return [{ name: label ? localized(plan.name) : '', xAxis: start, itemStyle: { color: C.planBands[index % 2] } }, { xAxis: end }];
      });
  }

  /** A dashed segment at the target value across the target's plan period. */
  function goalLine(goal, indicator) {
    const plan = GR.catalog.plan(goal.plan);
    const [start, end] = plan ? yearSpan(plan.from, plan.to) : yearSpan(goal.year, goal.year);
    const text = t('marker.target', { plan: GR.catalog.planName(goal.plan), value: F.value(goal.value, indicator) });
    return [{ coord: [start, goal.value], label: { formatter: () => text } }, { coord: [end, goal.value] }];
  }

  function yearAxis() {
    const years = GR.catalog.years();
    return {
      type: 'value', min: years[0], max: years[years.length - 1], minInterval: 1,
      splitLine: { show: false }, axisLabel: { hideOverlap: true, formatter: String },
    };
  }

  /** A region's values over the years, with plan periods as bands and plan targets as lines. */
  function trend(rows, goals, indicator, regionName) {
    const rowByYear = new Map(rows.map((row) => [row.year, row]));
    const max = axisMax(rows.map((row) => row.value ?? 0), goals.map((goal) => goal.value));
    return {
      ...base(),
      grid: { left: 8, right: 24, top: 32, bottom: 8, containLabel: true },
      tooltip: {
        trigger: 'axis',
        formatter: ([param]) => {
          const row = rowByYear.get(param.value[0]);
          const extra = row?.change != null ? [t('tooltip.change', { value: F.change(row.change, indicator) })] : [];
          return tooltipHtml(t('tooltip.regionYear', { region: regionName, year: F.year(param.value[0]) }), row, indicator, extra);
        },
      },
      xAxis: yearAxis(),
      yAxis: valueAxis({ max }),
      series: [{
        type: 'line',
        name: regionName,
        connectNulls: false,
        symbolSize: 7,
        lineStyle: { width: 2.5, color: C.line },
        itemStyle: { color: C.line },
        data: rows.map(trendPoint),
        markArea: { silent: true, label: { position: 'insideBottom', color: '#5b6675' }, data: planBands() },
        markLine: {
          symbol: 'none', silent: true,
          lineStyle: { type: 'dashed', width: 1.5, color: C.target },
          label: { position: 'insideStartTop', color: C.target },
          data: goals.map((goal) => goalLine(goal, indicator)),
        },
        markPoint: {
          symbol: 'diamond', symbolSize: 12, silent: true, itemStyle: { color: C.target }, label: { show: false },
          data: goals.map((goal) => ({ coord: [goal.year, goal.value] })),
        },
      }],
    };
  }

  /** A card's small trend: no axes, plan bands unlabelled, the target as a dashed line, low completeness flagged. */
  function sparkline(rows, indicator, goal) {
    const values = rows.map((row) => row.value).filter((value) => value != null);
    const lo = Math.min(...values, goal?.value ?? Infinity);
    const hi = Math.max(...values, goal?.value ?? -Infinity);
    const pad = (hi - lo) * 0.1 || 1;
    return {
      ...base(),
      animation: false,
      grid: { left: 2, right: 2, top: 6, bottom: 2 },
      tooltip: {
        trigger: 'axis',
        confine: true,
        formatter: ([param]) => escapeHtml(`${F.year(param.value[0])}: ${F.value(param.value[1], indicator)}`),
      },
      xAxis: { ...yearAxis(), show: false },
      yAxis: { type: 'value', show: false, min: lo - pad, max: hi + pad },
      series: [{
        type: 'line',
        symbol: 'none', // only points flagged for low completeness get one (their own)
        connectNulls: true, // election-year indicators have gaps; a sparkline shows the direction
        lineStyle: { width: 2, color: C.line },
        areaStyle: { color: 'rgba(18, 52, 90, 0.08)' },
        data: rows.map(trendPoint),
        markArea: { silent: true, data: planBands(false) },
        markLine: goal ? {
          symbol: 'none', silent: true, label: { show: false },
          lineStyle: { type: 'dashed', width: 1, color: C.target },
          data: [{ yAxis: goal.value }],
        } : undefined,
      }],
    };
  }

  /** Every indicator's trend for one region, as small multiples in one chart. */
  function smallMultiples(series, { columns, width }) {
    const rowsCount = Math.ceil(series.length / columns);
    const cellWidth = 100 / columns;
    const cellHeight = 100 / rowsCount;
    const option = { ...base(), title: [], grid: [], xAxis: [], yAxis: [], series: [], tooltip: { trigger: 'axis', confine: true } };
    series.forEach(({ indicator, rows }, index) => {
      const [col, row] = [index % columns, Math.floor(index / columns)];
      const left = col * cellWidth;
      const top = row * cellHeight;
      option.title.push({
        text: t('chart.smallTitle', { name: localized(indicator.name), unit: localized(indicator.unit) }), left: `${left + 1}%`, top: `${top + 1}%`,
        textStyle: { fontSize: 12, fontWeight: 600, width: (width * cellWidth) / 100 - 12, overflow: 'truncate' },
      });
      option.grid.push({ left: `${left + 2}%`, top: `${top + cellHeight * 0.28}%`, width: `${cellWidth - 5}%`, height: `${cellHeight * 0.58}%`, containLabel: true });
      option.xAxis.push({ ...yearAxis(), gridIndex: index, axisLabel: { fontSize: 10, hideOverlap: true, formatter: String } });
      option.yAxis.push({ type: 'value', gridIndex: index, scale: true, splitNumber: 2, axisLabel: { fontSize: 10, formatter: F.count }, splitLine: { lineStyle: { color: C.grid } } });
      option.series.push({
        type: 'line', name: localized(indicator.name), xAxisIndex: index, yAxisIndex: index,
        symbolSize: 4, lineStyle: { width: 2, color: C.line }, itemStyle: { color: C.line },
        data: rows.map(trendPoint),
      });
    });
    option.tooltip.formatter = (params) => params.map((param) => {
      const { indicator } = series[param.seriesIndex];
      return escapeHtml(`${param.seriesName} · ${F.year(param.value[0])}: ${F.value(param.value[1], indicator)}`);
    }).join('<br>');
    return option;
  }

  /* ---------- relationships and spread ---------- */

  /** Least-squares line through the points, drawn across their x range. */
  function fitLine(points) {
    const n = points.length;
    const mx = points.reduce((s, p) => s + p.x, 0) / n;
    const my = points.reduce((s, p) => s + p.y, 0) / n;
    const sxx = points.reduce((s, p) => s + (p.x - mx) ** 2, 0);
    if (n < 3 || sxx === 0) return [];
    const slope = points.reduce((s, p) => s + (p.x - mx) * (p.y - my), 0) / sxx;
    const xs = points.map((p) => p.x);
    const [x0, x1] = [Math.min(...xs), Math.max(...xs)];
    return [[{ coord: [x0, my + slope * (x0 - mx)] }, { coord: [x1, my + slope * (x1 - mx)] }]];
  }

  function correlationText(result) {
    const r = (value) => (value == null ? '—' : F.number(value, 2));
    return t('scatter.coefficients', { pearson: r(result.pearson), spearman: r(result.spearman), n: result.n });
  }

  /** One bubble per region (size = population), the fitted line, and r in the corner. */
  function scatter(result, xIndicator, yIndicator) {
    const points = result.points.filter((p) => p.x != null && p.y != null);
    const maxPopulation = Math.max(...points.map((p) => p.population ?? 0), 1);
    const labelled = points.length <= MAX_LABELLED_POINTS;
    return {
      ...base(),
      title: { text: correlationText(result), right: 12, top: 4, textStyle: { fontSize: 13, fontWeight: 600, color: C.line } },
      // The coefficients on the first line, the y axis name on the second, above the plot.
      grid: { left: 8, right: 64, top: 64, bottom: 28, containLabel: true },
      tooltip: {
        trigger: 'item',
        formatter: (param) => {
          const p = param.data.point;
          if (!p) return '';
          const lines = [`<strong>${escapeHtml(p.region_name)}</strong>`,
            escapeHtml(`${localized(xIndicator.name)}: ${F.value(p.x, xIndicator)}`),
            escapeHtml(`${localized(yIndicator.name)}: ${F.value(p.y, yIndicator)}`),
            escapeHtml(t('tooltip.population', { value: F.count(p.population) }))];
          if (GR.isLowCompleteness(p.completeness_x) || GR.isLowCompleteness(p.completeness_y)) lines.push(warningLine());
          return lines.join('<br>');
        },
      },
      xAxis: valueAxis({ scale: true, max: shareMax(xIndicator), name: localized(xIndicator.name), nameLocation: 'middle', nameGap: 28 }),
      yAxis: valueAxis({ scale: true, max: shareMax(yIndicator), name: localized(yIndicator.name), nameLocation: 'end', nameGap: 14, nameTextStyle: { align: 'left' } }),
      series: [{
        type: 'scatter',
        data: points.map((p) => {
          const low = GR.isLowCompleteness(p.completeness_x) || GR.isLowCompleteness(p.completeness_y);
          return {
            value: [p.x, p.y],
            point: p,
            symbolSize: 6 + 34 * Math.sqrt((p.population ?? 0) / maxPopulation),
            itemStyle: low ? { color: 'rgba(255,255,255,0.6)', borderColor: C.warning, borderWidth: 2 } : { color: 'rgba(95, 134, 184, 0.65)', borderColor: C.line },
          };
        }),
        label: { show: labelled, position: 'right', fontSize: 10, color: '#333', formatter: (param) => param.data.point.short_name },
        markLine: { symbol: 'none', silent: true, lineStyle: { color: C.parent, type: 'dashed' }, label: { show: false }, data: fitLine(points) },
      }],
    };
  }

  /** Deterministic spread of points around a box, so a redraw does not move them. */
  function jitter(index) {
    return ((index * 0.618034) % 1) * 1.2 - 0.6;
  }

  /** The spread of a region's children: box (min, quartiles, max) over a strip of every child. */
  function box(distribution, indicator, { regionName, goal }) {
    const children = distribution.children.filter((row) => row.value != null);
    const markers = [];
    if (distribution.region?.value != null) {
      const text = t('marker.parent', { region: regionName, value: F.value(distribution.region.value, indicator) });
      markers.push({ xAxis: distribution.region.value, lineStyle: { color: C.parent }, label: { position: 'end', distance: 4, formatter: () => text, color: C.parent } });
    }
    if (goal) {
      const text = t('marker.target', { plan: GR.catalog.planName(goal.plan), value: F.value(goal.value, indicator) });
      markers.push({ xAxis: goal.value, lineStyle: { color: C.target }, label: { position: 'end', distance: 18, formatter: () => text, color: C.target } });
    }
    const stats = [distribution.min, distribution.p25, distribution.median, distribution.p75, distribution.max];
    return {
      ...base(),
      grid: { left: 24, right: 32, top: 44, bottom: 8, containLabel: true },
      tooltip: { trigger: 'item' },
      // onZero would put the x axis at the strip axis' zero, through the middle of the box.
      xAxis: valueAxis({ scale: true, max: axisMax(stats, markers.map((m) => m.xAxis)) ?? shareMax(indicator), axisLine: { onZero: false } }),
      yAxis: [
        { type: 'category', data: [regionName], axisTick: { show: false }, axisLabel: { show: false } },
        { type: 'value', show: false, min: -1, max: 1 },
      ],
      series: [
        {
          type: 'boxplot',
          data: [stats],
          boxWidth: ['40%', '70%'],
          itemStyle: { color: 'rgba(95, 134, 184, 0.15)', borderColor: C.line },
          tooltip: {
            formatter: () => [
              `<strong>${escapeHtml(t('box.tooltip', { region: regionName, count: distribution.count }))}</strong>`,
              ...['max', 'p75', 'median', 'p25', 'min'].map((key) => escapeHtml(`${t(`box.${key}`)}: ${F.value(distribution[key], indicator)}`)),
            ].join('<br>'),
          },
          markLine: { symbol: 'none', silent: true, lineStyle: { type: 'dashed', width: 1.5 }, data: markers },
        },
        {
          type: 'scatter',
          yAxisIndex: 1,
          symbolSize: 7,
          data: children.map((row, index) => ({
            value: [row.value, jitter(index)],
            row,
            itemStyle: GR.isIncomplete(row) ? { color: '#fff', borderColor: C.warning, borderWidth: 1.5 } : { color: 'rgba(18, 52, 90, 0.55)' },
          })),
          tooltip: { formatter: (param) => tooltipHtml(param.data.row.region_name, param.data.row, indicator) },
        },
      ],
    };
  }

  /** The region and its peers ranked, with the group's median as a line. */
  function peers(result, indicator) {
    const rows = [result.region, ...result.peers].filter(Boolean).sort((a, b) => (a.value == null) - (b.value == null) || b.value - a.value);
    const extra = (row) => {
      const lines = [t('tooltip.population', { value: F.count(row.population) })];
      if (row.urban_share != null) lines.push(t('tooltip.urbanShare', { value: F.percent(row.urban_share) }));
      if (row.distance != null) lines.push(t('tooltip.distance', { value: F.number(row.distance, 2) }));
      return lines;
    };
    const option = ranking(rows, { indicator, highlight: result.region.region_code, tooltipExtra: extra });
    if (result.peer_median != null) {
      const text = t('marker.peerMedian', { value: F.value(result.peer_median, indicator) });
      option.series[0].markLine.data.push({ xAxis: result.peer_median, lineStyle: { color: C.parent }, label: { ...MARKER_LABEL, distance: 4, color: C.parent, formatter: () => text } });
      option.xAxis.max = axisMax(rows.map((row) => row.value ?? 0), [result.peer_median]);
    }
    return option;
  }

  /* ---------- data quality ---------- */

  /** Completeness as a year × region grid; red where reporting fell short. */
  /** The heat map's bands (catalog/quality.yaml, shares ascending): below the first, between each two, at least the last. */
  function heatmapBands(edges) {
    const colors = [C.bad, C.hover, '#9fb8d6', '#e6eef7'];
    const color = (k) => colors[Math.round((k * (colors.length - 1)) / Math.max(edges.length, 1))];
    const pct = (share) => Math.round(share * 1000) / 10;
    return edges.map((edge, k) => (k === 0
      ? { lt: pct(edge), color: color(0), label: t('heatmap.below', { value: F.percent(edge, 0) }) }
      : { gte: pct(edges[k - 1]), lt: pct(edge), color: color(k), label: t('heatmap.between', { min: F.percent(edges[k - 1], 0), max: F.percent(edge, 0) }) }))
      .concat(edges.length ? [{ gte: pct(edges[edges.length - 1]), color: color(edges.length), label: t('heatmap.atLeast', { value: F.percent(edges[edges.length - 1], 0) }) }] : []);
  }

  function heatmap(rows) {
    const years = [...new Set(rows.map((row) => row.year))].sort((a, b) => a - b);
    const regions = [...new Map(rows.map((row) => [row.region_code, row.short_name])).entries()].sort(([a], [b]) => a.localeCompare(b));
    const regionIndex = new Map(regions.map(([code], index) => [code, index]));
    const rowByCell = new Map(rows.map((row) => [`${row.region_code}/${row.year}`, row]));
    const pct = (ratio) => Math.round(ratio * 1000) / 10;
    return {
      ...base(),
      grid: { left: 8, right: 8, top: 8, bottom: 56, containLabel: true },
      tooltip: {
        formatter: (param) => {
          const row = rowByCell.get(`${regions[param.value[1]][0]}/${years[param.value[0]]}`);
          return [`<strong>${escapeHtml(t('tooltip.regionYear', { region: row.region_name, year: F.year(row.year) }))}</strong>`,
            escapeHtml(t('tooltip.completeness', { value: F.percent(row.completeness) })),
            escapeHtml(t('tooltip.units', { reported: F.count(row.reported_units), expected: F.count(row.expected_units) }))].join('<br>');
        },
      },
      xAxis: { type: 'category', data: years.map(String), splitArea: { show: true } },
      yAxis: { type: 'category', data: regions.map(([, name]) => name), inverse: true, axisLabel: { interval: 0, fontSize: 11 } },
      visualMap: {
        type: 'piecewise', orient: 'horizontal', left: 'center', bottom: 0, itemWidth: 14,
        pieces: heatmapBands(GR.catalog.quality().completeness.bands),
      },
      series: [{
        type: 'heatmap',
        data: rows.filter((row) => row.completeness != null).map((row) => [years.indexOf(row.year), regionIndex.get(row.region_code), pct(row.completeness)]),
        itemStyle: { borderColor: '#fff', borderWidth: 1 },
        emphasis: { itemStyle: { borderColor: '#111' } },
      }],
    };
  }

  /** Plain horizontal bars for `items` ({label, value, title?, flagged?}), in the given order. */
  function bars(items, { format = F.count, highlight = null } = {}) {
    return {
      ...base(),
      grid: { left: 8, right: items.length > ROWS_WITHOUT_ZOOM ? 64 : 48, top: 8, bottom: 8, containLabel: true },
      tooltip: {
        trigger: 'axis', axisPointer: { type: 'shadow' },
        formatter: ([param]) => {
          const item = items[param.dataIndex];
          const lines = [`<strong>${escapeHtml(item.title ?? item.label)}</strong>`, escapeHtml(format(item.value))];
          return (item.flagged ? [...lines, warningLine()] : lines).join('<br>');
        },
      },
      xAxis: valueAxis({ axisLabel: { formatter: (value) => format(value) } }),
      yAxis: { type: 'category', inverse: true, data: items.map((item) => (item.flagged ? `⚠ ${item.label}` : item.label)), axisTick: { show: false }, axisLabel: { interval: 0, width: 240, overflow: 'truncate' } },
      dataZoom: rowZoom(items.length),
      series: [{
        type: 'bar',
        barCategoryGap: '28%',
        barMaxWidth: 28,
        data: items.map((item) => ({
          value: item.value,
          itemStyle: item.flagged ? { color: C.barIncomplete, decal: GR.INCOMPLETE_DECAL } : { color: item.key === highlight ? C.barSelected : C.bar },
        })),
        label: { show: true, position: 'right', fontSize: 11, color: '#333', formatter: (param) => format(param.value) },
      }],
    };
  }

  /** The quick chart of a query result: one category column, one numeric column. */
  function quick(categories, values, { type, name }) {
    const long = categories.length > ROWS_WITHOUT_ZOOM;
    return {
      ...base(),
      grid: { left: 8, right: 24, top: 32, bottom: long ? 48 : 8, containLabel: true },
      tooltip: { trigger: 'axis' },
      xAxis: { type: 'category', data: categories, axisLabel: { hideOverlap: true } },
      yAxis: valueAxis({ name, nameTextStyle: { align: 'left' } }),
      dataZoom: long ? [{ type: 'slider', xAxisIndex: 0, startValue: 0, endValue: ROWS_WITHOUT_ZOOM - 1, bottom: 8, height: 18 }] : [],
      series: [{ type, name, data: values, itemStyle: { color: C.bar }, lineStyle: { color: C.line, width: 2.5 }, symbolSize: 6 }],
    };
  }

  GR.chartOptions = { tooltipHtml, ranking, choropleth, trend, sparkline, smallMultiples, scatter, box, peers, heatmap, bars, quick };
})();
