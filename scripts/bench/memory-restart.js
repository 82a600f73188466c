'use strict';
/**
 * Memory and restart: fills `services` services with full baseline windows through the batch
 * API, reads RSS, restarts the server on the same database and times the restore.
 */
const path = require('node:path');
const { memoryOf } = require('./lib/children');
const { sample } = require('./lib/load');
const { startApi, status, drained, getJson, tempDir } = require('./lib/api');

const PER_BATCH_SERVICES = 10;

async function post(server, body) {
  const res = await fetch(`${server.url}/v1/telemetry/batch`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
  await res.arrayBuffer();
  if (res.status !== 202) throw new Error(`fill batch answered ${res.status}`);
}

async function fill(server, services, windowSize) {
  const groups = Math.ceil(services / PER_BATCH_SERVICES);
  let next = 0;
  const worker = async () => {
    while (next < groups) {
      const g = next++;
      const samples = [];
      for (let i = 0; i < windowSize * PER_BATCH_SERVICES; i++) samples.push(sample(`mem-${g}-${i % PER_BATCH_SERVICES}`, i));
      await post(server, JSON.stringify({ samples }));
    }
  };
  await Promise.all([worker(), worker()]);
}

async function memoryAndRestart(root, { services, windowSize = 1000 }) {
  const dbPath = path.join(tempDir(root, 'memory'), 'driftwatch.db');
  let server = await startApi(dbPath);
  const out = { services, windowSize, idleRssMb: memoryOf(server.pid).rssMb };
  try {
    const t0 = Date.now();
    await fill(server, services, windowSize);
    await drained(server, 600_000);
    out.fillSeconds = (Date.now() - t0) / 1000;
    out.loadedRssMb = memoryOf(server.pid).rssMb;
    // Where the memory is: JS heap vs typed arrays (the windows), as the API reports it.
    out.loadedMemory = (await status(server)).memory;
  } finally {
    await server.stop(60_000);
  }
  server = await startApi(dbPath, {});
  try {
    out.restartReadyMs = server.readyMs;
    const restored = /Restored (\d+) service\(s\) in (\d+) ms/.exec(server.log());
    out.restoredServices = restored ? Number(restored[1]) : 0;
    out.restoreMs = restored ? Number(restored[2]) : NaN;
    out.restartedRssMb = memoryOf(server.pid).rssMb;
    const s = await status(server);
    const baseline = await getJson(`${server.url}/v1/baseline/mem-0-0`);
    out.servicesMonitored = s.services_monitored;
    out.windowOfFirst = baseline.sample_count;
  } finally {
    await server.stop();
  }
  return out;
}

module.exports = { memoryAndRestart };
