import { DRIFT_CONFIG, DriftConfig } from '@app/config';
import { DetectorRegistry, Transition } from '@app/health';
import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { BatchCommitter } from './batch-committer';
import { CommitFailedError, StorageUnavailableError, storageFaultCode } from './ingestion.errors';
import { IngestionQueue } from './ingestion-queue';
import { WalCheckpointer } from './wal-checkpointer';

/** One committed group: what metrics (or anyone else) may want to know about it. */
export interface CommitReport {
  samples: number;
  /** Wall time of the transaction (validation and queueing excluded). */
  durationMs: number;
  /** Drift events (transitions) the group recorded, in order. */
  transitions: readonly Transition[];
}

/** Why the last group commit could not write, until a later one succeeds. */
export interface StorageFault {
  code: string;
  sinceMs: number;
}

/**
 * Drains the queue: waits up to FLUSH_INTERVAL_MS for more requests to share a transaction
 * (group commit), commits, then answers every request in it. On shutdown it stops the queue
 * accepting and drains what is left before the database closes.
 */
@Injectable()
export class IngestionWorker implements OnModuleInit, BeforeApplicationShutdown {
  private readonly logger = new Logger(IngestionWorker.name);
  private scheduled = false;
  private draining?: Promise<void>;
  private finishDrain?: () => void;
  committedSamples = 0;
  commits = 0;
  /** Samples whose group commit failed (answered 500; nothing of them was stored). */
  failedSamples = 0;
  /** Set while the database cannot be written (disk full, I/O error); cleared by the next successful commit. */
  storageFault: StorageFault | null = null;
  private readonly commitListeners: Array<(report: CommitReport) => void> = [];

  constructor(
    @Inject(DRIFT_CONFIG) private readonly config: DriftConfig,
    private readonly queue: IngestionQueue,
    private readonly committer: BatchCommitter,
    private readonly checkpointer: WalCheckpointer,
    private readonly registry: DetectorRegistry,
  ) {}

  onModuleInit(): void {
    this.queue.onWork(() => this.schedule(this.config.flushIntervalMs));
    this.checkpointer.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.queue.close();
    if (this.queue.pending > 0) {
      this.draining ??= new Promise<void>((resolve) => (this.finishDrain = resolve));
      this.schedule(0);
      await this.draining;
      this.logger.log('Ingestion queue drained');
    }
    await this.checkpointer.stop();
  }

  /** Called after every successful group commit (the /metrics commit histogram and event counts). */
  onCommitted(listener: (report: CommitReport) => void): void {
    this.commitListeners.push(listener);
  }

  /** A listener's failure is logged, never turned into a failed commit: the samples are stored. */
  private report(report: CommitReport): void {
    for (const listener of this.commitListeners) {
      try {
        listener(report);
      } catch (error) {
        this.logger.error(`Commit listener failed: ${String(error)}`);
      }
    }
  }

  private schedule(delayMs: number): void {
    if (this.scheduled) return;
    this.scheduled = true;
    const run = () => {
      this.scheduled = false;
      this.flush();
    };
    if (delayMs <= 0) setImmediate(run);
    else setTimeout(run, delayMs).unref();
  }

  /** Commits one group of queued requests, then yields to the event loop before the next. */
  flush(): void {
    const items = this.queue.take(this.config.flushMaxSamples);
    if (items.length > 0) {
      let samples = 0;
      let bytes = 0;
      for (const item of items) {
        if (item.kind === 'samples') samples += item.samples.length;
        bytes += item.bytes;
      }
      try {
        const started = performance.now();
        const transitions = this.committer.commit(items, Date.now());
        const durationMs = performance.now() - started;
        this.committedSamples += samples;
        this.commits++;
        if (this.storageFault) {
          this.logger.warn(`The database is writable again (after ${this.storageFault.code})`);
          this.storageFault = null;
        }
        for (const item of items) item.settle.resolve();
        this.report({ samples, durationMs, transitions });
      } catch (error) {
        this.failedSamples += samples;
        this.logger.error(`Group commit of ${samples} sample(s) failed: ${String(error)}`);
        const code = storageFaultCode(error);
        if (code) this.storageFault ??= { code, sinceMs: Date.now() };
        const failure = code ? new StorageUnavailableError(code, this.config.storageRetryAfterSeconds) : new CommitFailedError(error);
        for (const item of items) item.settle.reject(failure);
      } finally {
        this.queue.release(samples, bytes);
        // Between transactions every stored state is current: the one safe moment to unload.
        this.registry.unloadIdle(Date.now());
      }
    }
    if (this.queue.pending > 0) this.schedule(0);
    else this.finishDrain?.();
  }
}
