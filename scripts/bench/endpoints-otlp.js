'use strict';
/**
 * Ingest throughput of the same samples three ways, each on a fresh database and API process:
 * batches without endpoints (the baseline), batches naming 20 endpoints per service, and OTLP
 * protobuf trace exports (encoded by the official @opentelemetry/otlp-transformer code) of the
 * same requests as server spans. Bounded: REQUESTS requests of BATCH samples each, sent one after
 * another (one client, so the figure is the per-request path, not a saturation test).
 *
 * Usage: npm run build && node scripts/bench/endpoints-otlp.js
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { startApi } = require('./lib/api');

const REQUESTS = 60;
const BATCH = 1000;
const SERVICES = 10;
const ENDPOINTS = 20;
const root = require('@opentelemetry/otlp-transformer/build/src/generated/root');
const Request = root.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;

/** Deterministic latencies around 150 ms (an LCG: runs must be comparable). */
function makeRequests(t0) {
  let state = 7;
  const next = () => ((state = (Math.imul(state, 1664525) + 1013904223) >>> 0) / 2 ** 32);
  const out = [];
  for (let r = 0; r < REQUESTS; r++) {
    const batch = [];
    for (let i = 0; i < BATCH; i++) {
      const n = r * BATCH + i;
      batch.push({
        service: `svc-${n % SERVICES}`,
        endpoint: `GET /route-${Math.floor(n / SERVICES) % ENDPOINTS}`,
        latency: 150 + 40 * (next() + next() + next() + next() - 2),
        endMs: t0 + n,
      });
    }
    out.push(batch);
  }
  return out;
}

const asBatch = (batch, withEndpoint) =>
  JSON.stringify({
    samples: batch.map((s) => ({
      service_id: s.service,
      ...(withEndpoint ? { endpoint: s.endpoint } : {}),
      latency_ms: s.latency,
      timestamp: new Date(s.endMs).toISOString(),
    })),
  });

function asOtlp(batch) {
  const byService = new Map();
  for (const s of batch) {
    if (!byService.has(s.service)) byService.set(s.service, []);
    const end = BigInt(Math.round(s.endMs)) * 1_000_000n;
    const start = end - BigInt(Math.round(s.latency * 1e6));
    const [method, route] = s.endpoint.split(' ');
    byService.get(s.service).push({
      name: s.endpoint,
      kind: 2,
      startTimeUnixNano: start.toString(),
      endTimeUnixNano: end.toString(),
      attributes: [
        { key: 'http.request.method', value: { stringValue: method } },
        { key: 'http.route', value: { stringValue: route } },
      ],
    });
  }
  const message = Request.fromObject({
    resourceSpans: Array.from(byService, ([name, spans]) => ({
      resource: { attributes: [{ key: 'service.name', value: { stringValue: name } }] },
      scopeSpans: [{ spans }],
    })),
  });
  return Buffer.from(Request.encode(message).finish());
}

async function run(label, bodies, url, contentType) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dw-bench-endpoints-'));
  const api = await startApi(path.join(dir, 'bench.db'));
  try {
    const started = process.hrtime.bigint();
    const latencies = [];
    for (const body of bodies) {
      const t = process.hrtime.bigint();
      const res = await fetch(`${api.url}${url}`, { method: 'POST', headers: { 'Content-Type': contentType }, body });
      if (res.status >= 300) throw new Error(`${label}: ${res.status} ${await res.text()}`);
      await res.arrayBuffer();
      latencies.push(Number(process.hrtime.bigint() - t) / 1e6);
    }
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const status = await (await fetch(`${api.url}/v1/system/status`)).json();
    latencies.sort((a, b) => a - b);
    const p = (q) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))].toFixed(1);
    const bytes = bodies.reduce((a, b) => a + b.length, 0) / bodies.length;
    console.log(
      `${label.padEnd(34)} ${String(Math.round((REQUESTS * BATCH) / seconds)).padStart(7)} samples/s   request p50 ${p(0.5)} ms  p95 ${p(0.95)} ms   ` +
        `body ${(bytes / 1024).toFixed(0)} kB   stored ${status.total_telemetry_records}`,
    );
  } finally {
    await api.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function main() {
  const requests = makeRequests(Date.now() - 3_600_000);
  console.log(`${REQUESTS} requests × ${BATCH} samples, ${SERVICES} services, node ${process.version}, ${os.cpus().length} CPUs (${os.cpus()[0].model})`);
  await run('batch, no endpoint', requests.map((b) => asBatch(b, false)), '/v1/telemetry/batch', 'application/json');
  await run(`batch, ${ENDPOINTS} endpoints per service`, requests.map((b) => asBatch(b, true)), '/v1/telemetry/batch', 'application/json');
  await run('OTLP protobuf, same as server spans', requests.map(asOtlp), '/v1/traces', 'application/x-protobuf');
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
