'use strict';
/**
 * Crash test: clients stream samples (single and batch) while the server is SIGKILLed at a
 * random moment; the server is restarted on the same database, then stopped, and SQLite is
 * read back. It checks that every sample answered 202 is stored exactly once, that each
 * service's stream has no gap, and that the persisted and the live engine state equal a
 * replay of the stored samples through a fresh engine (same for the drift events).
 *
 * CLI:  node scripts/bench/crash-test.js [--rounds N] [--seed S]   (uses the build)
 * Also used by test/crash.e2e-spec.ts, which runs the server through ts-node instead.
 */
const assert = require('node:assert');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const Database = require('better-sqlite3');
const { startApi, getJson } = require('./lib/api');
const { exitOnSignalsAndErrors } = require('./lib/children');

/** mulberry32: the kill moment and the traffic are reproducible from the printed seed. */
function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Streams until `stop()`: each sample has a unique timestamp, so (service, ts) identifies it. */
function stream(url, { clients, services, random }) {
  const t0 = Date.now() - 3_600_000;
  let counter = 0;
  let running = true;
  const acked = new Set();
  const stats = { sent: 0, accepted: 0, refused: 0, failed: 0 };
  const make = () => {
    const n = counter++;
    const service = `crash-${n % services}`;
    // Every 3000 samples, 300 slow ones: transitions (and drift events) happen mid-stream.
    const slow = n % 3000 >= 2700 ? 3 : 1;
    const sample = { service_id: service, latency_ms: Math.round((100 + 30 * random()) * slow * 100) / 100, payload_kb: Math.round((2 + random()) * 1000) / 1000, timestamp: new Date(t0 + n).toISOString() };
    return { sample, key: `${service}|${t0 + n}` };
  };
  const client = async () => {
    while (running) {
      const size = random() < 0.5 ? 1 : 1 + Math.floor(random() * 200);
      const items = Array.from({ length: size }, make);
      const single = size === 1 && random() < 0.7;
      const body = single ? items[0].sample : { samples: items.map((i) => i.sample) };
      stats.sent += size;
      try {
        const res = await fetch(`${url}/v1/telemetry${single ? '' : '/batch'}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
        await res.arrayBuffer();
        if (res.status === 202) {
          stats.accepted += size;
          for (const i of items) acked.add(i.key);
        } else if (res.status === 503) stats.refused += size;
        else throw new Error(`unexpected ${res.status}`);
      } catch (error) {
        if (!running) return;
        stats.failed += size;
        if (String(error.message).startsWith('unexpected')) throw error;
        await new Promise((r) => setTimeout(r, 5));
      }
    }
  };
  const all = Promise.all(Array.from({ length: clients }, client));
  return {
    acked,
    stats,
    async stop() {
      running = false;
      await all;
    },
  };
}

/** Reads SQLite back and compares it with the acknowledgements and with a replay. */
function verify(dbPath, acked, live, engine) {
  const { ServiceDetector, SnapshotCalculator, loadConfig } = engine;
  const config = loadConfig({}, {});
  const calculator = new SnapshotCalculator(config.baselineWindowSize);
  const db = new Database(dbPath, { readonly: true });
  const problems = [];
  let rows = 0;
  let transitions = 0;
  try {
    const rowsOf = db.prepare('SELECT seq, ts, latency_ms, payload_kb FROM telemetry WHERE service_id = ? ORDER BY seq').raw();
    const eventsOf = db.prepare('SELECT COUNT(*) FROM drift_events WHERE service_id = ?').pluck();
    const stored = new Set();
    for (const svc of db.prepare('SELECT id, name, state, sample_count, detector FROM services').all()) {
      const detector = new ServiceDetector(config, calculator);
      let expectedSeq = 1;
      let replayed = 0;
      for (const [seq, ts, latency, payload] of rowsOf.iterate(svc.id)) {
        rows++;
        if (seq !== expectedSeq++) problems.push(`${svc.name}: seq ${seq} where ${expectedSeq - 1} was expected (gap)`);
        const key = `${svc.name}|${ts}`;
        if (stored.has(key)) problems.push(`${svc.name}: sample at ts ${ts} stored twice`);
        stored.add(key);
        // A NULL payload (latency-only sample) is NaN to the engine, as in the API.
        if (detector.observe(seq, ts, latency, payload === null ? NaN : payload)) replayed++;
      }
      transitions += replayed;
      const persisted = JSON.parse(svc.detector);
      const replay = JSON.parse(JSON.stringify(detector.exportState()));
      try {
        assert.deepStrictEqual(persisted, replay);
      } catch (error) {
        problems.push(`${svc.name}: persisted engine state differs from the replay\n${error.message.slice(0, 1500)}`);
      }
      const events = eventsOf.get(svc.id);
      if (events !== replayed) problems.push(`${svc.name}: ${events} drift events stored, the replay makes ${replayed}`);
      const health = live.get(svc.name);
      if (!health || health.state !== detector.state || health.samples_total !== detector.sampleCount) {
        problems.push(`${svc.name}: live engine after restart ${JSON.stringify(health)} ≠ replay {state: ${detector.state}, samples_total: ${detector.sampleCount}}`);
      }
      if (svc.sample_count !== detector.sampleCount || svc.state !== detector.state) problems.push(`${svc.name}: service row disagrees with the replay`);
    }
    let missing = 0;
    for (const key of acked) if (!stored.has(key)) missing++;
    if (missing > 0) problems.push(`${missing} sample(s) answered 202 are not stored`);
    return { rows, transitions, unacknowledgedButStored: stored.size - acked.size + missing, problems };
  } finally {
    db.close();
  }
}

/**
 * One round: stream, SIGKILL after a random delay in [minKillMs, maxKillMs), restart, read the
 * live state through the API, stop, verify. `args` choose how the server runs (build or ts-node).
 */
async function crashRound({ seed, engine, args, clients = 6, services = 8, minKillMs = 1500, maxKillMs = 4000, log = () => undefined, engineChanged = () => false }) {
  const random = prng(seed);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'driftwatch-crash-'));
  const dbPath = path.join(dir, 'driftwatch.db');
  const servers = [];
  try {
    const server = await startApi(dbPath, {}, args);
    servers.push(server);
    const traffic = stream(server.url, { clients, services, random });
    const killAfter = Math.round(minKillMs + random() * (maxKillMs - minKillMs));
    await new Promise((r) => setTimeout(r, killAfter));
    await server.kill('SIGKILL');
    await traffic.stop();
    log(`seed ${seed}: SIGKILL after ${killAfter} ms; ${JSON.stringify(traffic.stats)}`);

    const restarted = await startApi(dbPath, {}, args);
    servers.push(restarted);
    const live = new Map();
    try {
      for (let i = 0; i < services; i++) {
        const res = await fetch(`${restarted.url}/v1/health/crash-${i}`);
        if (res.status === 200) live.set(`crash-${i}`, await res.json());
      }
      await getJson(`${restarted.url}/v1/system/status`);
    } finally {
      await restarted.stop();
    }
    const result = verify(dbPath, traffic.acked, live, engine);
    // A rebuild after the replay engine was loaded compares two different engines.
    if (engineChanged()) result.problems.unshift('the engine build changed during the round (a concurrent build?): rerun');
    log(`  restart ready in ${Math.round(restarted.readyMs)} ms; ${result.rows} rows, ${traffic.acked.size} acknowledged, ${result.unacknowledgedButStored} stored without an answer, ${result.transitions} transitions replayed; ${result.problems.length ? 'FAIL' : 'OK'}`);
    return { seed, killAfter, acked: traffic.acked.size, stats: traffic.stats, restartMs: restarted.readyMs, ...result };
  } finally {
    for (const s of servers) await s.kill('SIGKILL');
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function main() {
  const argv = process.argv.slice(2);
  const get = (name, fallback) => (argv.includes(`--${name}`) ? Number(argv[argv.indexOf(`--${name}`) + 1]) : fallback);
  const rounds = get('rounds', 5);
  let seed = get('seed', Date.now() % 1e9);
  const { engine, engineFingerprint } = require('./lib/dist');
  const loaded = engineFingerprint();
  const engineChanged = () => engineFingerprint() !== loaded;
  let failed = 0;
  for (let i = 0; i < rounds; i++, seed++) {
    const r = await crashRound({ seed, engine: engine(), log: console.log, engineChanged });
    if (r.problems.length) {
      failed++;
      for (const p of r.problems.slice(0, 20)) console.log(`  ✗ ${p}`);
    }
  }
  console.log(failed ? `crash test: ${failed}/${rounds} round(s) FAILED` : `crash test: ${rounds}/${rounds} rounds OK`);
  process.exit(failed ? 1 : 0);
}

if (require.main === module) {
  exitOnSignalsAndErrors();
  main().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}

module.exports = { crashRound };
