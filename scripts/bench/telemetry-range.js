'use strict';
/**
 * How fast GET /v1/telemetry/{id} answers on a week of one service at 10 samples/s (6 048 000
 * rows), end to end over HTTP against the built server.
 *
 *   npm run build && node scripts/bench/telemetry-range.js [--rate 10] [--days 7] [--repeat 10]
 *
 * The week is written straight into a migrated database (through the API it would take minutes):
 * a few hundred samples go through the API first so the service exists with a real detector,
 * then the bulk rows and their per-minute rollup (the migration's backfill query) are inserted
 * with better-sqlite3, as `baseline = 0` rows so no detector window pages them in.
 */
const Database = require('better-sqlite3');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { startNode, exitOnSignalsAndErrors } = require('./lib/children');
const { MAIN } = require('./lib/dist');

const get = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const RATE = get('rate', 10);
const DAYS = get('days', 7);
const REPEAT = get('repeat', 10);
const SERVICE = 'bench-week';
const PORT = 18000 + Math.floor(Math.random() * 1000);

const READY = /API listening on/;

async function startServer(dbPath) {
  return startNode([MAIN], { env: { DRIFTWATCH_DB_PATH: dbPath, DRIFTWATCH_PORT: String(PORT), DRIFTWATCH_HOST: '127.0.0.1' }, ready: READY });
}

function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
}

async function main() {
  exitOnSignalsAndErrors();
  if (!fs.existsSync(MAIN)) throw new Error(`${MAIN} is missing: run \`npm run build\` first`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'driftwatch-range-bench-'));
  const dbPath = path.join(dir, 'driftwatch.db');
  const url = `http://127.0.0.1:${PORT}`;
  const now = Date.now();
  try {
    let server = await startServer(dbPath);
    // The seed is the oldest data (just inside the retention), so sample time rises with arrival
    // order across the whole table, as it does for a live service.
    const seedMs = now - DAYS * 86_400_000 + 60_000;
    const seed = Array.from({ length: 200 }, (_, i) => ({ service_id: SERVICE, latency_ms: 150 + (i % 7), payload_kb: 2 + (i % 3) / 10, timestamp: new Date(seedMs + i).toISOString() }));
    const res = await fetch(`${url}/v1/telemetry/batch`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ samples: seed }) });
    if (res.status !== 202) throw new Error(`seeding answered ${res.status}`);
    await server.stop();

    const db = new Database(dbPath);
    const { id } = db.prepare('SELECT id FROM services WHERE name = ?').get(SERVICE);
    const rows = Math.round(DAYS * 86_400 * RATE);
    const startMs = seedMs + 1000;
    const insert = db.prepare('INSERT INTO telemetry (service_id, seq, ts, latency_ms, payload_kb, baseline) VALUES (?, ?, ?, ?, ?, 0)');
    let t = Date.now();
    process.stdout.write(`writing ${rows.toLocaleString()} rows (${DAYS} d × ${RATE}/s)… `);
    let x = 1;
    const rand = () => ((x = (Math.imul(x, 1664525) + 1013904223) >>> 0) / 2 ** 32);
    const CHUNK = 500_000;
    for (let done = 0; done < rows; done += CHUNK) {
      db.transaction(() => {
        for (let i = done; i < Math.min(rows, done + CHUNK); i++) {
          insert.run(id, 1000 + i, Math.floor(startMs + (i * 1000) / RATE), 120 + 60 * rand(), 1.5 + rand());
        }
      })();
    }
    db.exec(`DELETE FROM telemetry_rollup WHERE service_id = ${id}`);
    db.exec(`INSERT INTO telemetry_rollup
             SELECT service_id, ts / 60000, COUNT(*), MIN(latency_ms), SUM(latency_ms), MAX(latency_ms),
                    COUNT(payload_kb), MIN(payload_kb), COALESCE(SUM(payload_kb), 0), MAX(payload_kb)
             FROM telemetry WHERE service_id = ${id} GROUP BY service_id, ts / 60000`);
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.close();
    console.log(`${((Date.now() - t) / 1000).toFixed(1)} s; database ${(fs.statSync(dbPath).size / 1e6).toFixed(0)} MB`);

    server = await startServer(dbPath);
    const iso = (ms) => new Date(ms).toISOString();
    const end = startMs + (rows * 1000) / RATE;
    const cases = [
      ['7 d, default step', { from: iso(end - 7 * 86_400_000), to: iso(end) }],
      ['7 d, step 2m (5040 buckets)', { from: iso(end - 7 * 86_400_000), to: iso(end), step: '2m' }],
      ['24 h, default step', { from: iso(end - 86_400_000), to: iso(end) }],
      ['24 h, step 1m (1440 buckets)', { from: iso(end - 86_400_000), to: iso(end), step: '1m' }],
      ['6 h, step 30s (samples: 216 k rows)', { from: iso(end - 6 * 3_600_000), to: iso(end), step: '30s' }],
      ['1 h, default step (samples: 36 k rows)', { from: iso(end - 3_600_000), to: iso(end) }],
      ['15 min, step 1s (samples: 9 k rows)', { from: iso(end - 900_000), to: iso(end), step: '1s' }],
    ];
    console.log(`\nGET /v1/telemetry/${SERVICE}, ${REPEAT} calls each (after one warm-up), end to end over HTTP:\n`);
    console.log('| query | step | buckets | source | samples counted | median ms | max ms |');
    console.log('|---|---|---|---|---|---|---|');
    for (const [name, query] of cases) {
      const target = `${url}/v1/telemetry/${SERVICE}?${new URLSearchParams(query)}`;
      const first = await fetch(target);
      if (first.status !== 200) throw new Error(`${name}: ${first.status} ${await first.text()}`);
      const body = await first.json();
      const times = [];
      for (let i = 0; i < REPEAT; i++) {
        t = process.hrtime.bigint();
        const r = await fetch(target);
        await r.arrayBuffer();
        times.push(Number(process.hrtime.bigint() - t) / 1e6);
      }
      times.sort((a, b) => a - b);
      const counted = body.count.reduce((a, b) => a + b, 0);
      console.log(`| ${name} | ${body.step} | ${body.time.length} | ${body.source} | ${counted.toLocaleString()} | ${percentile(times, 0.5).toFixed(1)} | ${times[times.length - 1].toFixed(1)} |`);
    }
    await server.stop();
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
