/* Data tables: a header button per column sorts the rows (keyboard-reachable, aria-sort). */
(() => {
  'use strict';

  const { el } = GR.dom;

  function compare(a, b) {
    if (a == null || b == null) return (a == null) - (b == null); // empty cells last either way
    return typeof a === 'number' && typeof b === 'number' ? a - b : String(a).localeCompare(String(b), GR.state.lang);
  }

  function cell(column, row) {
    const content = column.render ? column.render(row) : column.value(row);
    return el('td', { class: [column.numeric && 'num', column.className?.(row)].filter(Boolean).join(' ') || null }, content ?? '');
  }

  /**
   * @param columns [{key, label, value(row) for sorting, render(row) → text or node, numeric, className(row)}]
   * @param sort    initial {key, dir: 'asc'|'desc'}, or null to keep the rows' order
   */
  function table({ columns, rows, sort = null, caption = null, testid = null, rowClass = null }) {
    let current = sort;
    const head = el('thead');
    const body = el('tbody');

    function sortedRows() {
      if (!current) return rows;
      const column = columns.find((c) => c.key === current.key);
      const sign = current.dir === 'asc' ? 1 : -1;
      return [...rows].sort((a, b) => {
        const [x, y] = [column.value(a), column.value(b)];
        return x == null || y == null ? compare(x, y) : sign * compare(x, y);
      });
    }

    function headerCell(column) {
      const active = current?.key === column.key;
      const ariaSort = active ? (current.dir === 'asc' ? 'ascending' : 'descending') : null;
      const arrow = active ? (current.dir === 'asc' ? ' ▲' : ' ▼') : '';
      const button = el('button', { type: 'button', class: 'sort-button', dataset: { key: column.key }, text: column.label + arrow, onclick: () => {
        const dir = active && current.dir === 'desc' ? 'asc' : active ? 'desc' : column.numeric ? 'desc' : 'asc';
        current = { key: column.key, dir };
        draw();
        head.querySelector(`[data-key="${column.key}"]`).focus(); // the redraw replaced the focused button
      } });
      return el('th', { scope: 'col', class: column.numeric ? 'num' : null, 'aria-sort': ariaSort }, button);
    }

    function draw() {
      head.replaceChildren(el('tr', {}, columns.map(headerCell)));
      body.replaceChildren(...sortedRows().map((row) => el('tr', { class: rowClass?.(row) ?? null }, columns.map((column) => cell(column, row)))));
    }

    draw();
    return el('table', { class: 'data-table', 'data-testid': testid }, [caption ? el('caption', { text: caption }) : null, head, body]);
  }

  GR.table = table;
})();
