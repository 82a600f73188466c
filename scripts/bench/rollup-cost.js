'use strict';
/**
 * What the per-minute telemetry rollup costs the ingest path: the storage work of a group commit
 * (the sample INSERTs in one transaction) with and without the rollup writer, in one process,
 * alternating A/B rounds so a busy machine weighs on both alike. HTTP, validation and scoring are
 * left out on purpose: they are the same either way, and only dilute the difference.
 *
 *   npm run build && node scripts/bench/rollup-cost.js [--rounds 7] [--samples 200000]
 */
const Database = require('better-sqlite3');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { ROOT } = require('./lib/dist');

const persistence = path.join(ROOT, 'dist/apps/api/libs/persistence/src');
const { TelemetryRollupWriter } = require(path.join(persistence, 'telemetry-rollup.js'));
const { InitialSchema1764000000000 } = require(path.join(persistence, 'migrations/1764000000000-initial-schema.js'));
const { OptionalPayload1765000000003 } = require(path.join(persistence, 'migrations/1765000000003-optional-payload.js'));
const { TelemetryRollup1766000000001 } = require(path.join(persistence, 'migrations/1766000000001-telemetry-rollup.js'));

const get = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const ROUNDS = get('rounds', 7);
const SAMPLES = get('samples', 200_000);

/** The group commits of `npm run bench`'s batch phase (500-sample requests over 100 services) and of one busy service. */
const SHAPES = [
  { name: '1 service, 500 samples per commit, 10/s sample time', services: 1, perCommit: 500, spacingMs: 100 },
  { name: '100 services, 500 samples per commit, 10/s each', services: 100, perCommit: 500, spacingMs: 100 },
  { name: '10 000 services, 5 000 samples per commit (1 sample each, worst case)', services: 10_000, perCommit: 5_000, spacingMs: 1000 },
];

async function open(dir, name) {
  const db = new Database(path.join(dir, name));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  const runner = { query: async (sql) => db.exec(sql) };
  for (const M of [InitialSchema1764000000000, OptionalPayload1765000000003, TelemetryRollup1766000000001]) await new M().up(runner);
  return db;
}

function ingest(db, shape, withRollup, seqBase) {
  const insert = db.prepare('INSERT INTO telemetry (service_id, seq, ts, latency_ms, payload_kb, baseline) VALUES (?, ?, ?, ?, ?, 1)');
  const rollup = new TelemetryRollupWriter(() => db);
  const t0 = Date.UTC(2026, 11, 1) + seqBase * shape.spacingMs;
  const started = process.hrtime.bigint();
  for (let done = 0; done < SAMPLES; done += shape.perCommit) {
    db.transaction(() => {
      for (let i = done; i < Math.min(SAMPLES, done + shape.perCommit); i++) {
        const service = 1 + (i % shape.services);
        const n = Math.floor(i / shape.services);
        const ts = t0 + n * shape.spacingMs;
        const latency = 100 + (i % 97);
        const payload = 2 + (i % 13) / 10;
        insert.run(service, seqBase + n, ts, latency, payload);
        if (withRollup) rollup.add(service, ts, latency, payload);
      }
      if (withRollup) rollup.beforeCommit();
    })();
  }
  return SAMPLES / (Number(process.hrtime.bigint() - started) / 1e9);
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'driftwatch-rollup-cost-'));
  try {
    console.log(`${ROUNDS} alternating rounds of ${SAMPLES.toLocaleString()} samples per variant; storage only (INSERTs + commit)\n`);
    console.log('| group commits | without rollup, samples/s | with rollup, samples/s | cost |');
    console.log('|---|---|---|---|');
    for (const shape of SHAPES) {
      const plain = await open(dir, `plain-${shape.services}.db`);
      const rolled = await open(dir, `rollup-${shape.services}.db`);
      const a = [];
      const b = [];
      for (let r = 0; r < ROUNDS; r++) {
        const seqBase = 1 + r * Math.ceil(SAMPLES / shape.services);
        a.push(ingest(plain, shape, false, seqBase));
        b.push(ingest(rolled, shape, true, seqBase));
      }
      const ma = median(a);
      const mb = median(b);
      const rollupRows = rolled.prepare('SELECT COUNT(*) FROM telemetry_rollup').pluck().get();
      const sum = rolled.prepare('SELECT SUM(n) FROM telemetry_rollup').pluck().get();
      if (sum !== SAMPLES * ROUNDS) throw new Error(`rollup counts ${sum} samples, ${SAMPLES * ROUNDS} were stored`);
      console.log(`| ${shape.name} | ${Math.round(ma).toLocaleString()} | ${Math.round(mb).toLocaleString()} | ${(((ma - mb) / ma) * 100).toFixed(1)} % (${rollupRows.toLocaleString()} rollup rows) |`);
      plain.close();
      rolled.close();
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
