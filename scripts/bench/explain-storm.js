#!/usr/bin/env node
'use strict';
// Usage: start DriftWatch on an empty database, then `node scripts/bench/explain-storm.js http://127.0.0.1:8000 1000`.
// Storm: N services with a baseline, then one batch in which every one of them drifts (N onsets in
// one group commit), against a control batch of the same size with no drift. Then read costs.
const URL = process.argv[2];
const N = Number(process.argv[3] ?? 1000);
let state = 7;
const u = () => ((state = (Math.imul(state, 1664525) + 1013904223) >>> 0) / 2 ** 32);
const n = () => u() + u() + u() + u() - 2;
const iso = (ms) => new Date(ms).toISOString();
const post = async (body) => {
  const r = await fetch(URL + '/v1/telemetry/batch', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (r.status !== 202) throw new Error(r.status + ' ' + (await r.text()));
};
const time = async (label, f) => { const t = performance.now(); const out = await f(); console.log(label, (performance.now() - t).toFixed(0), 'ms'); return out; };
(async () => {
  const t0 = Date.now() - 6 * 3600_000;
  for (let s = 0; s < N; s += 50) {
    const samples = [];
    for (let k = s; k < Math.min(N, s + 50); k++) for (let i = 0; i < 150; i++) samples.push({ service_id: `svc-${k}`, timestamp: iso(t0 + i * 1000), latency_ms: 120 + 20 * n(), payload_kb: 2 + 0.2 * n() });
    await post({ samples });
  }
  const batch = (at, value) => { const samples = []; for (let k = 0; k < N; k++) for (let i = 0; i < 5; i++) samples.push({ service_id: `svc-${k}`, timestamp: iso(at + k * 100 + i * 10), latency_ms: value(), payload_kb: 2 + 0.2 * n() }); return { samples }; };
  await time(`control batch (${N * 5} calm samples)`, () => post(batch(t0 + 200_000, () => 120 + 10 * n())));
  await time(`storm batch (${N * 5} samples, ${N} onsets)`, () => post(batch(t0 + 300_000, () => 3000 + 10 * n())));
  for (let r = 0; r < 3; r++) {
    await time('GET /v1/events?state=DRIFT_DETECTED&limit=100', () => fetch(URL + '/v1/events?state=DRIFT_DETECTED&limit=100').then((x) => x.json()));
    await time('GET /v1/events?state=DRIFT_DETECTED&limit=1000', () => fetch(URL + '/v1/events?state=DRIFT_DETECTED&limit=1000').then((x) => x.json()));
    const inc = await time('GET /v1/incidents', () => fetch(URL + '/v1/incidents').then((x) => x.json()));
    if (r === 0) console.log('incidents', inc.incidents.length, 'members of the newest', inc.incidents[0]?.member_count);
    await time('GET /v1/health/svc-0', () => fetch(URL + '/v1/health/svc-0').then((x) => x.json()));
  }
})();
