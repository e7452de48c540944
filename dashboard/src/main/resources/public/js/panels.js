/*
 * Panels: a figure with a title, unit, completeness badge, downloads, a chart (or table) area
 * with loading/empty/error messages, and footnotes (definition, source, completeness).
 * Charts are registered by name in GR.charts, which tests read as window.grassroots.charts.
 */
(() => {
  'use strict';

  const { el } = GR.dom;
  const { t, localized } = GR.i18n;

  GR.charts = {};

  // Resizes on any container size change: window resize, a tab shown, notes reflowing on a language switch.
  const resizeObserver = new ResizeObserver((entries) => {
    // Deferred to the next frame to stay out of the ResizeObserver notification loop.
    requestAnimationFrame(() => {
      for (const entry of entries) echarts.getInstanceByDom(entry.target)?.resize();
    });
  });

  /**
   * The chart named `name` in `container`, created on first use so that it is sized when
   * visible; `onCreate(chart)` binds event handlers to a new instance.
   */
  function chartIn(name, container, onCreate = null) {
    if (GR.charts[name]?.getDom() !== container) disposeChart(name);
    if (!GR.charts[name]) {
      GR.charts[name] = echarts.init(container);
      resizeObserver.observe(container);
      onCreate?.(GR.charts[name]);
    }
    return GR.charts[name];
  }

  function disposeChart(name) {
    const chart = GR.charts[name];
    if (!chart) return;
    resizeObserver.unobserve(chart.getDom());
    chart.dispose();
    delete GR.charts[name];
  }

  /** Keeps GR.charts to the charts on screen: those in a hidden page or panel are re-created when shown. */
  function disposeHiddenCharts() {
    for (const [name, chart] of Object.entries(GR.charts)) {
      if (chart.getDom().closest('[hidden]')) disposeChart(name);
    }
  }

  /** Wraps long footnotes into lines that fit `width` on a canvas. */
  function wrapText(context, text, width) {
    const lines = [];
    let line = '';
    for (const char of text) {
      if (context.measureText(line + char).width > width && line) {
        lines.push(line);
        line = '';
      }
      line += char;
    }
    if (line) lines.push(line);
    return lines;
  }

  /** A PNG of the chart with its title and unit above and its footnotes below, so the image stands alone. */
  function composePng(chart, { title, unit, notes }) {
    const scale = 2;
    const width = chart.getWidth();
    const padding = 16;
    const font = getComputedStyle(document.body).fontFamily;
    const canvas = document.createElement('canvas');
    const context = canvas.getContext('2d');
    context.font = `12px ${font}`;
    const noteLines = notes.flatMap((note) => wrapText(context, note, width - 2 * padding));
    const top = unit ? 60 : 44;
    const height = top + chart.getHeight() + padding + noteLines.length * 17;
    canvas.width = width * scale;
    canvas.height = height * scale;
    context.scale(scale, scale);
    context.fillStyle = '#ffffff';
    context.fillRect(0, 0, width, height);
    context.fillStyle = '#1d2733';
    context.font = `bold 16px ${font}`;
    context.fillText(title, padding, 28);
    context.fillStyle = '#5b6675';
    context.font = `12px ${font}`;
    if (unit) context.fillText(unit, padding, 48);
    return new Promise((resolve) => {
      const image = new Image();
      image.onload = () => {
        context.drawImage(image, 0, top, chart.getWidth(), chart.getHeight());
        noteLines.forEach((line, index) => context.fillText(line, padding, top + chart.getHeight() + padding + 12 + index * 17));
        resolve(canvas.toDataURL('image/png'));
      };
      image.src = chart.getDataURL({ type: 'png', pixelRatio: scale, backgroundColor: '#ffffff' });
    });
  }

  function safeFileName(text) {
    return text.replace(/[\\/:*?"<>|]+/g, '_').slice(0, 120);
  }

  class Panel {
    /**
     * @param name  stable name: ids panel-<name>, chart-<name>, GR.charts[name]
     * @param kind  'chart' or 'table' (a scrolling table in place of the chart)
     * @param onCreate  binds event handlers to the chart instance when it is created
     */
    constructor(name, { kind = 'chart', className = '', onCreate = null } = {}) {
      this.name = name;
      this.kind = kind;
      this.onCreate = onCreate;
      this.title = el('h3', { class: 'panel-title', id: `title-${name}` });
      this.unit = el('p', { class: 'panel-unit' });
      this.badge = el('p', { class: 'badge badge-warning', hidden: true });
      this.extra = el('div', { class: 'panel-extra' });
      this.csv = el('a', { class: 'download', 'data-testid': 'download-csv', text: 'CSV', download: '' });
      this.xlsx = el('a', { class: 'download', 'data-testid': 'download-xlsx', text: 'Excel', download: '' });
      this.png = kind === 'chart'
        ? el('button', { type: 'button', class: 'link-button', 'data-testid': 'download-png', text: 'PNG', onclick: () => this.downloadPng() })
        : null;
      this.downloads = el('p', { class: 'downloads' }, [el('span', { text: t('download.label') }), this.csv, this.xlsx, this.png]);
      this.area = kind === 'chart'
        ? el('div', { class: 'chart', id: `chart-${name}`, role: 'img' })
        : el('div', { class: 'table-scroll', id: `table-${name}`, tabindex: 0 });
      this.messageNode = el('p', { class: 'chart-message', role: 'status', hidden: true });
      this.notes = el('figcaption', { class: 'panel-notes' });
      this.element = el('figure', { class: `panel panel-${kind} ${className}`.trim(), id: `panel-${name}`, 'aria-labelledby': `title-${name}` }, [
        el('div', { class: 'panel-header' }, [this.title, el('div', { class: 'panel-meta' }, [this.unit, this.badge, this.downloads]), this.extra]),
        el('div', { class: `panel-body panel-body-${kind}` }, [this.area, this.messageNode]),
        this.notes,
      ]);
      this.setDownloads(null);
    }

    /**
     * Title, unit (an indicator's or a plain text), footnotes, and the count of values
     * flagged for low completeness.
     */
    describe({ title, indicator = null, unit = null, notes = [], lowCount = 0 }) {
      const unitText = unit ?? (indicator ? localized(indicator.unit) : '');
      this.titleText = title;
      this.title.textContent = title;
      if (this.kind === 'chart') this.area.setAttribute('aria-label', title);
      this.unit.textContent = unitText ? t('chart.unit', { unit: unitText }) : '';
      this.unit.hidden = !unitText;
      this.badge.hidden = lowCount === 0;
      this.badge.textContent = lowCount
        ? t('badge.lowCompleteness', { count: lowCount, threshold: GR.format.percent(GR.config.COMPLETENESS_THRESHOLD, 0) })
        : '';
      this.noteTexts = notes.filter(Boolean);
      this.notes.replaceChildren(...this.noteTexts.map((text) => el('span', { text })));
      this.notes.hidden = this.noteTexts.length === 0;
      this.downloads.firstChild.textContent = t('download.label');
    }

    /** Table downloads from the API: `source` is {path, params}, or null when there is none. */
    setDownloads(source) {
      for (const [link, format] of [[this.csv, 'csv'], [this.xlsx, 'xlsx']]) {
        link.hidden = !source;
        if (source) link.href = GR.api.downloadUrl(source.path, source.params, format);
      }
      this.downloads.hidden = !source && !this.png;
    }

    loading() {
      this.messageNode.textContent = t('state.loading');
      this.messageNode.classList.add('is-loading');
      this.messageNode.hidden = false;
    }

    /** Replaces the chart or table by a message (empty or error state). */
    message(text) {
      if (this.kind === 'chart') GR.charts[this.name]?.clear();
      else this.area.replaceChildren();
      this.messageNode.textContent = text;
      this.messageNode.classList.remove('is-loading');
      this.messageNode.hidden = false;
      if (this.png) this.png.disabled = true;
    }

    error(error) {
      this.message(t('state.error', { message: GR.api.errorText(error) }));
    }

    /**
     * Shows the panel loading and fetches its data: the answer, or null when the request failed (the error is then
     * shown) or the view has moved on meanwhile (nothing to draw).
     */
    async load(path, params, isCurrent) {
      this.loading();
      try {
        const data = await GR.api.get(path, params);
        return isCurrent() ? data : null;
      } catch (error) {
        if (isCurrent()) this.error(error);
        return null;
      }
    }

    show(option) {
      this.messageNode.hidden = true;
      if (this.png) this.png.disabled = false;
      const chart = chartIn(this.name, this.area, this.onCreate);
      chart.setOption(option, true);
      return chart;
    }

    /** For charts whose height follows their data (one heat-map row per region). */
    setHeight(pixels) {
      this.area.parentElement.style.minHeight = `${pixels}px`;
    }

    showTable(node) {
      this.messageNode.hidden = true;
      this.area.replaceChildren(node);
    }

    async downloadPng() {
      const chart = GR.charts[this.name];
      if (!chart) return;
      const href = await composePng(chart, { title: this.titleText ?? this.name, unit: this.unit.textContent, notes: this.noteTexts ?? [] });
      el('a', { href, download: `${safeFileName(this.titleText ?? this.name)}.png` }).click();
    }

    dispose() {
      if (this.kind === 'chart') disposeChart(this.name);
      this.element.remove();
    }
  }

  /** The footnotes every chart of an indicator carries: definition, what is counted, sources, form. */
  function indicatorNotes(indicator) {
    const notes = [t('note.definition', { text: localized(indicator.definition) })];
    if (indicator.counted) notes.push(t('note.population', { text: localized(indicator.counted) }));
    if (indicator.sources.length) {
      notes.push(t('note.source', { sources: GR.format.list(indicator.sources.map((source) => localized(source.title))) }));
    }
    if (indicator.form) notes.push(t('note.form', { form: indicator.form }));
    return notes;
  }

  /** "Reporting completeness 93.1%–100.0%" over the rows shown. */
  function completenessNote(rows) {
    const { percent } = GR.format;
    const ratios = rows.map((row) => row.completeness).filter((ratio) => ratio != null);
    if (ratios.length === 0) return null;
    const [min, max] = [Math.min(...ratios), Math.max(...ratios)];
    return percent(min) === percent(max)
      ? t('note.completeness', { value: percent(min) })
      : t('note.completenessRange', { min: percent(min), max: percent(max) });
  }

  /**
   * A page-wide error in place of the page's panels, e.g. for an unknown region in a link,
   * with a way back to the nation; `error` null clears it.
   */
  function pageError(page, error) {
    const section = document.getElementById(`page-${page}`);
    const box = section.querySelector('.page-error');
    section.classList.toggle('has-error', Boolean(error));
    box.hidden = !error;
    box.replaceChildren(...(error ? [
      t('state.error', { message: GR.api.errorText(error) }), ' ',
      GR.nav.link({}, { region: GR.config.NATION, level: null, view: null }, t('region.backToNation')),
    ] : []));
  }

  GR.Panel = Panel;
  GR.pageError = pageError;
  GR.chartIn = chartIn;
  GR.disposeChart = disposeChart;
  GR.disposeHiddenCharts = disposeHiddenCharts;
  GR.notes = { indicator: indicatorNotes, completeness: completenessNote };
})();
