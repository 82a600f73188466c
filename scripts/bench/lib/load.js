'use strict';
/** autocannon wrappers and the request bodies the bench sends. */
const autocannon = require('autocannon');

/** Runs one bounded autocannon phase (duration in s) and returns the figures the bench prints. */
function cannon({ url, path, body, connections = 50, duration = 5, overallRate, pipelining = 1, timeout = 10 }) {
  return new Promise((resolve, reject) => {
    autocannon(
      {
        url: url + path,
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
        connections,
        duration,
        overallRate,
        pipelining,
        timeout,
      },
      (error, r) => {
        if (error) return reject(error);
        const codes = r.statusCodeStats || {};
        const count = (code) => (codes[code] ? codes[code].count : 0);
        resolve({
          seconds: r.duration,
          requests: r.requests.total,
          reqPerSec: r.requests.total / r.duration,
          p50: r.latency.p50,
          p99: r.latency.p99,
          accepted: count('202'),
          refused: count('503'),
          other: r.requests.total - count('202') - count('503'),
          errors: r.errors + r.timeouts,
          retryAfter: null,
        });
      },
    );
  });
}

/** A deterministic sample: values near 150 ms / 2.4 kB (no timestamp: the server stamps receipt). */
function sample(serviceId, i) {
  const wobble = ((i * 7919) % 101) / 100 - 0.5;
  return { service_id: serviceId, latency_ms: Math.round((150 + 40 * wobble) * 100) / 100, payload_kb: Math.round((2.4 + wobble) * 1000) / 1000 };
}

function singleBody(serviceId = 'bench-single') {
  return JSON.stringify(sample(serviceId, 1));
}

/** `size` samples spread evenly over `services` services named `${prefix}-<n>`. */
function batchBody(size, services, prefix = 'bench-batch') {
  const samples = [];
  for (let i = 0; i < size; i++) samples.push(sample(`${prefix}-${i % services}`, i));
  return JSON.stringify({ samples });
}

module.exports = { cannon, sample, singleBody, batchBody };
