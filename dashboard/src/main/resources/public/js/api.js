/* The JSON API client: URLs, a response cache, bilingual errors and file downloads. */
(() => {
  'use strict';

  class RequestError extends Error {
    /** @param detail the API's bilingual {zh, en} error message, when it sent one */
    constructor(url, status, detail) {
      super(`${url}: ${status ? `HTTP ${status}` : 'network error'}`);
      this.status = status;
      this.detail = detail;
    }
  }

  /** The session's CSRF token (from /api/me): every state-changing request carries it. */
  let csrfToken = null;

  function signInPage() {
    const next = location.pathname + location.search;
    location.assign(`/login.html?next=${encodeURIComponent(next)}`);
  }

  async function send(url, init = {}) {
    let response;
    const headers = { ...(init.headers ?? {}) };
    if (init.method && init.method !== 'GET' && csrfToken) headers['X-CSRF-Token'] = csrfToken;
    try {
      response = await fetch(url, { ...init, headers, credentials: 'same-origin' });
    } catch {
      throw new RequestError(url, 0, null);
    }
    if (response.status === 401) signInPage(); // the session ended: sign in again, then come back
    if (!response.ok) {
      const body = await response.json().catch(() => null);
      throw new RequestError(url, response.status, body?.error ?? null);
    }
    return response;
  }

  async function fetchJson(url) {
    return (await send(url, { headers: { Accept: 'application/json' } })).json();
  }

  /** A query string without the parameters that are null or empty. */
  function url(path, params = {}) {
    const entries = Object.entries(params).filter(([, value]) => value != null && value !== '');
    return entries.length ? `${path}?${new URLSearchParams(entries)}` : path;
  }

  const responses = new Map();

  /** GET with a cache: responses do not change within a snapshot, so every view reuses them. */
  function get(path, params) {
    const key = url(path, params);
    if (!responses.has(key)) {
      const request = fetchJson(key);
      request.catch(() => responses.delete(key)); // a later render retries failures
      responses.set(key, request);
    }
    return responses.get(key);
  }

  /** Keeps an answer that came inside another one (e.g. /api/overview holds the region), so asking for it costs no request. */
  function seed(path, params, value) {
    const key = url(path, params);
    if (!responses.has(key)) responses.set(key, Promise.resolve(value));
  }

  /** Who is signed in: name, role, scope, authorities and the CSRF token. */
  async function me() {
    const who = await fetchJson('/api/me');
    csrfToken = who.csrf_token;
    return who;
  }

  async function signOut() {
    await send('/api/logout', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' }).catch(() => {});
    location.assign('/login.html');
  }

  async function post(path, body, method = 'POST') {
    const response = await send(path, {
      method,
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify(body),
    });
    return response.json();
  }

  /** POST multipart form data (a file upload); the browser sets the boundary. */
  async function upload(path, formData) {
    const response = await send(path, { method: 'POST', headers: { Accept: 'application/json' }, body: formData });
    return response.json();
  }

  /** The link that downloads a tabular GET endpoint as a file (format: csv or xlsx). */
  function downloadUrl(path, params, format) {
    return url(path, { ...params, format });
  }

  function fileName(response, fallback) {
    const header = response.headers.get('Content-Disposition') ?? '';
    const encoded = /filename\*=UTF-8''([^;]+)/i.exec(header);
    if (encoded) return decodeURIComponent(encoded[1]);
    return /filename="?([^";]+)"?/i.exec(header)?.[1] ?? fallback;
  }

  /** POST endpoints cannot be plain links: fetch the file and hand it to the browser. */
  async function postDownload(path, body, format) {
    const response = await send(path, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ ...body, format }),
    });
    const href = URL.createObjectURL(await response.blob());
    const link = GR.dom.el('a', { href, download: fileName(response, `query.${format}`), hidden: true });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(href), 60_000);
  }

  function errorText(error) {
    const { t, localized } = GR.i18n;
    if (error instanceof RequestError) {
      if (error.detail) return localized(error.detail);
      return error.status ? `HTTP ${error.status}` : t('state.networkError');
    }
    return error.message;
  }

  /** A page's error box and its actions: each action's error shown there, then the page redrawn. */
  function actions(errorSelector, redraw) {
    function showError(error) {
      const box = document.querySelector(errorSelector);
      box.textContent = error ? GR.api.errorText(error) : '';
      box.hidden = !error;
    }
    async function act(request) {
      try {
        await request;
        showError(null);
        await redraw();
      } catch (error) {
        showError(error);
      }
    }
    return { showError, act };
  }

  GR.api = { RequestError, actions, fetchJson, url, get, seed, post, upload, downloadUrl, postDownload, errorText, me, signOut };
})();
