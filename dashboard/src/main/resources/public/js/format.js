/* Number and value formatting in the current language. */
(() => {
  'use strict';

  const { t, localized } = GR.i18n;

  function number(value, decimals) {
    return new Intl.NumberFormat(GR.state.lang, {
      minimumFractionDigits: decimals,
      maximumFractionDigits: decimals,
    }).format(value);
  }

  /** Counts and axis ticks: no forced decimals. */
  function count(value) {
    if (value == null) return '—';
    return new Intl.NumberFormat(GR.state.lang, { maximumFractionDigits: 2 }).format(value);
  }

  function percent(ratio, decimals = 1) {
    if (ratio == null) return '—';
    return new Intl.NumberFormat(GR.state.lang, {
      style: 'percent',
      minimumFractionDigits: decimals,
      maximumFractionDigits: decimals,
    }).format(ratio);
  }

  function isPercentUnit(indicator) {
    return indicator.unit?.zh === '%';
  }

  /** "86.1%", "3.2个"; English wants a space before word units ("3.2 persons"). */
  function withUnit(text, unit) {
    const gap = GR.state.lang === 'en' && unit && unit !== '%' ? ' ' : '';
    return text + gap + unit;
  }

  function value(v, indicator) {
    if (v == null) return t('value.none');
    return withUnit(number(v, indicator.decimals ?? 1), localized(indicator.unit));
  }

  /** A value without its unit, for bar labels and table cells under a titled unit. */
  function bare(v, indicator) {
    return v == null ? '—' : number(v, indicator.decimals ?? 1);
  }

  /** A signed difference (or a distance, unsigned); differences of percentages are percentage points. */
  function change(delta, indicator, { signed = true } = {}) {
    if (delta == null) return '—';
    const sign = !signed ? '' : delta > 0 ? '+' : delta < 0 ? '−' : '±';
    const text = sign + number(Math.abs(delta), indicator.decimals ?? 1);
    return isPercentUnit(indicator) ? t('unit.percentPoints', { value: text }) : withUnit(text, localized(indicator.unit));
  }

  function year(y) {
    return t('format.year', { year: y });
  }

  function list(items) {
    return items.join(t('list.separator'));
  }

  GR.format = { number, count, percent, value, bare, change, year, list };
})();
