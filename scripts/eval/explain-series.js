#!/usr/bin/env node
// Development aid: replays one `timestamp,value` CSV and prints every transition with the model it
// was scored against (season, φ, scale, residual ρ, interval) and the values around it.
// usage: node scripts/eval/explain-series.js FILE.csv [max transitions]   (needs `npm run build`)
const fs = require('node:fs');
const { ServiceDetector, loadConfig } = require('../bench/lib/dist').engine();
const [file, max = '40'] = process.argv.slice(2);
const rows = fs.readFileSync(file, 'utf8').trim().split('\n').slice(1).map((l) => {
  const [ts, v] = l.split(',');
  return [Date.parse(ts.replace(' ', 'T') + (ts.includes('Z') ? '' : 'Z')), Number(v)];
});
const d = new ServiceDetector(loadConfig({}));
let shown = 0;
rows.forEach(([t, v], i) => {
  const tr = d.observe(i + 1, t, v, NaN);
  if (!tr || shown >= Number(max)) return;
  shown++;
  const m = d.snapshot && d.snapshot.latency.model;
  const ctx = rows.slice(Math.max(0, i - 6), i + 3).map(([, x]) => x.toFixed(2)).join(' ');
  console.log(
    `${new Date(t).toISOString().slice(0, 16)} #${i} ${tr.to.slice(0, 6)} ${tr.reason} z=${tr.zLatency?.toFixed(1)} exp=${tr.expected?.latency?.toFixed(2)}` +
      (m ? ` | season=${m.season} level=${m.level.toFixed(2)} phi=${m.phi.toFixed(2)} scale=${m.scale.toFixed(3)} rhoZ=${m.residualRho.toFixed(2)} int=${(m.intervalMs / 1000).toFixed(0)}s` : '') +
      ` | ${ctx}`,
  );
});
