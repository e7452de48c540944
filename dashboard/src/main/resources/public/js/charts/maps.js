/* Choropleth maps of regions, named by division code (GR.maps registers the shapes). */
(() => {
  'use strict';

  const { t, escapeHtml, C, base } = GR.chartKit;

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

  Object.assign(GR.chartOptions, { choropleth });
})();
