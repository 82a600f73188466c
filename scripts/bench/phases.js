'use strict';
/**
 * One bench run: the two references, then the real API on a fresh database through single,
 * fixed-rate, batch and overload phases. Every phase is bounded in time; figures about stored
 * samples are read back from the API's counters, the detectors and finally SQLite itself.
 */
const path = require('node:path');
const { startNode, runNodeJson, memoryOf } = require('./lib/children');
const { cannon, singleBody, batchBody } = require('./lib/load');
const { startApi, status, drained, scoredSamples, storage, tempDir } = require('./lib/api');

const BATCH_SIZE = 500;
const BATCH_SERVICES = 50;
// Enough requests in flight that group commits are full (fewer leave the server waiting on clients).
const BATCH_CONNECTIONS = 16;
const batchIds = Array.from({ length: BATCH_SERVICES }, (_, i) => `bench-batch-${i}`);

async function referenceExpress(seconds) {
  const server = await startNode([path.join(__dirname, 'ref-express-server.js'), '0'], { ready: /^listening \d+/ });
  const port = /listening (\d+)/.exec(server.log())[1];
  const url = `http://127.0.0.1:${port}`;
  try {
    await cannon({ url, path: '/v1/telemetry', body: singleBody(), duration: 1 });
    const single = await cannon({ url, path: '/v1/telemetry', body: singleBody(), duration: seconds });
    // The same fixed offered load as the API gets: tells whether the box itself can hold it.
    const fixed = await cannon({ url, path: '/v1/telemetry', body: singleBody(), duration: seconds, overallRate: 5000 });
    // Half of what this box just served: the latency a sustainable load sees.
    const halfRate = Math.round(single.reqPerSec / 2);
    const half = await cannon({ url, path: '/v1/telemetry', body: singleBody(), duration: seconds, overallRate: halfRate });
    const batch = await cannon({ url, path: '/v1/telemetry/batch', body: batchBody(BATCH_SIZE, BATCH_SERVICES), connections: BATCH_CONNECTIONS, duration: seconds });
    return { single, fixed, halfRate, half, batchSamplesPerSec: batch.reqPerSec * BATCH_SIZE };
  } finally {
    await server.stop();
  }
}

/** Runs `load()` and returns its result with how many samples were persisted and scored meanwhile. */
async function measured(server, serviceIds, load) {
  const before = await status(server);
  const scoredBefore = await scoredSamples(server, serviceIds);
  const t0 = process.hrtime.bigint();
  const result = await load();
  const after = await drained(server);
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  const persisted = after.total_telemetry_records - before.total_telemetry_records;
  const scored = (await scoredSamples(server, serviceIds)) - scoredBefore;
  return { ...result, persisted, scored, persistedPerSec: persisted / seconds, scoredPerSec: scored / seconds };
}

/**
 * Past capacity: big batches from many connections; a probe records a 503 and its Retry-After
 * (autocannon does not keep response headers). The probe sends the same 10 000-sample batch as the
 * load: a single sample fits whenever the queue has room for one, so a single-sample probe could
 * miss every moment the API was refusing.
 */
async function overload(server, seconds) {
  let maxDepth = 0;
  let retryAfter = null;
  let stop = false;
  const probeBody = batchBody(10_000, 100, 'bench-probe');
  const watch = (async () => {
    while (!stop) {
      const s = await status(server);
      maxDepth = Math.max(maxDepth, s.queue.depth);
      const res = await fetch(`${server.url}/v1/telemetry/batch`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: probeBody });
      if (res.status === 503 && retryAfter === null) retryAfter = res.headers.get('retry-after');
      await res.arrayBuffer();
      await new Promise((r) => setTimeout(r, 50));
    }
  })();
  const load = await cannon({ url: server.url, path: '/v1/telemetry/batch', body: batchBody(10_000, 100, 'bench-over'), connections: 48, duration: seconds, timeout: 30 });
  stop = true;
  await watch;
  const mem = memoryOf(server.pid);
  const capacity = (await drained(server)).queue.capacity;
  // Load dropped: a modest single-sample rate must be served again, all 202.
  const recovery = await cannon({ url: server.url, path: '/v1/telemetry', body: singleBody(), connections: 10, duration: 2, overallRate: 1000 });
  return { load, maxDepth, capacity, retryAfter, peakRssMb: mem.peakRssMb, recovered: recovery.accepted > 0 && recovery.refused === 0 && recovery.other === 0 && recovery.errors === 0, recovery };
}

async function oneRun(root, index, { seconds }) {
  const dir = tempDir(root, `run-${index}`);
  const reference = await referenceExpress(seconds);
  const sqlite = await runNodeJson([path.join(__dirname, 'ref-sqlite.js'), dir, '2']);

  const dbPath = path.join(dir, 'driftwatch.db');
  const server = await startApi(dbPath);
  const idle = memoryOf(server.pid);
  let single, fixed, half, batch, over, loadedRss, final;
  try {
    await cannon({ url: server.url, path: '/v1/telemetry', body: singleBody(), duration: 1 }); // JIT warm-up
    single = await measured(server, ['bench-single'], () => cannon({ url: server.url, path: '/v1/telemetry', body: singleBody(), duration: seconds }));
    fixed = await cannon({ url: server.url, path: '/v1/telemetry', body: singleBody(), duration: seconds, overallRate: 5000 });
    half = await cannon({ url: server.url, path: '/v1/telemetry', body: singleBody(), duration: seconds, overallRate: reference.halfRate });
    batch = await measured(server, batchIds, () =>
      cannon({ url: server.url, path: '/v1/telemetry/batch', body: batchBody(BATCH_SIZE, BATCH_SERVICES), connections: BATCH_CONNECTIONS, duration: seconds }),
    );
    loadedRss = memoryOf(server.pid).rssMb;
    over = await overload(server, Math.min(4, seconds));
    final = await drained(server);
  } finally {
    await server.stop();
  }
  // Read back from SQLite with the server stopped: every committed sample is a row, once.
  const stored = storage(dbPath);
  stored.committed = final.queue.committed_samples;
  return { reference, sqlite, idleRssMb: idle.rssMb, loadedRss, single, fixed, half, batch, over, stored };
}

module.exports = { oneRun };
