/*
 * ECharts options: pure functions of the data they are given (rows from the API, an indicator
 * from the catalog). Pages fetch and pick the data; these only draw it. This file holds what every
 * chart family shares (GR.chartKit: tooltips, axes, zoom); js/charts/*.js add their charts to
 * GR.chartOptions, one file per family.
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

  GR.chartKit = {
    t, localized, escapeHtml, F, C,
    MARKER_LABEL, ROWS_WITHOUT_ZOOM, MAX_LABELLED_POINTS,
    base, warningLine, tooltipHtml, axisMax, shareMax, valueAxis, rowZoom,
  };
  GR.chartOptions = { tooltipHtml };
})();
