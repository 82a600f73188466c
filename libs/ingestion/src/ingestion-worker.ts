import { DRIFT_CONFIG, DriftConfig } from '@app/config';
import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { BatchCommitter } from './batch-committer';
import { CommitFailedError } from './ingestion.errors';
import { IngestionQueue } from './ingestion-queue';
import { WalCheckpointer } from './wal-checkpointer';

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

  constructor(
    @Inject(DRIFT_CONFIG) private readonly config: DriftConfig,
    private readonly queue: IngestionQueue,
    private readonly committer: BatchCommitter,
    private readonly checkpointer: WalCheckpointer,
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
        this.committer.commit(items, Date.now());
        this.committedSamples += samples;
        this.commits++;
        for (const item of items) item.settle.resolve();
      } catch (error) {
        this.logger.error(`Group commit of ${samples} sample(s) failed: ${String(error)}`);
        const failure = new CommitFailedError(error);
        for (const item of items) item.settle.reject(failure);
      } finally {
        this.queue.release(samples, bytes);
      }
    }
    if (this.queue.pending > 0) this.schedule(0);
    else this.finishDrain?.();
  }
}
