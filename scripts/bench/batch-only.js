'use strict';
/**
 * The bench's batch phase alone, against any built tree: 500-sample batches over 50 services from
 * 16 connections for S seconds on a fresh database, after a 1 s warm-up; prints one JSON line with
 * samples persisted (and scored) per second, the same figures `npm run bench` reports for batch.
 * Usage: node scripts/bench/batch-only.js [seconds=5] [tree=this repository] [--raw] [--keep]
 * (`tree` lets the same script measure an older worktree's build; --raw adds the raw SQLite
 * reference from ref-sqlite.js run just before, for the ratio; --keep leaves the database.)
 * With DRIFTWATCH_BENCH_NODE_ARGS="--cpu-prof --cpu-prof-dir=DIR" the server runs profiled.
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { startNode, runNodeJson, exitOnSignalsAndErrors } = require('./lib/children');
const { cannon, batchBody } = require('./lib/load');
const { status, drained, scoredSamples } = require('./lib/api');

const BATCH_SIZE = 500;
const BATCH_SERVICES = 50;
const BATCH_CONNECTIONS = 16;

function freePort() {
  return new Promise((resolve, reject) => {
    const probe = require('node:net').createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

async function main() {
  const args = process.argv.slice(2).filter((a) => !a.startsWith('--'));
  const seconds = Number(args[0] || 5);
  const tree = path.resolve(args[1] || path.join(__dirname, '../..'));
  const raw = process.argv.includes('--raw');
  const main = path.join(tree, 'dist/apps/api/apps/api/src/main.js');
  if (!fs.existsSync(main)) throw new Error(`${main} is missing: build that tree first`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'driftwatch-batch-'));
  try {
    const sqlite = raw ? await runNodeJson([path.join(__dirname, 'ref-sqlite.js'), dir, '2']) : null;
    const port = await freePort();
    const nodeArgs = (process.env.DRIFTWATCH_BENCH_NODE_ARGS || '').split(' ').filter(Boolean);
    const server = await startNode([...nodeArgs, main], {
      cwd: tree,
      env: { DRIFTWATCH_HOST: '127.0.0.1', DRIFTWATCH_PORT: String(port), DRIFTWATCH_DB_PATH: path.join(dir, 'driftwatch.db'), DRIFTWATCH_LOG_LEVEL: 'warn' },
      ready: /API listening on/,
      timeoutMs: 120_000,
    });
    server.url = `http://127.0.0.1:${port}`;
    const ids = Array.from({ length: BATCH_SERVICES }, (_, i) => `bench-batch-${i}`);
    const body = batchBody(BATCH_SIZE, BATCH_SERVICES);
    let result;
    try {
      await cannon({ url: server.url, path: '/v1/telemetry/batch', body, connections: BATCH_CONNECTIONS, duration: 1 }); // warm-up
      await drained(server);
      const before = await status(server);
      const scoredBefore = await scoredSamples(server, ids);
      const t0 = process.hrtime.bigint();
      const load = await cannon({ url: server.url, path: '/v1/telemetry/batch', body, connections: BATCH_CONNECTIONS, duration: seconds });
      const after = await drained(server);
      const elapsed = Number(process.hrtime.bigint() - t0) / 1e9;
      const persisted = after.total_telemetry_records - before.total_telemetry_records;
      const scored = (await scoredSamples(server, ids)) - scoredBefore;
      result = {
        tree,
        persistedPerSec: Math.round(persisted / elapsed),
        scoredPerSec: Math.round(scored / elapsed),
        reqPerSec: Math.round(load.reqPerSec),
        p99: load.p99,
        accepted: load.accepted,
        refused: load.refused,
        other: load.other,
        rawSqlitePerSec: sqlite ? Math.round(sqlite.rowsPerSec) : undefined,
        ratio: sqlite ? Math.round((persisted / elapsed / sqlite.rowsPerSec) * 1000) / 1000 : undefined,
      };
    } finally {
      await server.stop();
    }
    console.log(JSON.stringify(result));
  } finally {
    if (process.argv.includes('--keep')) console.error(`database kept in ${dir}`);
    else fs.rmSync(dir, { recursive: true, force: true });
  }
}

exitOnSignalsAndErrors();
main().catch((e) => {
  console.error(e);
  process.exit(1);
});
