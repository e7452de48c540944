/* Data quality: completeness as a year × region heat map. */
(() => {
  'use strict';

  const { t, escapeHtml, F, C, base } = GR.chartKit;

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

  /** Completeness as a year × region grid; red where reporting fell short. */
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

  Object.assign(GR.chartOptions, { heatmap });
})();
