/* Bar charts: a ranking of regions (with the parent and the target as lines), peers, plain bars, the quick chart of a query. */
(() => {
  'use strict';

  const {
    t, escapeHtml, F, C, MARKER_LABEL, ROWS_WITHOUT_ZOOM, base, warningLine, tooltipHtml, axisMax, valueAxis, rowZoom,
  } = GR.chartKit;

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

  Object.assign(GR.chartOptions, { ranking, peers, bars, quick });
})();
