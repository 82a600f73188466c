import { DRIFT_CONFIG, DriftConfig } from '@app/config';
import { SqliteDatabase } from '@app/persistence';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { Worker } from 'node:worker_threads';

// Runs in a worker thread with its own connection: PASSIVE checkpoints never wait for the writer.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file);
db.pragma('busy_timeout = 100');
const timer = setInterval(() => {
  try { db.pragma('wal_checkpoint(PASSIVE)'); } catch (error) { /* busy: the next tick retries */ }
}, workerData.everyMs);
parentPort.on('message', () => {
  clearInterval(timer);
  db.close();
  parentPort.close();
});
`;

/**
 * Moves WAL checkpoints off the ingest path. With SQLite's default (a checkpoint every 1000
 * pages, inside whichever commit crosses it) a group commit stalls while pages are copied and
 * the database file is fsynced; measured on the bench's batch phase this cost ~15 % of the
 * main thread. A worker thread does that copying in parallel instead. Durability is unchanged:
 * a commit is in the WAL either way, and a crash mid-checkpoint is recovered by SQLite.
 */
@Injectable()
export class WalCheckpointer {
  private readonly logger = new Logger(WalCheckpointer.name);
  private worker?: Worker;

  constructor(
    @Inject(DRIFT_CONFIG) private readonly config: DriftConfig,
    private readonly db: SqliteDatabase,
  ) {}

  start(): void {
    const raw = this.db.raw;
    if (raw.memory || this.worker) return;
    // The main connection still checkpoints at this bound: normally the thread has already copied
    // the pages, so this only lets the WAL restart; it also bounds the WAL if the thread dies.
    raw.pragma(`wal_autocheckpoint = ${this.config.walAutocheckpointPages}`);
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { driver: require.resolve('better-sqlite3'), file: raw.name, everyMs: this.config.walCheckpointIntervalMs },
    });
    worker.unref();
    worker.on('error', (error) => {
      // The main connection's own checkpoints keep the WAL bounded; ingestion goes on.
      this.logger.error(`Background WAL checkpoints stopped: ${String(error)}`);
      this.worker = undefined;
    });
    this.worker = worker;
  }

  /** Closes the thread's connection first, so the main connection's close is the last one (it folds the WAL in). */
  async stop(): Promise<void> {
    const worker = this.worker;
    if (!worker) return;
    this.worker = undefined;
    const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
    worker.postMessage('stop');
    await exited;
  }
}
