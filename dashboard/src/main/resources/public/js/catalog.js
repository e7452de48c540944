/* What the API declares once: years, levels, plan periods, indicators, regions. */
(() => {
  'use strict';

  const { NATION } = GR.config;
  const { t, localized } = GR.i18n;

  const catalog = {
    meta: null,
    indicators: [],

    async load() {
      // One request for both (/api/catalog); kept as /api/meta's and /api/indicators' answers too.
      ({ meta: this.meta, indicators: this.indicators } = await GR.api.get('/api/catalog'));
      GR.api.seed('/api/meta', undefined, this.meta);
      GR.api.seed('/api/indicators', undefined, this.indicators);
      GR.config.COMPLETENESS_THRESHOLD = this.meta.low_completeness;
    },

    /** A level's name as the catalog declares it: `name` as a level ("省级"), `plural` inside a sentence ("省份"). */
    levelName(id, kind = 'name') {
      return localized(this.meta.level_names[id]?.[kind]) || id;
    },

    /** The quality rules (catalog/quality.yaml): default form, completeness bands, the outlier rule. */
    quality() {
      return this.meta.quality;
    },

    indicator(id) {
      return this.indicators.find((indicator) => indicator.id === id) ?? null;
    },

    /** A cited source by id; a target may cite one its indicator does not list. */
    source(id) {
      return this.indicators.flatMap((indicator) => indicator.sources).find((source) => source.id === id) ?? null;
    },

    years() {
      return this.meta.years;
    },

    latestYear() {
      return this.meta.years[this.meta.years.length - 1];
    },

    plan(id) {
      return this.meta.plans.find((plan) => plan.id === id) ?? null;
    },

    planName(id) {
      return localized(this.plan(id)?.name) || id;
    },

    /** The plan period holding the latest year of data (the "current five-year plan"). */
    currentPlan() {
      const year = this.latestYear();
      return this.meta.plans.find((plan) => plan.from <= year && year <= plan.to) ?? null;
    },

    /** The year a plan's change is measured from: the year before it starts, if there is data for it. */
    baselineYear() {
      const plan = this.currentPlan();
      const year = plan ? plan.from - 1 : this.meta.years[0];
      return this.meta.years.includes(year) ? year : this.meta.years[0];
    },

    /** The reporting forms, in the order the indicators first use them. */
    forms() {
      return [...new Set(this.indicators.map((indicator) => indicator.form).filter(Boolean))];
    },

    levelsBelow(level) {
      const { levels } = this.meta;
      return levels.slice(levels.indexOf(level) + 1);
    },
  };

  /** A region with its ancestors (/api/regions/CN is the nation). */
  function region(code) {
    return GR.api.get(`/api/regions/${encodeURIComponent(code)}`);
  }

  /** Region names come from the data in Chinese; only the nation's is translated. */
  function regionLabel(info) {
    return info.code === NATION ? t('region.nation') : info.name;
  }

  function provinces() {
    return GR.api.get('/api/regions', { parent: NATION });
  }

  /**
   * Where a region stands on its plan targets (/api/targets), its own and those it inherits from
   * the nation or an ancestor (whose division code is a prefix of its own). The catalog declares
   * which scopes have targets, so regions without any in force cost no request.
   */
  function targetStatus(indicator, code) {
    const inForce = (scope) => scope === code || scope === NATION || (code !== NATION && code.startsWith(scope));
    if (!indicator.targets.some((target) => inForce(target.scope))) return Promise.resolve([]);
    return GR.api.get('/api/targets', { indicator: indicator.id, region: code });
  }

  /** Plan targets as charts draw them: {plan, year, value, note}, from /api/targets rows. */
  function goalsFrom(targetRows) {
    return targetRows
      .map((row) => ({ plan: row.plan, year: row.year, value: row.target, note: row.note }))
      .sort((a, b) => a.year - b.year);
  }

  /** The target in force in a year: the first one due in or after it, else the last one. */
  function goalForYear(goals, year) {
    return goals.find((goal) => goal.year >= year) ?? goals[goals.length - 1] ?? null;
  }

  /**
   * Which regions a page compares for a focus region: its children at `level` (default the
   * next level down), or for a township, which has none, its siblings with it highlighted.
   */
  async function scope(code, level) {
    const focus = await region(code);
    const below = catalog.levelsBelow(focus.level);
    if (below.length) {
      return { region: focus, parent: focus, level: below.includes(level) ? level : below[0], levels: below, highlight: null };
    }
    const parent = await region(focus.parent_code);
    return { region: focus, parent, level: focus.level, levels: [focus.level], highlight: focus.code };
  }

  GR.catalog = catalog;
  GR.goals = { status: targetStatus, from: goalsFrom, forYear: goalForYear };
  GR.regions = { region, label: regionLabel, provinces, scope };
})();
