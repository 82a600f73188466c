#!/usr/bin/env node
// Development aid: which rule raised each NAB alarm, and whether it fell in a labelled window.
// usage: node scripts/eval/nab-reasons.js NAB_DIR   (needs `npm run build`)
const fs = require('node:fs');
const path = require('node:path');
const { ServiceDetector, loadConfig } = require('../bench/lib/dist').engine();
const dir = path.resolve(process.argv[2]);
const windows = JSON.parse(fs.readFileSync(path.join(dir, '..', 'labels', 'combined_windows.json'), 'utf8'));
const config = loadConfig({});
const stats = {};
const walk = (d) => fs.readdirSync(d, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(d, e.name)) : e.name.endsWith('.csv') ? [path.join(d, e.name)] : []));
for (const file of walk(dir).sort()) {
  const key = path.relative(dir, file).split(path.sep).join('/');
  const wins = (windows[key] || []).map(([a, b]) => [Date.parse(a.replace(' ', 'T') + 'Z'), Date.parse(b.replace(' ', 'T') + 'Z')]);
  const lines = fs.readFileSync(file, 'utf8').trim().split('\n').slice(1);
  const det = new ServiceDetector(config);
  const probation = Math.min(750, Math.floor(0.15 * lines.length));
  lines.forEach((line, i) => {
    const [ts, v] = line.split(',');
    const t = Date.parse(ts.replace(' ', 'T') + 'Z');
    const tr = det.observe(i + 1, t, Number(v), 0);
    if (!tr) return;
    const r = (stats[tr.reason] ??= { tp: 0, fp: 0, probation: 0, n: 0 });
    r.n++;
    if (tr.to !== 'DRIFT_DETECTED') return;
    if (i < probation) r.probation++;
    else if (wins.some(([a, b]) => t >= a && t <= b)) r.tp++;
    else r.fp++;
    if (process.env.VERBOSE && i >= probation) console.log(key, ts, tr.reason, wins.some(([a, b]) => t >= a && t <= b) ? 'TP' : 'FP', tr.maxZscore?.toFixed(1));
  });
}
console.table(stats);
