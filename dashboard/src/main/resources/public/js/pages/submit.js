/* 报表上报: upload a returns file, see its check at once, download the problems marked, submit it for review. */
(() => {
  'use strict';

  const { $, el } = GR.dom;
  const { t } = GR.i18n;
  const S = () => GR.submissions;

  function showError(error) {
    const box = $('#submit-error');
    box.textContent = error ? GR.api.errorText(error) : '';
    box.hidden = !error;
  }

  async function act(request) {
    try {
      await request;
      showError(null);
      await renderList();
    } catch (error) {
      showError(error);
    }
  }

  function submitButton(s) {
    return ['checked', 'returned'].includes(s.status)
      ? el('button', { type: 'button', class: 'button', 'data-testid': `submit-${s.id}`, text: t('submit.send'),
        onclick: () => act(GR.api.post(`/api/submissions/${s.id}/submit`, {})) })
      : null;
  }

  function showResult(r) {
    const summary = t('submit.checked', { rows: r.rows, accepted: r.accepted, rejected: r.rejected, millis: r.check_millis });
    const listed = r.problems.length < r.problems_total ? t('submit.firstProblems', { shown: r.problems.length, total: r.problems_total }) : '';
    $('#submit-result').replaceChildren(
      el('p', { class: r.rejected ? 'result-warning' : 'result-ok', 'data-testid': 'submit-summary', text: summary }),
      el('p', {}, [S().problemsLink(r), ' ', submitButton(r)]),
      r.problems.length ? el('p', { class: 'hint', text: listed }) : null,
      r.problems.length ? el('div', { class: 'table-scroll' }, [S().problemsTable(r.problems)]) : null,
    );
  }

  async function renderList() {
    const form = $('#submit-form-id').value, year = $('#submit-year').value;
    const [tracker, publishing] = await Promise.all([
      GR.api.fetchJson(GR.api.url('/api/submissions', { form, year })), S().publishingLine()]);
    $('#submit-publishing').textContent = publishing.text;
    const columns = ['id', 'file', 'region', 'status', 'rows', 'rejected', 'created', 'comment', 'actions'];
    const head = el('tr', {}, columns.map((c) => el('th', { text: t(`submit.col.${c}`) })));
    const rows = tracker.submissions.map((s) => el('tr', { 'data-submission': String(s.id), 'data-status': s.status }, [
      el('td', { text: String(s.id) }), el('td', { text: s.file_name }), el('td', { text: s.region_name }),
      el('td', { text: S().status(s) }), el('td', { text: String(s.rows) }), el('td', { text: String(s.rejected) }),
      el('td', { text: S().when(s.created_at) }), el('td', { text: s.comment ?? '' }),
      el('td', {}, [submitButton(s), ' ', S().problemsLink(s)]),
    ]));
    $('#submit-list').replaceChildren(el('table', { class: 'data-table', 'data-testid': 'my-submissions' },
      [el('thead', {}, [head]), el('tbody', {}, rows)]));
  }

  function mount() {
    $('#submit-form').addEventListener('submit', async (event) => {
      event.preventDefault();
      const data = new FormData();
      data.append('form', $('#submit-form-id').value);
      data.append('year', $('#submit-year').value);
      data.append('file', $('#submit-file').files[0]);
      $('#submit-upload').disabled = true;
      try {
        const result = await GR.api.upload('/api/submissions', data);
        showError(null);
        showResult(result);
        await renderList();
      } catch (error) {
        $('#submit-result').replaceChildren();
        showError(error);
      } finally {
        $('#submit-upload').disabled = false;
      }
    });
    for (const id of ['#submit-form-id', '#submit-year']) $(id).addEventListener('change', () => renderList().catch(showError));
  }

  async function render() {
    await S().fillChoices($('#submit-form-id'), $('#submit-year'));
    await renderList().catch(showError);
  }

  GR.pages.submit = { keys: [], mount, render };
})();
