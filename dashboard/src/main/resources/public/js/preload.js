/*
 * Loaded before the deferred scripts (not deferred itself): starts the first requests while those download and run,
 * as <link rel=preload> hints the fetches of js/app.js and js/overview-data.js then take over: the messages, who is
 * signed in, the catalog and, for the overview and the cockpit, their one data request (the URLs must be the same to the letter).
 */
(() => {
  'use strict';

  const query = new URLSearchParams(location.search);
  const lang = query.get('lang') === 'en' ? 'en' : 'zh-CN';
  const urls = [`/i18n/${lang}.json`, '/api/me', '/api/catalog'];
  const tab = query.get('tab') || (query.get('indicator') ? 'compare' : 'overview');
  const code = query.get('region') || 'CN';
  const region = new URLSearchParams({ region: code });
  if (tab === 'overview') urls.push(`/api/overview?${region}`);
  if (tab === 'cockpit') urls.push(`/api/overview?${region}&children=true`);
  if (tab === 'compare' || tab === 'quality') urls.push(`/api/regions/${encodeURIComponent(code)}`);
  for (const href of urls) {
    const link = Object.assign(document.createElement('link'), { rel: 'preload', as: 'fetch', href, crossOrigin: 'anonymous' });
    document.head.append(link);
  }
})();
