/* The sign-in page: posts the name and password as JSON, then goes where the user was headed (a local path only). */
(() => {
  'use strict';

  const params = new URLSearchParams(location.search);
  /** Only a path on this server: never an open redirect to another site. */
  function next() {
    const target = params.get('next') ?? '/';
    return target.startsWith('/') && !target.startsWith('//') && !target.startsWith('/\\') ? target : '/';
  }

  function showError(text) {
    const box = document.getElementById('login-error');
    box.textContent = text;
    box.hidden = !text;
  }

  document.addEventListener('DOMContentLoaded', () => {
    if (params.get('expired')) document.getElementById('login-expired').hidden = false;
    document.getElementById('login-form').addEventListener('submit', async (event) => {
      event.preventDefault();
      showError('');
      const body = {
        name: document.getElementById('login-name').value.trim(),
        password: document.getElementById('login-password').value,
      };
      let response;
      try {
        response = await fetch('/api/login', {
          method: 'POST', credentials: 'same-origin',
          headers: { 'Content-Type': 'application/json', Accept: 'application/json' }, body: JSON.stringify(body),
        });
      } catch {
        showError('无法连接服务器 / cannot reach the server');
        return;
      }
      if (response.ok) {
        // a reporter sees no indicators: their home is the upload page
        const who = await response.json().catch(() => null);
        const reporter = who && !who.authorities?.includes('view_aggregates') && who.authorities?.includes('submit_returns');
        location.assign(reporter && next() === '/' ? '/?tab=submit' : next());
        return;
      }
      const error = (await response.json().catch(() => null))?.error;
      showError(error ? `${error.zh} / ${error.en}` : `HTTP ${response.status}`);
    });
  });
})();
