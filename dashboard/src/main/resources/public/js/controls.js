/* Form controls shared by the pages: selects filled from the catalog, bound to the URL state. */
(() => {
  'use strict';

  const { t, localized } = GR.i18n;
  const { NATION } = GR.config;

  function fill(select, options, selected) {
    select.replaceChildren(
      ...options.map(({ value, label }) => new Option(label, value ?? '', false, String(value) === String(selected))),
    );
  }

  /** Commits the select's value to the state key on change (numbers stay numbers). */
  function bind(select, key, parse = (value) => value) {
    select.addEventListener('change', () => GR.nav.commit({ [key]: parse(select.value) }));
  }

  function indicatorOptions() {
    return GR.catalog.indicators.map((indicator) => ({ value: indicator.id, label: localized(indicator.name) }));
  }

  function yearOptions(years = GR.catalog.years()) {
    return [...years].reverse().map((year) => ({ value: year, label: GR.format.year(year) }));
  }

  /** The nation, the provinces, and the current region when it is neither (reached by drilling down). */
  async function fillScope(select, current) {
    const provinces = await GR.regions.provinces().catch(() => []);
    const options = [
      { value: NATION, label: t('region.nation') },
      ...provinces.map((region) => ({ value: region.code, label: region.name })),
    ];
    if (!options.some((option) => option.value === current)) {
      const info = await GR.regions.region(current).catch(() => null);
      options.push({ value: current, label: info ? GR.regions.label(info) : current });
    }
    fill(select, options, current);
  }

  GR.controls = { fill, bind, indicatorOptions, yearOptions, fillScope };
})();
