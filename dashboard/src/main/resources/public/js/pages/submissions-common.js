/* What the upload page and the tracker share: form and year choices, a submission's row, the publishing line. */
(() => {
  'use strict';

  const { el } = GR.dom;
  const { t, localized } = GR.i18n;
  let forms = null;

  /** Fills a form and a year select (the years the catalog knows, the latest first) once. */
  async function fillChoices(formSelect, yearSelect) {
    forms ??= await GR.api.get('/api/forms');
    if (!formSelect.options.length) {
      formSelect.replaceChildren(...forms.map((f) => el('option', { value: f.id, text: `${f.id} ${localized(f.name)}` })));
    }
    if (!yearSelect.options.length) {
      const first = GR.catalog.meta.first_year ?? 2011;
      const last = new Date().getFullYear();
      const years = [];
      for (let y = last; y >= first; y -= 1) years.push(y);
      yearSelect.replaceChildren(...years.map((y) => el('option', { value: String(y), text: String(y) })));
      yearSelect.value = String(last - 1); // a year's returns are due the following spring
    }
  }

  function status(s) {
    return GR.state.lang === 'en' ? s.status.replace('_', ' ') : (s.status_zh ?? s.status);
  }

  function when(value) {
    return value ? String(value).replace('T', ' ').slice(0, 16) : '';
  }

  function problemsLink(s) {
    return s.rejected > 0
      ? el('a', { href: `/api/submissions/${s.id}/problems?format=xlsx`, download: '', 'data-testid': `problems-${s.id}`, text: t('submit.problemsXlsx') })
      : null;
  }

  /** The publishing queue in one line: waiting, running with its stage, the last run. */
  async function publishingLine() {
    const p = await GR.api.fetchJson('/api/publishing');
    const parts = [t('publishing.queue', { count: p.queue.length })];
    if (p.running) parts.push(t('publishing.running', { stage: p.running.stage ?? '' }));
    const last = p.runs[0];
    if (last) parts.push(t('publishing.last', { status: last.status, at: when(last.finished_at) }));
    return { text: parts.join(' · '), data: p };
  }

  /** A problems table: row, field, rule, value and the reason in the page's language. */
  function problemsTable(problems) {
    const columns = ['row', 'field', 'rule', 'value', 'message'];
    const head = el('tr', {}, columns.map((c) => el('th', { text: t(`submit.problem.${c}`) })));
    const rows = problems.map((p) => el('tr', {}, [
      el('td', { text: String(p.row) }), el('td', { text: p.field }), el('td', { text: p.rule }),
      el('td', { text: p.value ?? '' }), el('td', { text: GR.state.lang === 'en' ? p.message_en : p.message_zh }),
    ]));
    return el('table', { class: 'data-table', 'data-testid': 'problems' }, [el('thead', {}, [head]), el('tbody', {}, rows)]);
  }

  /** The submissions table both pages show, with each row's actions. */
  function submissionsTable(testid, submissions, actionsOf) {
    const columns = ['id', 'file', 'region', 'status', 'rows', 'rejected', 'created', 'comment', 'actions'];
    const head = el('tr', {}, columns.map((c) => el('th', { text: t(`submit.col.${c}`) })));
    const rows = submissions.map((s) => el('tr', { 'data-submission': String(s.id), 'data-status': s.status }, [
      el('td', { text: String(s.id) }), el('td', { text: s.file_name }), el('td', { text: s.region_name }),
      el('td', { text: status(s) }), el('td', { text: String(s.rows) }), el('td', { text: String(s.rejected) }),
      el('td', { text: when(s.created_at) }), el('td', { text: s.comment ?? '' }), el('td', {}, actionsOf(s)),
    ]));
    return el('table', { class: 'data-table', 'data-testid': testid }, [el('thead', {}, [head]), el('tbody', {}, rows)]);
  }

  GR.submissions = { submissionsTable, fillChoices, status, when, problemsLink, publishingLine, problemsTable };
})();
