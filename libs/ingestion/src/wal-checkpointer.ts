import { SqliteDatabase } from '@app/persistence';
import { Injectable, Logger } from '@nestjs/common';
import { Worker } from 'node:worker_threads';

/** How often the background thread copies committed WAL frames into the database file. */
const CHECKPOINT_EVERY_MS = 50;
/**
 * The main connection still checkpoints once the WAL holds this many pages (~40 MB): normally
 * the background thread has already copied them, so this only finishes the job and lets the
 * WAL restart; it also bounds the WAL if the thread falls behind or dies.
 */
const MAIN_AUTOCHECKPOINT_PAGES = 10_000;

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

  constructor(private readonly db: SqliteDatabase) {}

  start(): void {
    const raw = this.db.raw;
    if (raw.memory || this.worker) return;
    raw.pragma(`wal_autocheckpoint = ${MAIN_AUTOCHECKPOINT_PAGES}`);
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { driver: require.resolve('better-sqlite3'), file: raw.name, everyMs: CHECKPOINT_EVERY_MS },
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
