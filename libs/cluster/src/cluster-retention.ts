import type { DriftConfig } from '@app/config';
import { CronTime } from 'cron';
import type { Client } from 'pg';

const DAY_MS = 86_400_000;

/**
 * Retention in cluster mode, run by each owner for its own partitions, in transactions on the
 * lease session (so a deposed owner cannot delete either). Same rules as the embedded job: samples
 * older than TELEMETRY_RETENTION_DAYS go, except the live window (seq from the detector's
 * windowFrontSeq on, which a takeover must read back); drift events older than
 * DRIFT_EVENTS_RETENTION_DAYS go, and settled alert rows with them. At most RETENTION_BATCH_SIZE
 * rows of each kind per partition and transaction; a pass that hit the limit is followed by another.
 * Idempotency-Key records older than IDEMPOTENCY_TTL_HOURS belong to no partition: the owner of
 * partition 0 prunes them (one process at a time, as for the rest).
 */
export class ClusterRetention {
  private readonly cron: CronTime;
  private nextAtMs: number;
  private again = false;

  constructor(private readonly config: Pick<DriftConfig, 'retentionCron' | 'telemetryRetentionDays' | 'driftEventsRetentionDays' | 'retentionBatchSize' | 'idempotencyTtlHours'>) {
    this.cron = new CronTime(config.retentionCron);
    this.nextAtMs = this.cron.sendAt().toMillis();
  }

  due(nowMs: number): boolean {
    return this.again || nowMs >= this.nextAtMs;
  }

  /** Called once a pass over every owned partition is done; `full`: some partition hit the batch limit. */
  passDone(full: boolean): void {
    this.again = full;
    if (!full) this.nextAtMs = this.cron.sendAt().toMillis();
  }

  /** Deletes one batch of expired rows of a partition; returns whether any kind hit the batch limit. */
  async run(client: Client, partition: number, nowMs: number): Promise<boolean> {
    const batch = this.config.retentionBatchSize;
    const telemetryBefore = nowMs - this.config.telemetryRetentionDays * DAY_MS;
    const eventsBefore = nowMs - this.config.driftEventsRetentionDays * DAY_MS;
    const samples = await client.query(
      `DELETE FROM telemetry WHERE ctid IN (
         SELECT t.ctid FROM services s JOIN telemetry t ON t.service_id = s.id
         WHERE s.partition = $1 AND t.ts < $2
           AND t.seq < COALESCE((s.detector::jsonb ->> 'windowFrontSeq')::bigint, (s.detector::jsonb ->> 'lastSeq')::bigint + 1)
         LIMIT $3)`,
      [partition, telemetryBefore, batch],
    );
    const events = await client.query(
      `DELETE FROM drift_events WHERE id IN (
         SELECT e.id FROM services s JOIN drift_events e ON e.service_id = s.id WHERE s.partition = $1 AND e.ts < $2 LIMIT $3)`,
      [partition, eventsBefore, batch],
    );
    const alerts = await client.query(
      `DELETE FROM alert_outbox WHERE id IN (
         SELECT o.id FROM services s JOIN alert_outbox o ON o.service_id = s.id
         WHERE s.partition = $1 AND o.status IN ('delivered', 'failed') AND o.created_at < $2 LIMIT $3)`,
      [partition, eventsBefore, batch],
    );
    const keys =
      partition === 0
        ? await client.query('DELETE FROM dw_idempotency_keys WHERE key IN (SELECT key FROM dw_idempotency_keys WHERE created_at < $1 LIMIT $2)', [
            nowMs - this.config.idempotencyTtlHours * 3_600_000,
            batch,
          ])
        : { rowCount: 0 };
    return (samples.rowCount ?? 0) >= batch || (events.rowCount ?? 0) >= batch || (alerts.rowCount ?? 0) >= batch || (keys.rowCount ?? 0) >= batch;
  }
}
