/*
 * /api/overview: one answer with every indicator's trend and targets for a region (and, for the cockpit, its
 * children's values), instead of two requests per indicator. The region and the provinces it also holds are kept
 * as the answers of /api/regions/CODE and /api/regions?parent=CN, so the scope select and the titles ask nothing more.
 */
(() => {
  'use strict';

  const { NATION } = GR.config;

  async function load(code, { children = false, year = null } = {}) {
    const answer = await GR.api.get('/api/overview', { region: code, year, children: children ? 'true' : null });
    GR.api.seed(`/api/regions/${encodeURIComponent(answer.region.code)}`, undefined, answer.region);
    GR.api.seed('/api/regions', { parent: NATION }, answer.provinces);
    return answer;
  }

  GR.overview = { load };
})();
