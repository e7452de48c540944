/* 报表上报: upload a returns file, see its check at once, download the problems marked, submit it for review. */
(() => {
  'use strict';

  const { $, el } = GR.dom;
  const { t } = GR.i18n;
  const S = () => GR.submissions;

  const { showError, act } = GR.api.actions('#submit-error', () => renderList());

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
    $('#submit-list').replaceChildren(S().submissionsTable('my-submissions', tracker.submissions,
      (s) => [submitButton(s), ' ', S().problemsLink(s)]));
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
