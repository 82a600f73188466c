'use strict';
/**
 * What the cluster test asserts, read from the shared store after the run. Each check returns a
 * list of failures (empty: it holds) and the figures it measured.
 */
const path = require('node:path');

const DIST = path.resolve(__dirname, '../../../dist/apps/api/libs');
// Loaded on use, not at require time: test-cluster.js builds dist/ (ensureBuilt) after requiring this file.
const dist = () => ({ ...require(path.join(DIST, 'health/src/engine')), ...require(path.join(DIST, 'config/src')) });

/** Every acknowledged sample stored exactly once; per-service sequences 1..n without gaps; unacknowledged ones at most once. */
async function checkStorage(db, ledger) {
  const failures = [];
  const rows = await db.query('SELECT s.name, t.seq::float8 AS seq, t.ts::float8 AS ts FROM telemetry t JOIN services s ON s.id = t.service_id ORDER BY s.name, t.seq');
  const stored = new Map();
  for (const r of rows.rows) {
    if (!stored.has(r.name)) stored.set(r.name, []);
    stored.get(r.name).push(r);
  }
  let acked = 0;
  let extra = 0;
  for (const [name, timestamps] of ledger) {
    const list = stored.get(name) ?? [];
    list.forEach((r, i) => {
      if (r.seq !== i + 1) failures.push(`${name}: seq ${r.seq} at position ${i + 1} (gap or duplicate)`);
    });
    const counts = new Map();
    for (const r of list) counts.set(r.ts, (counts.get(r.ts) ?? 0) + 1);
    for (const [ts, n] of counts) if (n > 1) failures.push(`${name}: sample at ${new Date(ts).toISOString()} stored ${n} times`);
    for (const ts of timestamps) {
      acked++;
      const n = counts.get(ts) ?? 0;
      if (n !== 1) failures.push(`${name}: acknowledged sample at ${new Date(ts).toISOString()} stored ${n} times`);
    }
    extra += list.length - new Set(timestamps).size;
  }
  return { failures: failures.slice(0, 20), failureCount: failures.length, acked, storedRows: rows.rows.length, unackedStored: extra };
}

/** Drift events equal, transition for transition, to the pure engine run in one process over the stored samples in order. */
async function checkReplay(db, env) {
  const { ServiceDetector, loadConfig } = dist();
  const config = loadConfig(env);
  const failures = [];
  const services = await db.query('SELECT id, name FROM services ORDER BY name');
  let transitions = 0;
  for (const s of services.rows) {
    const samples = await db.query('SELECT seq::float8 AS seq, ts::float8 AS ts, latency_ms, payload_kb FROM telemetry WHERE service_id = $1 ORDER BY seq', [s.id]);
    const detector = new ServiceDetector(config);
    const expected = [];
    for (const r of samples.rows) {
      const t = detector.observe(r.seq, r.ts, r.latency_ms, r.payload_kb === null ? NaN : r.payload_kb);
      if (t) expected.push(`${t.seq} ${t.from}->${t.to} ${t.reason} ${t.metric ?? '-'}`);
    }
    const events = await db.query(
      `SELECT seq::float8 AS seq, from_state, to_state, reason, metric FROM drift_events WHERE service_id = $1 ORDER BY id`,
      [s.id],
    );
    const actual = events.rows.map((e) => `${e.seq} ${e.from_state}->${e.to_state} ${e.reason} ${e.metric ?? '-'}`);
    transitions += actual.length;
    if (JSON.stringify(actual) !== JSON.stringify(expected)) {
      failures.push(`${s.name}: stored transitions [${actual.join('; ')}] but a single-process replay gives [${expected.join('; ')}]`);
    }
  }
  return { failures, services: services.rows.length, transitions };
}

/** Fencing: in every partition, the lease epoch that scored each record never goes down along the log. */
async function checkEpochs(db) {
  const failures = [];
  const rows = await db.query(
    `SELECT log_partition AS p, log_offset::float8 AS o, epoch::float8 AS e,
            lag(epoch::float8) OVER (PARTITION BY log_partition ORDER BY log_offset) AS prev
     FROM telemetry`,
  );
  const epochsPerPartition = new Map();
  for (const r of rows.rows) {
    if (r.prev !== null && r.e < r.prev) failures.push(`partition ${r.p}: offset ${r.o} scored under epoch ${r.e} after epoch ${r.prev}`);
    if (!epochsPerPartition.has(r.p)) epochsPerPartition.set(r.p, new Set());
    epochsPerPartition.get(r.p).add(r.e);
  }
  const history = await db.query('SELECT epoch::float8 AS epoch, partition, owner, acquired_at::float8 AS acquired, released_at::float8 AS released FROM dw_lease_history ORDER BY partition, epoch');
  // An epoch that scored must have been acquired after every earlier epoch of its partition was released or its session ended.
  const maxEpochs = Math.max(0, ...[...epochsPerPartition.values()].map((s) => s.size));
  return { failures: failures.slice(0, 20), failureCount: failures.length, leaseChanges: history.rows.length, maxEpochsScoringOnePartition: maxEpochs, history: history.rows };
}

/**
 * Partitions a process held when it was killed or stopped: each must be acquired by another
 * process within `limitMs`. Returns the worst takeover time.
 */
function checkTakeover(label, orphaned, others, sinceMs, limitMs) {
  const failures = [];
  let worst = 0;
  for (const partition of orphaned) {
    const taken = others
      .flatMap((p) => p.leases)
      .filter((l) => l.partition === partition && l.kind === 'acquired' && l.at >= sinceMs)
      .sort((a, b) => a.at - b.at)[0];
    if (!taken) {
      failures.push(`${label}: partition ${partition} never owned again`);
      continue;
    }
    worst = Math.max(worst, taken.at - sinceMs);
    if (taken.at - sinceMs > limitMs) failures.push(`${label}: partition ${partition} owned again after ${taken.at - sinceMs} ms`);
  }
  return { failures, worstMs: worst, partitions: orphaned.length };
}

/**
 * The gate during the run: every answer from a running process is 200, 409, 503 or 404 (never an
 * error); a pass only with the lag within bounds; and once a process has answered 409 for a
 * drifting service, no process answers 200 for it afterwards (a wrong pass).
 */
function checkGate(answers, maxLagMs) {
  const failures = [];
  const firstFail = new Map();
  for (const a of answers) {
    if (a.status === 409 && (!firstFail.has(a.service) || a.end < firstFail.get(a.service))) firstFail.set(a.service, a.end);
  }
  const counts = {};
  for (const a of answers) {
    counts[a.status] = (counts[a.status] ?? 0) + 1;
    if (a.status === 'error') {
      if (!a.expectedDown) failures.push(`${a.process} did not answer the gate for ${a.service} at ${new Date(a.start).toISOString()}: ${a.error}`);
      continue;
    }
    if (![200, 404, 409, 503].includes(a.status)) failures.push(`${a.process}: gate for ${a.service} answered ${a.status}`);
    if (a.status === 200 && a.lagMs > maxLagMs) failures.push(`${a.process}: pass for ${a.service} with lag ${a.lagMs} ms > ${maxLagMs}`);
    const failedAt = firstFail.get(a.service);
    if (a.status === 200 && failedAt !== undefined && a.start > failedAt) {
      failures.push(`${a.process}: wrong pass for ${a.service} at ${new Date(a.start).toISOString()} after a fail at ${new Date(failedAt).toISOString()}`);
    }
  }
  return { failures: failures.slice(0, 20), failureCount: failures.length, counts, answers: answers.length };
}

module.exports = { checkStorage, checkReplay, checkEpochs, checkTakeover, checkGate };
