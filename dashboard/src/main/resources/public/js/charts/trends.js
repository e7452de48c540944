/* Values over the years: a region's trend against plan periods and targets, sparklines, small multiples. */
(() => {
  'use strict';

  const { t, localized, escapeHtml, F, C, base, tooltipHtml, axisMax, valueAxis } = GR.chartKit;

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

  Object.assign(GR.chartOptions, { trend, sparkline, smallMultiples });
})();
