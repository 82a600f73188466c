'use strict';
/**
 * Reference 2: raw better-sqlite3 inserts into DriftWatch's telemetry table (same schema, WAL,
 * synchronous=NORMAL) in transactions of 1000 rows — the storage ceiling batch ingest is
 * measured against. Prints one JSON line: {rowsPerSec, rows, seconds}.
 * Usage: node ref-sqlite.js <dir> [seconds]
 */
const Database = require('better-sqlite3');
const path = require('node:path');

const dir = process.argv[2];
const seconds = Number(process.argv[3] || 2);
const db = new Database(path.join(dir, 'ref-sqlite.db'));
db.pragma('journal_mode = WAL');
db.pragma('synchronous = NORMAL');
db.exec(`CREATE TABLE telemetry (service_id INTEGER NOT NULL, seq INTEGER NOT NULL, ts INTEGER NOT NULL,
  latency_ms REAL NOT NULL, payload_kb REAL NOT NULL, baseline INTEGER NOT NULL,
  PRIMARY KEY (service_id, seq)) WITHOUT ROWID`);
const insert = db.prepare('INSERT INTO telemetry (service_id, seq, ts, latency_ms, payload_kb, baseline) VALUES (?, ?, ?, ?, ?, ?)');
const SERVICES = 50;
const seqs = new Float64Array(SERVICES);
let n = 0;
const tx = db.transaction((count) => {
  for (let i = 0; i < count; i++, n++) {
    const s = n % SERVICES;
    insert.run(s + 1, ++seqs[s], 1_767_000_000_000 + n, 100 + (n % 97), 2 + (n % 13) / 10, 1);
  }
});
const t0 = process.hrtime.bigint();
const deadline = t0 + BigInt(seconds * 1e9);
while (process.hrtime.bigint() < deadline) tx(1000);
const elapsed = Number(process.hrtime.bigint() - t0) / 1e9;
db.close();
console.log(JSON.stringify({ rowsPerSec: n / elapsed, rows: n, seconds: elapsed }));
