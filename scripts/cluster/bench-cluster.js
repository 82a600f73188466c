'use strict';
/**
 * `npm run bench -- --cluster`: ingest throughput and request p99 of cluster mode with 1, 2 and 3
 * processes on one PostgreSQL, against one embedded (SQLite) process under the same load in the
 * same run, then the takeover time after a SIGKILL and after a SIGSTOP.
 *
 * Load: a closed loop of `--services` services (default 48), each sending batches of `--batch`
 * samples (default 100) one after the other, to the processes in turn, for `--seconds` (default 8).
 * "acknowledged/s" counts 202s; in cluster mode a 202 means "in the log", so "scored/s" is the
 * acknowledged samples over the load time plus the time until nothing is pending. Each cluster
 * configuration gets a fresh database. --runs N repeats everything and reports medians.
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { createDatabase, dropDatabase } = require('./lib/pg-fixture');
const { ClusterProcess, startCluster, waitSettled, sleep, freePort } = require('./lib/cluster-procs');
const { Loader } = require('./lib/loader');
const { checkTakeover } = require('./lib/checks');
const { median, fmt, table } = require('../bench/lib/stats');

const PARTITIONS = 64;

function options(argv) {
  const get = (name, fallback) => {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 ? Number(argv[i + 1]) : fallback;
  };
  return { runs: get('runs', 1), seconds: get('seconds', 8), services: get('services', 48), batch: get('batch', 100) };
}

function percentile(values, q) {
  const v = [...values].sort((a, b) => a - b);
  return v.length === 0 ? NaN : v[Math.min(v.length - 1, Math.floor(q * v.length))];
}

async function load(procs, opt) {
  const loader = new Loader({
    targets: () => procs.map((p) => p.base),
    services: opt.services,
    batch: opt.batch,
    intervalMs: 0,
    seed: 4,
    stepMs: 500,
    shiftAt: Number.MAX_SAFE_INTEGER,
    timeoutMs: 30_000,
  });
  const started = performance.now();
  loader.start();
  await sleep(opt.seconds * 1000);
  await loader.stop();
  const loadSeconds = (performance.now() - started) / 1000;
  return { loader, loadSeconds };
}

async function embedded(opt, dir) {
  const proc = new ClusterProcess('sqlite', await freePort(), { DRIFTWATCH_DATABASE_URL: '', DRIFTWATCH_DB_PATH: path.join(dir, 'bench.db') });
  await proc.start();
  try {
    const { loader, loadSeconds } = await load([proc], opt);
    const perSec = loader.acked / loadSeconds;
    return { ackedPerSec: perSec, scoredPerSec: perSec, p50: percentile(loader.latencies, 0.5), p99: percentile(loader.latencies, 0.99), failed: loader.requests.failed };
  } finally {
    await proc.terminate();
  }
}

async function cluster(n, opt) {
  const db = await createDatabase(`bench${n}`);
  const procs = [];
  try {
    procs.push(...(await startCluster(n, { DRIFTWATCH_DATABASE_URL: db.url, DRIFTWATCH_CLUSTER_PARTITIONS: String(PARTITIONS) })));
    await waitSettled(procs, PARTITIONS, 20_000);
    const { loader, loadSeconds } = await load(procs, opt);
    const stopped = performance.now();
    await waitSettled(procs, PARTITIONS, 300_000);
    const drainSeconds = (performance.now() - stopped) / 1000;
    return {
      ackedPerSec: loader.acked / loadSeconds,
      scoredPerSec: loader.acked / (loadSeconds + drainSeconds),
      drainSeconds,
      p50: percentile(loader.latencies, 0.5),
      p99: percentile(loader.latencies, 0.99),
      failed: loader.requests.failed,
    };
  } finally {
    for (const p of procs) await p.terminate();
    await dropDatabase(db.name);
  }
}

/** Three processes under light load: how long until another process owns every partition of a killed, then of a stopped one. */
async function takeover() {
  const db = await createDatabase('bench_takeover');
  const procs = [];
  try {
    procs.push(...(await startCluster(3, { DRIFTWATCH_DATABASE_URL: db.url, DRIFTWATCH_CLUSTER_PARTITIONS: String(PARTITIONS) })));
    await waitSettled(procs, PARTITIONS, 20_000);
    const [p1, p2, p3] = procs;
    const loader = new Loader({ targets: () => [p3.base], services: 16, batch: 20, intervalMs: 50, seed: 9, stepMs: 500, shiftAt: Number.MAX_SAFE_INTEGER, timeoutMs: 5000 });
    loader.start();
    await sleep(2000);
    const killedOwned = [...p1.owned().keys()];
    const killedAt = Date.now();
    await p1.kill();
    await sleep(3000);
    const kill = checkTakeover('kill', killedOwned, [p2, p3], killedAt, Infinity);
    const stoppedOwned = [...p2.owned().keys()];
    const stoppedAt = Date.now();
    p2.stop();
    await sleep(3500);
    const stop = checkTakeover('stop', stoppedOwned, [p3], stoppedAt, Infinity);
    p2.resume();
    await loader.stop();
    return { killMs: kill.failures.length === 0 ? kill.worstMs : NaN, stopMs: stop.failures.length === 0 ? stop.worstMs : NaN, partitions: killedOwned.length };
  } finally {
    for (const p of procs) {
      if (p.stopped) p.resume();
      await p.terminate();
    }
    await dropDatabase(db.name);
  }
}

