#!/usr/bin/env node
// Sensitivity of the detection figures to each fixed constant (libs/config/src/detection-constants.ts):
// every numeric constant at ×0.7 and ×1.3, NAB per category and KPI, against the defaults.
// usage: node scripts/eval/sensitivity.js NAB_DATA_DIR KPI_DATA_DIR [constant ...]   (needs `npm run build`)
// NAB_DATA_DIR as for eval:nab (…/nab/data), KPI_DATA_DIR as for eval:kpi (…/kpi/data).
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawnSync } = require('node:child_process');
const DIST = path.resolve(__dirname, '../../dist/apps/api/libs');
const { DETECTION } = require(path.join(DIST, 'config/src/detection-constants.js'));
const { ServiceDetector } = require(path.join(DIST, 'health/src/engine/service-detector.js'));
const { loadConfig } = require(path.join(DIST, 'config/src/load-config.js'));
const [nabDir, kpiDir, ...only] = process.argv.slice(2).map((p, i) => (i < 2 ? path.resolve(p) : p));
const config = loadConfig({});
const walk = (d) => fs.readdirSync(d, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(d, e.name)) : e.name.endsWith('.csv') ? [path.join(d, e.name)] : []));
const series = (dir) => walk(dir).sort().map((file) => ({ key: path.relative(dir, file).split(path.sep).join('/'), rows: fs.readFileSync(file, 'utf8').trim().split('\n').slice(1).map((l) => { const [ts, v] = l.split(','); return [Date.parse(ts.replace(' ', 'T') + (ts.includes('Z') ? '' : 'Z')), Number(v)]; }) }));
const nab = series(nabDir);
const kpi = series(kpiDir);
const iso = (ms) => new Date(ms).toISOString();

function run(list, onTransition) {
  for (const { key, rows } of list) {
    const d = new ServiceDetector(config);
    rows.forEach(([t, v], i) => { const tr = d.observe(i + 1, t, v, 0); if (tr) onTransition(key, tr); });
  }
}
function nabScores() {
  const alarms = {};
  run(nab, (key, tr) => { if (tr.to === 'DRIFT_DETECTED') (alarms[key] ??= []).push(iso(tr.timeMs).replace('T', ' ').replace('.000Z', '')); });
  const file = path.join(os.tmpdir(), 'dw-sens-alarms.json');
  fs.writeFileSync(file, JSON.stringify(alarms));
  const out = {};
  for (const group of ['artificialWithAnomaly', 'realAWSCloudwatch', 'realAdExchange', 'realTraffic', '']) {
    const r = spawnSync('python3', [path.join(nabDir, '..', 'nab_score.py'), file, '--data', nabDir, ...(group ? ['--files', group + '/'] : [])], { encoding: 'utf8' });
    const m = /standard=(-?[\d.]+)/.exec(r.stdout);
    out[group || 'NAB all'] = m ? Number(m[1]) : NaN;
  }
  return out;
}
function kpiScores() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dw-sens-kpi-'));
  const files = {};
  run(kpi, (key, tr) => { (files[key] ??= []).push(JSON.stringify({ timestamp: iso(tr.timeMs), from: tr.from, to: tr.to, reason: tr.reason })); });
  for (const { key } of kpi) fs.writeFileSync(path.join(dir, key.split('/').join('__') + '.jsonl'), (files[key] ?? []).join('\n') + '\n');
  const r = spawnSync('python3', [path.join(kpiDir, '..', 'kpi_score.py'), kpiDir, path.join(kpiDir, '..', 'labels', 'segments.json'), dir], { encoding: 'utf8' });
  fs.rmSync(dir, { recursive: true, force: true });
  const f1 = /event_f1=([\d.]+)/.exec(r.stdout);
  const fa = /fa_per_10k=([\d.]+)/.exec(r.stdout);
  return { 'KPI event F1': f1 ? Number(f1[1]) : NaN, 'KPI false/10k': fa ? Number(fa[1]) : NaN };
}
const measure = () => ({ ...nabScores(), ...kpiScores() });
const rows = [];
rows.push({ constant: '(defaults)', factor: 1, ...measure() });
const skip = new Set(['dailySlots', 'weeklySlots', 'maxAutocorrelation']);
for (const [name, value] of Object.entries(DETECTION)) {
  if (typeof value !== 'number' || skip.has(name) || (only.length && !only.includes(name))) continue;
  for (const factor of [0.7, 1.3]) {
    let v = value * factor;
    if (name === 'tailQuantile') v = 1 - (1 - value) * factor; // scale the tail, not the quantile
    if (name === 'seasonMinPeriods' || name === 'seasonMinSlotWeight') v = Math.round(v);
    DETECTION[name] = v;
    rows.push({ constant: name, factor, value: Number(v.toPrecision(4)), ...measure() });
    DETECTION[name] = value;
    process.stderr.write(`${name} ×${factor} done\n`);
  }
}
console.table(rows);
