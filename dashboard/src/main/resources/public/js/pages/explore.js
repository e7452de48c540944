/*
 * 数据探索 (explore) for researchers: SQL over the documented views, with example queries,
 * the views and their columns, a results table, a quick chart, downloads and a link that
 * reopens the query (the SQL is in the URL, so the link runs it again).
 */
(() => {
  'use strict';

  const { $, el } = GR.dom;
  const { t, localized } = GR.i18n;
  const state = GR.state;
  const SHOWN_ROWS = 1000;
  const NUMERIC_TYPE = /INT|DOUBLE|FLOAT|DECIMAL|REAL|NUMERIC/i;

  const results = new Map(); // sql → Promise of the result, so tab and language switches do not re-run it
  let panel;
  let shownSql = null; // the state's SQL last put into the textarea; edits since then are kept
  let chartType = null; // 'bar' or 'line' once the reader picks one

  function runQuery(sql) {
    if (!results.has(sql)) {
      const request = GR.api.post('/api/sql', { sql });
      request.catch(() => results.delete(sql));
      results.set(sql, request);
    }
    return results.get(sql);
  }

  /** The text the user ran here. A link (?sql=) only fills the editor: it never runs SQL on its own. */
  let approvedSql = null;

  function submit() {
    const sql = $('#sql-input').value.trim();
    if (!sql) return;
    approvedSql = sql;
    if (sql === state.sql) {
      results.delete(sql); // running the same text again means "fetch fresh"
      GR.nav.refresh();
    } else {
      GR.nav.commit({ sql });
    }
  }

  /* ---------- side bar ---------- */

  async function renderExamples() {
    const list = $('#sql-examples');
    try {
      const examples = await GR.api.get('/api/sql/examples');
      list.replaceChildren(...examples.map((example) => el('li', {}, el('button', {
        type: 'button',
        class: 'link-button example',
        text: localized(example.title),
        title: example.sql,
        onclick: () => GR.nav.commit({ sql: example.sql }),
      }))));
    } catch (error) {
      list.replaceChildren(el('li', { class: 'muted', text: t('state.error', { message: GR.api.errorText(error) }) }));
    }
  }

  function viewEntry(view) {
    const columns = el('ul', { class: 'column-list' }, view.columns.map((column) => el('li', {}, [el('code', { text: column.name }), ' ', el('span', { class: 'muted', text: column.type })])));
    const insert = el('button', {
      type: 'button',
      class: 'link-button',
      text: t('explore.tryView'),
      onclick: () => {
        $('#sql-input').value = `SELECT *\nFROM ${view.name}\nLIMIT 100`;
        $('#sql-input').focus();
      },
    });
    return el('details', { class: 'view-entry' }, [
      el('summary', {}, [el('code', { text: view.name })]),
      el('p', { class: 'view-description', text: localized(view.description) }),
      columns,
      insert,
    ]);
  }

  async function renderViews() {
    const box = $('#sql-views');
    try {
      const views = await GR.api.get('/api/sql/views');
      box.replaceChildren(...views.map(viewEntry));
    } catch (error) {
      box.replaceChildren(el('p', { class: 'muted', text: t('state.error', { message: GR.api.errorText(error) }) }));
    }
  }

  /* ---------- results ---------- */

  function isNumeric(column) {
    return NUMERIC_TYPE.test(column.type);
  }

  function cellText(value) {
    if (value == null) return el('span', { class: 'muted', text: 'NULL' });
    return typeof value === 'object' ? JSON.stringify(value) : String(value);
  }

  function resultTable(result) {
    const rows = result.rows.slice(0, SHOWN_ROWS);
    return GR.table({
      testid: 'sql-results',
      rows,
      columns: result.columns.map((column, index) => ({
        key: String(index),
        label: column.name,
        numeric: isNumeric(column),
        value: (row) => row[index],
        render: (row) => cellText(row[index]),
      })),
    });
  }

  /** The first text column against the first numeric one; without a text column, the first column. */
  function chartColumns(columns) {
    const category = columns.findIndex((column) => !isNumeric(column));
    const categoryIndex = category >= 0 ? category : 0;
    const valueIndex = columns.findIndex((column, index) => index !== categoryIndex && isNumeric(column));
    return valueIndex >= 0 ? { categoryIndex, valueIndex } : null;
  }

  function renderChart(result) {
    panel.describe({ title: t('chart.sql.title'), notes: [t('explore.chartNote')] });
    const picked = chartColumns(result.columns);
    if (result.rows.length === 0) return panel.message(t('explore.noRows'));
    if (!picked) return panel.message(t('explore.noChart'));
    const { categoryIndex, valueIndex } = picked;
    const category = result.columns[categoryIndex];
    const value = result.columns[valueIndex];
    const type = chartType ?? (/year|年/i.test(category.name) ? 'line' : 'bar');
    $('#sql-chart-type').value = type;
    panel.describe({
      title: t('chart.sql.titleColumns', { value: value.name, category: category.name }),
      notes: [t('explore.chartNote')],
    });
    panel.show(GR.chartOptions.quick(
      result.rows.map((row) => String(row[categoryIndex])),
      result.rows.map((row) => row[valueIndex]),
      { type, name: value.name },
    ));
  }

  /** The API's own message already says that the query failed (and why); others get that said. */
  function failureText(error) {
    return error.detail ? GR.api.errorText(error) : t('explore.failed', { message: GR.api.errorText(error) });
  }

  function statusText(result) {
    const parts = [t('explore.status', { rows: GR.format.count(result.row_count), ms: GR.format.count(result.elapsed_ms) })];
    if (result.truncated) parts.push(t('explore.truncated'));
    if (result.rows.length > SHOWN_ROWS) parts.push(t('explore.shown', { rows: GR.format.count(SHOWN_ROWS) }));
    return parts.join(' ');
  }

  function showIdle() {
    $('#sql-status').textContent = state.sql ? t('explore.linkOnly') : t('explore.idle');
    $('#sql-results-box').replaceChildren();
    panel.describe({ title: t('chart.sql.title'), notes: [t('explore.chartNote')] });
    panel.message(t('explore.idle'));
  }

  /** Downloads re-run the query on the server, so they are offered only for a query that ran. */
  function enableDownloads(enabled) {
    for (const button of document.querySelectorAll('#sql-downloads button')) button.disabled = !enabled;
  }

  async function renderResult(isCurrent) {
    enableDownloads(false);
    if (!state.sql || state.sql !== approvedSql) return showIdle();
    $('#sql-status').textContent = t('explore.running');
    panel.describe({ title: t('chart.sql.title'), notes: [t('explore.chartNote')] });
    panel.loading();
    let result;
    try {
      result = await runQuery(state.sql);
    } catch (error) {
      if (!isCurrent()) return;
      const text = failureText(error);
      $('#sql-status').textContent = text;
      $('#sql-results-box').replaceChildren(el('p', { class: 'sql-error', role: 'alert', text }));
      panel.message(text);
      return;
    }
    if (!isCurrent()) return;
    enableDownloads(true);
    $('#sql-status').textContent = statusText(result);
    $('#sql-results-box').replaceChildren(resultTable(result));
    renderChart(result);
  }

  async function render(isCurrent) {
    const input = $('#sql-input');
    if (state.sql !== shownSql) {
      input.value = state.sql;
      shownSql = state.sql;
    }
    $('#sql-link').href = GR.nav.href({ tab: 'explore', sql: state.sql });
    $('#sql-link').hidden = !state.sql;
    await Promise.all([renderExamples(), renderViews(), renderResult(isCurrent)]);
  }

  async function download(format) {
    try {
      await GR.api.postDownload('/api/sql', { sql: state.sql }, format);
    } catch (error) {
      $('#sql-status').textContent = failureText(error);
    }
  }

  function chartTypeField() {
    const select = el('select', { id: 'sql-chart-type' }, [
      el('option', { value: 'bar', 'data-i18n': 'explore.bar' }),
      el('option', { value: 'line', 'data-i18n': 'explore.line' }),
    ]);
    select.addEventListener('change', () => {
      chartType = select.value;
      GR.nav.refresh();
    });
    return el('div', { class: 'field field-inline' }, [el('label', { for: 'sql-chart-type', 'data-i18n': 'explore.chartType' }), select]);
  }

  function mount() {
    panel = new GR.Panel('sql', { className: 'panel-sql' });
    panel.extra.append(chartTypeField());
    $('#explore-panels').append(panel.element);
    $('#sql-form').addEventListener('submit', (event) => {
      event.preventDefault();
      submit();
    });
    $('#sql-input').addEventListener('keydown', (event) => {
      if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
        event.preventDefault();
        submit();
      }
    });
    for (const button of document.querySelectorAll('#sql-downloads button')) {
      button.addEventListener('click', () => download(button.dataset.format));
    }
  }

  GR.pages.explore = { keys: ['sql'], mount, render };
})();
