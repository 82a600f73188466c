'use strict';
/** The DriftWatch API as a child process on a temporary database, and the reads the bench makes. */
const fs = require('node:fs');
const path = require('node:path');
const Database = require('better-sqlite3');
const { startNode } = require('./children');
const { MAIN, ROOT } = require('./dist');

/** A port the OS just handed out (the API prints its configured port, so 0 cannot be used). */
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

/**
 * Starts the API on 127.0.0.1 with `dbPath`; resolves when it listens. `args` default to the
 * build; the e2e crash test passes ts-node arguments instead so it needs no build.
 */
async function startApi(dbPath, env = {}, args = [MAIN]) {
  const port = await freePort();
  const server = await startNode(args, {
    cwd: ROOT,
    env: { DRIFTWATCH_HOST: '127.0.0.1', DRIFTWATCH_PORT: String(port), DRIFTWATCH_DB_PATH: dbPath, DRIFTWATCH_LOG_LEVEL: 'log', ...env },
    ready: /API listening on/,
    timeoutMs: 120_000,
  });
  server.url = `http://127.0.0.1:${port}`;
  return server;
}

async function getJson(url) {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`GET ${url}: ${res.status}`);
  return res.json();
}

const status = (server) => getJson(`${server.url}/v1/system/status`);

/** Waits until every queued sample is committed (the queue is empty). */
async function drained(server, timeoutMs = 60_000) {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const s = await status(server);
    if (s.queue.depth === 0) return s;
    if (Date.now() > until) throw new Error(`queue not drained: ${JSON.stringify(s.queue)}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Sum of the detectors' sample counts (what the engine scored) over `serviceIds`. */
async function scoredSamples(server, serviceIds) {
  let total = 0;
  for (const id of serviceIds) {
    const res = await fetch(`${server.url}/v1/health/${encodeURIComponent(id)}`);
    if (res.status === 200) total += (await res.json()).sample_count;
  }
  return total;
}

/** Rows and on-disk bytes of the telemetry table and its indexes, read with the server stopped. */
function storage(dbPath) {
  const db = new Database(dbPath, { readonly: true });
  try {
    const rows = db.prepare('SELECT COUNT(*) AS n FROM telemetry').get().n;
    const names = [
      'telemetry',
      ...db.prepare("SELECT name FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'telemetry'").pluck().all(),
    ];
    const bytes = db
      .prepare(`SELECT SUM(pgsize) AS b FROM dbstat WHERE name IN (${names.map(() => '?').join(',')})`)
      .get(...names).b;
    const fileBytes = fs.statSync(dbPath).size;
    return { rows, bytes, bytesPerRow: bytes / rows, fileBytes };
  } finally {
    db.close();
  }
}

function tempDir(root, name) {
  const dir = path.join(root, name);
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}

module.exports = { startApi, status, drained, scoredSamples, storage, getJson, tempDir };
