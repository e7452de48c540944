/* 报送进度: who has reported for a form and year, review (approve, return, reopen), and the publishing queue. */
(() => {
  'use strict';

  const { $, el } = GR.dom;
  const { t } = GR.i18n;
  const S = () => GR.submissions;

  const { showError, act } = GR.api.actions('#tracker-error', () => renderTracker());

  function actions(s) {
    if (!s) return [];
    const button = (action, body) => el('button', { type: 'button', class: 'button', 'data-testid': `${action}-${s.id}`,
      text: t(`tracker.${action}`), onclick: () => {
        const payload = body();
        if (payload) act(GR.api.post(`/api/submissions/${s.id}/${action}`, payload));
      } });
    const comment = (key, required) => () => {
      const text = window.prompt(t(key));
      if (text == null || (required && !text.trim())) return null;
      return { comment: text.trim() };
    };
    const out = [];
    if (s.status === 'submitted') out.push(button('approve', () => ({})), ' ', button('return', comment('tracker.returnWhy', true)));
    if (['approved', 'published'].includes(s.status)) out.push(button('reopen', comment('tracker.reopenWhy', false)));
    out.push(' ', S().problemsLink(s));
    return out;
  }

  function onTime(value) {
    if (value == null) return '';
    return value ? t('tracker.onTime') : t('tracker.late');
  }

  async function renderTracker() {
    const params = { form: $('#tracker-form-id').value, year: $('#tracker-year').value, parent: $('#tracker-parent').value.trim() };
    const data = await GR.api.fetchJson(GR.api.url('/api/submissions', params));
    $('#tracker-parent').value = data.parent;
    $('#tracker-summary').textContent = t('tracker.summary', { region: data.parent_name, covered: data.covered_units,
      expected: data.expected_units, deadline: data.deadline ?? '—' });
    const columns = ['region', 'expected', 'covered', 'status', 'submitted', 'onTime', 'locked', 'actions'];
    const head = el('tr', {}, columns.map((c) => el('th', { text: t(`tracker.col.${c}`) })));
    const rows = data.regions.map((r) => el('tr', { 'data-region': r.code, 'data-status': r.status }, [
      el('td', {}, [el('button', { type: 'button', class: 'link-button', text: `${r.name} (${r.code})`,
        onclick: () => { $('#tracker-parent').value = r.code; renderTracker().catch(showError); } })]),
      el('td', { text: String(r.expected_units) }), el('td', { text: String(r.covered_units) }),
      el('td', { text: GR.state.lang === 'en' ? r.status.replace('_', ' ') : r.status_zh }),
      el('td', { text: S().when(r.last_submission?.submitted_at) }), el('td', { text: onTime(r.on_time) }),
      el('td', { text: r.locked ? t('tracker.lockedYes') : '' }),
      el('td', {}, actions(r.last_submission)),
    ]));
    $('#tracker-regions').replaceChildren(el('table', { class: 'data-table', 'data-testid': 'tracker-regions' },
      [el('thead', {}, [head]), el('tbody', {}, rows)]));

    $('#tracker-submissions').replaceChildren(S().submissionsTable('tracker-submissions', data.submissions, actions));

    const publishing = await S().publishingLine();
    const runs = publishing.data.runs.slice(0, 5).map((r) => el('li', { text: t('publishing.run', { id: r.id, status: r.status,
      at: S().when(r.finished_at), mode: r.report?.mode ?? '', seconds: r.report?.seconds ?? '', submissions: r.submissions.join(', ') }) }));
    $('#tracker-publishing').replaceChildren(el('p', { text: publishing.text }), el('ul', {}, runs));
  }

  function mount() {
    $('#tracker-form').addEventListener('submit', (event) => {
      event.preventDefault();
      renderTracker().catch(showError);
    });
  }

  async function render() {
    await S().fillChoices($('#tracker-form-id'), $('#tracker-year'));
    if (!$('#tracker-parent').value) $('#tracker-parent').value = GR.me.scope;
    await renderTracker().catch(showError);
  }

  GR.pages.tracker = { keys: [], mount, render };
})();
