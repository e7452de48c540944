/* Relationships and spread: two indicators as a scatter, a region's children as a box over a strip. */
(() => {
  'use strict';

  const {
    t, localized, escapeHtml, F, C, MAX_LABELLED_POINTS, base, warningLine, tooltipHtml, axisMax, shareMax, valueAxis,
  } = GR.chartKit;

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

  Object.assign(GR.chartOptions, { scatter, box });
})();
