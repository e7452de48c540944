/* 系统管理: users (create, role and scope, disable, reset password) and the audit log with filters. */
(() => {
  'use strict';

  const { $, el } = GR.dom;
  const { t, localized } = GR.i18n;
  let roles = [];

  const { showError, act } = GR.api.actions('#admin-error', () => renderUsers());

  function roleSelect(current) {
    const select = el('select', {}, roles.map((r) => el('option', { value: r.id, text: localized(r.name) })));
    select.value = current;
    return select;
  }

  function userRow(user) {
    const role = roleSelect(user.role);
    const scope = el('input', { value: user.scope, size: 12 });
    const save = el('button', { type: 'button', class: 'link-button', text: t('admin.save'),
      onclick: () => act(GR.api.post(`/api/admin/users/${encodeURIComponent(user.name)}`, { role: role.value, scope: scope.value })) });
    const toggle = el('button', { type: 'button', class: 'link-button', text: t(user.disabled ? 'admin.enable' : 'admin.disable'),
      onclick: () => act(GR.api.post(`/api/admin/users/${encodeURIComponent(user.name)}`, { disabled: !user.disabled })) });
    const reset = el('button', { type: 'button', class: 'link-button', text: t('admin.resetPassword'),
      onclick: () => {
        const password = window.prompt(t('admin.newPassword', { name: user.name }));
        if (password) act(GR.api.post(`/api/admin/users/${encodeURIComponent(user.name)}`, { password }));
      } });
    return el('tr', { 'data-user': user.name }, [
      el('td', { text: user.name }), el('td', {}, [role]), el('td', {}, [scope]),
      el('td', { text: user.disabled ? t('admin.disabled') : t('admin.active') }),
      el('td', {}, [save, ' ', toggle, ' ', reset]),
    ]);
  }

  async function renderUsers() {
    const users = await GR.api.fetchJson('/api/admin/users');
    const head = el('tr', {}, ['admin.name', 'admin.role', 'admin.scope', 'admin.status', 'admin.actions']
      .map((key) => el('th', { text: t(key) })));
    $('#admin-users').replaceChildren(el('table', { class: 'data-table', 'data-testid': 'admin-users' },
      [el('thead', {}, [head]), el('tbody', {}, users.map(userRow))]));
  }

  function auditParams() {
    return { user: $('#audit-user').value.trim(), action: $('#audit-action').value.trim(),
      from: $('#audit-from').value, to: $('#audit-to').value };
  }

  async function renderAudit() {
    const params = auditParams();
    $('#audit-csv').href = GR.api.downloadUrl('/api/audit', params, 'csv');
    const entries = await GR.api.fetchJson(GR.api.url('/api/audit', params));
    const columns = ['at', 'user', 'action', 'outcome', 'client', 'target', 'detail', 'rows', 'millis'];
    const head = el('tr', {}, columns.map((c) => el('th', { text: t(`admin.audit.${c}`) })));
    const rows = entries.map((e) => el('tr', {}, columns.map((c) => el('td', { text: e[c] == null ? '' : String(e[c]) }))));
    $('#admin-audit').replaceChildren(el('table', { class: 'data-table', 'data-testid': 'admin-audit' },
      [el('thead', {}, [head]), el('tbody', {}, rows)]));
  }

  function mount() {
    $('#admin-new-user').addEventListener('submit', (event) => {
      event.preventDefault();
      act(GR.api.post('/api/admin/users', {
        name: $('#new-user-name').value.trim(), role: $('#new-user-role').value,
        scope: $('#new-user-scope').value.trim(), password: $('#new-user-password').value,
      }).then(() => { $('#new-user-password').value = ''; }));
    });
    $('#admin-audit-filter').addEventListener('submit', (event) => {
      event.preventDefault();
      renderAudit().catch(showError);
    });
  }

  async function render() {
    if (!roles.length) roles = await GR.api.fetchJson('/api/admin/roles');
    $('#new-user-role').replaceChildren(...roles.map((r) => el('option', { value: r.id, text: localized(r.name) })));
    await Promise.all([renderUsers(), renderAudit()]).catch(showError);
  }

  GR.pages.admin = { keys: [], mount, render };
})();
