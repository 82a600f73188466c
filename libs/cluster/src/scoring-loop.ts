import type { DriftConfig } from '@app/config';
import { Logger } from '@nestjs/common';
import { AdvisoryLockOwnership, LeaseLostError } from './advisory-lock-ownership';
import type { ClusterRetention } from './cluster-retention';
import type { PartitionScorer, ScoredBatch } from './partition-scorer';

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * The owner's loop: keep the lease session alive and the share fair (every CLUSTER_HEARTBEAT_MS),
 * and score the owned partitions that have records waiting, one transaction per partition batch.
 * Rebalancing happens only between batches, so a partition is never released mid-transaction.
 */
export class ScoringLoop {
  private readonly logger = new Logger(ScoringLoop.name);
  private stopping = false;
  private running: Promise<void> | null = null;
  private lastFailure: string | null = null;
  private readonly listeners: Array<(batch: ScoredBatch) => void> = [];
  scoredRecords = 0;
  failedBatches = 0;

  constructor(
    private readonly config: Pick<DriftConfig, 'clusterHeartbeatMs'>,
    private readonly ownership: AdvisoryLockOwnership,
    private readonly scorer: PartitionScorer,
    private readonly retention: ClusterRetention,
  ) {
    ownership.onChange((change) => {
      if (change.kind !== 'acquired') scorer.forget(change.partition);
    });
  }

  onScored(listener: (batch: ScoredBatch) => void): void {
    this.listeners.push(listener);
  }

  start(): void {
    this.running ??= this.run();
  }

  /** Finishes the batch in progress, then hands every partition over. */
  async stop(): Promise<void> {
    this.stopping = true;
    await this.running;
    await this.ownership.close();
  }

  private async run(): Promise<void> {
    let lastBeat = 0;
    while (!this.stopping) {
      try {
        if (!this.ownership.connected) {
          await this.ownership.connect();
          lastBeat = 0;
        }
        if (Date.now() - lastBeat >= this.config.clusterHeartbeatMs) {
          await this.ownership.rebalance();
          lastBeat = Date.now();
        }
        if (this.retention.due(Date.now())) await this.expireOwned();
        const scored = await this.scoreOwned(lastBeat);
        this.lastFailure = null;
        if (!scored) await sleep(this.config.clusterHeartbeatMs);
      } catch (error) {
        // Once per distinct failure: a database that is down for a minute is one line, not four hundred.
        const message = String(error);
        if (!(error instanceof LeaseLostError) && message !== this.lastFailure) this.logger.error(`Scoring loop: ${message}`);
        this.lastFailure = message;
        // Reconnecting at once would spin against a database that is down.
        await sleep(this.config.clusterHeartbeatMs);
      }
    }
  }

  /** One retention transaction per owned partition (between scoring passes, on the lease session). */
  private async expireOwned(): Promise<void> {
    let full = false;
    for (const [partition, epoch] of [...this.ownership.owned()]) {
      if (this.stopping) return;
      try {
        full = (await this.ownership.transaction(partition, epoch, (client) => this.retention.run(client, partition, Date.now()))) || full;
      } catch (error) {
        if (error instanceof LeaseLostError) throw error;
        this.logger.error(`Retention of partition ${partition} failed (rolled back): ${String(error)}`);
      }
    }
    this.retention.passDone(full);
  }

  /** One pass over the owned partitions with waiting records; true if anything was scored. */
  private async scoreOwned(lastBeat: number): Promise<boolean> {
    let any = false;
    for (const partition of await this.ownership.withWaitingRecords()) {
      if (this.stopping || Date.now() - lastBeat >= this.config.clusterHeartbeatMs) break;
      const epoch = this.ownership.owned().get(partition);
      if (epoch === undefined) continue;
      let batch: ScoredBatch | null;
      try {
        batch = await this.scorer.score(this.ownership, partition, epoch, Date.now());
      } catch (error) {
        if (error instanceof LeaseLostError) throw error;
        this.failedBatches++;
        this.logger.error(`Scoring partition ${partition} failed (rolled back, will retry): ${String(error)}`);
        continue;
      }
      if (!batch) continue;
      any = true;
      this.scoredRecords += batch.records;
      for (const listener of this.listeners) listener(batch);
    }
    return any;
  }
}
