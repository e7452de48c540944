/*
 * 总览 (overview) for leadership: one card per indicator for the nation or one province (latest
 * value, change over the current five-year plan, target and whether it is on track, sparkline),
 * then the trend of every indicator that has a plan target in scope, against its targets.
 */
(() => {
  'use strict';

  const { $, el } = GR.dom;
  const { t, localized } = GR.i18n;
  const F = GR.format;
  const state = GR.state;
  // /api/targets' status (its `rule` says how): achieved / basically_achieved / missed once the
  // target year has data, on_track / off_track on the trend before it, no_trend with one year, no_data.
  const STATUSES = ['achieved', 'basically_achieved', 'missed', 'on_track', 'off_track', 'no_trend', 'no_data'];

  let goalPanels = [];

  function latestRow(rows) {
    return [...rows].reverse().find((row) => row.value != null) ?? null;
  }

  /** The target a card shows: the next one due from the latest data year, else the last one past. */
  function featuredTarget(targets, year) {
    const sorted = [...targets].sort((a, b) => a.year - b.year);
    return sorted.find((target) => target.year >= year) ?? sorted[sorted.length - 1] ?? null;
  }

  function isImprovement(delta, indicator) {
    return indicator.direction === 'lower_is_better' ? delta < 0 : delta > 0;
  }

  function changeLine(rows, indicator, latest) {
    const baseYear = GR.catalog.baselineYear();
    const base = rows.find((row) => row.year === baseYear);
    if (base?.value == null || latest.year === baseYear) {
      return el('p', { class: 'card-change', text: t('overview.noChange', { year: F.year(baseYear) }) });
    }
    const delta = latest.value - base.value;
    const trend = delta === 0 ? 'flat' : isImprovement(delta, indicator) ? 'better' : 'worse';
    // The summary line names the base year; the tooltip repeats it.
    const since = t('overview.since', { year: F.year(baseYear) });
    return el('p', { class: `card-change change-${trend}`, title: `${F.change(delta, indicator)} ${since}` }, [
      el('span', { class: 'change-value', text: F.change(delta, indicator) }),
    ]);
  }

  function targetLine(target, indicator) {
    if (!target) return el('p', { class: 'card-target muted', text: t('overview.noTarget') });
    const status = STATUSES.includes(target.status) ? target.status : 'no_data';
    const ahead = status === 'on_track' || status === 'off_track';
    let title = null;
    if (ahead) title = t('overview.projected', { value: F.value(target.projected_value, indicator), year: F.year(target.year) });
    else if (target.gap > 0) title = t('overview.gap', { value: F.change(target.gap, indicator, { signed: false }), year: F.year(target.latest_year) });
    if (target.rule) title = title ? `${title}\n${localized(target.rule)}` : localized(target.rule);
    return el('p', { class: 'card-target', title }, [
      el('span', { text: t('overview.target', { plan: GR.catalog.planName(target.plan), value: F.value(target.target, indicator), year: F.year(target.year) }) }),
      target.inherited ? el('span', { class: 'muted', text: t('overview.inherited') }) : null,
      ' ',
      el('span', { class: `status status-${status}`, text: t(`status.${status}`) }),
    ]);
  }

  function cardShell(indicator, noteNumber) {
    const link = GR.nav.link({ class: 'card-link' }, { tab: 'compare', indicator: indicator.id }, localized(indicator.name));
    const body = el('div', { class: 'card-body' }, el('p', { class: 'card-message', text: t('state.loading') }));
    const spark = el('div', { class: 'card-spark', id: `chart-overview-${indicator.id}`, role: 'img', 'aria-label': localized(indicator.name) });
    const card = el('article', { class: 'card', id: `card-${indicator.id}`, 'aria-labelledby': `card-title-${indicator.id}` }, [
      el('h3', { class: 'card-title', id: `card-title-${indicator.id}` }, [link, el('sup', { class: 'note-ref', text: noteNumber })]),
      body,
      spark,
    ]);
    return { card, body, spark };
  }

  function fillCard(parts, indicator, rows, targets) {
    const latest = latestRow(rows);
    if (!latest) {
      parts.body.replaceChildren(el('p', { class: 'card-message', text: t('state.emptyTrend') }));
      return;
    }
    const target = featuredTarget(targets, latest.year);
    const low = GR.isIncomplete(latest);
    parts.card.classList.toggle('card-low', low);
    const lines = [
      el('p', { class: 'card-value' }, [
        el('strong', { text: F.bare(latest.value, indicator) }),
        el('span', { class: 'card-unit', text: localized(indicator.unit) }),
        // The summary line names the latest year; only a value from an earlier year says so.
        latest.year === GR.catalog.latestYear() ? null : el('span', { class: 'card-year', text: F.year(latest.year) }),
      ]),
      changeLine(rows, indicator, latest),
      targetLine(target, indicator),
      low ? el('p', { class: 'card-flag', title: t('tooltip.lowCompleteness', { threshold: F.percent(GR.config.COMPLETENESS_THRESHOLD, 0) }), text: t('overview.lowCompleteness', { value: F.percent(latest.completeness) }) }) : null,
    ];
    parts.body.replaceChildren(...lines.filter(Boolean));
    const goal = target ? { plan: target.plan, year: target.year, value: target.target } : null;
    GR.chartIn(`overview-${indicator.id}`, parts.spark).setOption(GR.chartOptions.sparkline(rows, indicator, goal), true);
  }

  /** The indicator's trend and targets, from the one /api/overview answer that holds every indicator's. */
  function indicatorData(overview, indicator) {
    const entry = overview.indicators.find((item) => item.id === indicator.id);
    return entry ? Promise.resolve([entry.trend, entry.targets]) : Promise.reject(new Error(indicator.id));
  }

  function goalNote(goals, indicator) {
    const items = goals.map((goal) => {
      const text = t('note.target', { plan: GR.catalog.planName(goal.plan), year: F.year(goal.year), value: F.value(goal.value, indicator) });
      return goal.note ? t('note.targetWithNote', { target: text, note: localized(goal.note) }) : text;
    });
    return t('note.targets', { targets: F.list(items) });
  }

  function goalPanel(indicator, rows, targets, regionName) {
    const panel = new GR.Panel(`goal-${indicator.id}`, { className: 'panel-goal' });
    const goals = GR.goals.from(targets);
    const years = GR.catalog.years();
    panel.describe({
      title: t('chart.trend.title', { indicator: localized(indicator.name), region: regionName, from: years[0], to: years[years.length - 1] }),
      indicator,
      notes: [...GR.notes.indicator(indicator), goalNote(goals, indicator), GR.notes.completeness(rows)],
      lowCount: rows.filter(GR.isIncomplete).length,
    });
    panel.setDownloads({ path: '/api/trend', params: { indicator: indicator.id, region: state.region } });
    return { panel, show: () => panel.show(GR.chartOptions.trend(rows, goals, indicator, regionName)) };
  }

  function footnote(indicator) {
    const sources = t('note.source', { sources: F.list(indicator.sources.map((source) => localized(source.title))) });
    return el('li', { text: t('overview.footnote', { name: localized(indicator.name), definition: localized(indicator.definition), sources }) });
  }

  /** 下载评估报告: the five-year review of the region for the current plan, as PDF or Word. */
  function reportLinks(plan) {
    const params = { region: state.region, plan: plan?.id ?? '' };
    $('#overview-report').href = GR.api.downloadUrl('/api/report', params, 'pdf');
    $('#overview-report-docx').href = GR.api.downloadUrl('/api/report', params, 'docx');
  }

  function clear() {
    for (const panel of goalPanels) panel.dispose();
    goalPanels = [];
    for (const indicator of GR.catalog.indicators) GR.disposeChart(`overview-${indicator.id}`);
  }

  async function render(isCurrent) {
    clear();
    const indicators = GR.catalog.indicators;
    let overview;
    try {
      overview = await GR.overview.load(state.region);
    } catch (error) {
      if (isCurrent()) GR.pageError('overview', error);
      return;
    }
    if (!isCurrent()) return;
    const info = overview.region;
    GR.controls.fillScope($('#overview-region'), state.region);
    GR.pageError('overview', null);
    const regionName = GR.regions.label(info);
    const plan = GR.catalog.currentPlan();
    $('#overview-summary').textContent = t('overview.summary', {
      region: regionName,
      year: F.year(GR.catalog.latestYear()),
      base: F.year(GR.catalog.baselineYear()),
      plan: plan ? localized(plan.name) : '',
    });
    $('#overview-notes').replaceChildren(...indicators.map(footnote));
    reportLinks(plan);

    const shells = indicators.map((indicator, index) => cardShell(indicator, String(index + 1)));
    $('#overview-cards').replaceChildren(...shells.map((parts) => parts.card));
    const goals = $('#overview-goals');
    goals.replaceChildren(el('p', { class: 'section-message', text: t('state.loading') }));

    const results = await Promise.all(indicators.map((indicator, index) => indicatorData(overview, indicator)
      .then(([rows, targets]) => {
        if (isCurrent()) fillCard(shells[index], indicator, rows, targets);
        return { indicator, rows, targets };
      })
      .catch((error) => {
        if (isCurrent()) shells[index].body.replaceChildren(el('p', { class: 'card-message', text: t('state.error', { message: GR.api.errorText(error) }) }));
        return null;
      })));
    if (!isCurrent()) return;

    const withTargets = results.filter((result) => result?.targets.length && result.rows.some((row) => row.value != null));
    if (withTargets.length === 0) {
      goals.replaceChildren(el('p', { class: 'section-message', text: t('overview.noGoals', { region: regionName }) }));
      return;
    }
    const built = withTargets.map(({ indicator, rows, targets }) => goalPanel(indicator, rows, targets, regionName));
    goalPanels = built.map((item) => item.panel);
    goals.replaceChildren(...goalPanels.map((panel) => panel.element));
    for (const item of built) item.show();
  }

  function mount() {
    GR.controls.bind($('#overview-region'), 'region');
  }

  GR.pages.overview = { keys: ['region'], mount, render };
})();
