'use strict';
/**
 * Engine-only replay: N samples (default 10 M) through the built ServiceDetector, round-robin
 * over many services, percentile refreshes included — the detector's cost per sample with no
 * HTTP and no SQLite. Prints one JSON line: {samples, seconds, samplesPerSec, nsPerSample, transitions}.
 * Usage: node engine-replay.js [samples] [services]
 */
const { engine } = require('./lib/dist');

const { ServiceDetector, SnapshotCalculator, loadConfig } = engine();
const total = Number(process.argv[2] || 10_000_000);
const services = Number(process.argv[3] || 1000);
const config = loadConfig({}, {});
const calculator = new SnapshotCalculator(config.baselineWindowSize);
const detectors = Array.from({ length: services }, () => new ServiceDetector(config, calculator));
const seqs = new Float64Array(services);

// Pre-generated noise (sum of uniforms ≈ normal), with a rare slow sample so rules and
// admission are exercised; generating it is not part of the measured cost.
const NOISE = 1 << 20;
const latency = new Float64Array(NOISE);
const payload = new Float64Array(NOISE);
let state = 42;
const rnd = () => ((state = (Math.imul(state, 1664525) + 1013904223) >>> 0) / 2 ** 32);
for (let i = 0; i < NOISE; i++) {
  latency[i] = 150 + 25 * (rnd() + rnd() + rnd() + rnd() - 2) * 1.7 + (rnd() < 0.002 ? 400 : 0);
  payload[i] = 2.4 + 0.3 * (rnd() + rnd() + rnd() + rnd() - 2) * 1.7;
}

const t0Ms = Date.UTC(2026, 0, 1);
let transitions = 0;
const started = process.hrtime.bigint();
for (let n = 0; n < total; n++) {
  const s = n % services;
  const k = n & (NOISE - 1);
  if (detectors[s].observe(++seqs[s], t0Ms + n, latency[k], payload[k])) transitions++;
}
const seconds = Number(process.hrtime.bigint() - started) / 1e9;
console.log(JSON.stringify({ samples: total, services, seconds, samplesPerSec: total / seconds, nsPerSample: (seconds * 1e9) / total, transitions }));