async function benchCluster(argv) {
  const opt = options(argv);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'driftwatch-cluster-bench-'));
  console.log(`DriftWatch cluster bench ${new Date().toISOString()} — ${os.cpus().length} × ${os.cpus()[0].model}, node ${process.version}`);
  console.log(`${opt.runs} run(s); ${opt.seconds} s closed-loop load, ${opt.services} services × batches of ${opt.batch}; every process, PostgreSQL and the loader on this machine\n`);
  const runs = [];
  try {
    for (let i = 0; i < opt.runs; i++) {
      const r = { sqlite: await embedded(opt, dir) };
      for (const n of [1, 2, 3]) r[`c${n}`] = await cluster(n, opt);
      r.takeover = await takeover();
      runs.push(r);
      console.log(`run ${i + 1}: sqlite ${fmt(r.sqlite.ackedPerSec)}/s, cluster ${[1, 2, 3].map((n) => fmt(r[`c${n}`].ackedPerSec)).join(' / ')}/s, takeover ${fmt(r.takeover.killMs)} ms`);
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  const m = (f) => median(runs.map(f));
  const rows = [['configuration', 'acknowledged samples/s', 'scored samples/s', 'drain s', 'p50 ms', 'p99 ms', 'failed requests']];
  rows.push(['embedded SQLite, 1 process', fmt(m((r) => r.sqlite.ackedPerSec)), fmt(m((r) => r.sqlite.scoredPerSec)), '0', fmt(m((r) => r.sqlite.p50), 1), fmt(m((r) => r.sqlite.p99), 1), fmt(m((r) => r.sqlite.failed))]);
  for (const n of [1, 2, 3]) {
    const k = `c${n}`;
    rows.push([
      `cluster PostgreSQL, ${n} process${n > 1 ? 'es' : ''}`,
      fmt(m((r) => r[k].ackedPerSec)),
      fmt(m((r) => r[k].scoredPerSec)),
      fmt(m((r) => r[k].drainSeconds), 1),
      fmt(m((r) => r[k].p50), 1),
      fmt(m((r) => r[k].p99), 1),
      fmt(m((r) => r[k].failed)),
    ]);
  }
  console.log(`\n${table(rows)}\n`);
  console.log(
    `takeover (3 processes, ${PARTITIONS} partitions): every partition of a SIGKILLed process owned again after ${fmt(m((r) => r.takeover.killMs))} ms; ` +
      `of a SIGSTOPped one after ${fmt(m((r) => r.takeover.stopMs))} ms (CLUSTER_LEASE_TIMEOUT_MS 1000 + heartbeat)`,
  );
}

module.exports = { benchCluster };
