import { ConfigError, DRIFT_CONFIG, DriftConfig } from '@app/config';
import { DetectorRegistry } from '@app/health';
import { AlertOutboxRepository, DriftEventRepository, IdempotencyRepository, SqliteDatabase, TelemetryBucketsRepository, TelemetryRepository } from '@app/persistence';
import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { CronJob } from 'cron';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { retentionCutoffs } from './retention-cutoffs';

export interface RetentionResult {
  telemetryDeleted: number;
  eventsDeleted: number;
  /** Delivered or failed alert deliveries (pending ones are kept). */
  alertsDeleted: number;
  /** Idempotency-Key records older than IDEMPOTENCY_TTL_HOURS. */
  keysDeleted: number;
}

/**
 * Deletes expired telemetry and drift events in small transactions, yielding to the event loop
 * between them so group commits keep flowing. A service's live window is never deleted.
 */
@Injectable()
export class RetentionService implements OnModuleInit {
  private readonly logger = new Logger(RetentionService.name);
  private running = false;

  constructor(
    @Inject(DRIFT_CONFIG) private readonly config: DriftConfig,
    private readonly scheduler: SchedulerRegistry,
    private readonly registry: DetectorRegistry,
    private readonly telemetry: TelemetryRepository,
    private readonly events: DriftEventRepository,
    private readonly db: SqliteDatabase,
    private readonly alerts: AlertOutboxRepository,
    private readonly buckets: TelemetryBucketsRepository,
    private readonly keys: IdempotencyRepository,
  ) {}

  onModuleInit(): void {
    let job: CronJob;
    try {
      job = CronJob.from({ cronTime: this.config.retentionCron, onTick: () => void this.run() });
    } catch (error) {
      throw new ConfigError(`Invalid DRIFTWATCH_RETENTION_CRON=${JSON.stringify(this.config.retentionCron)}: ${String(error)}`);
    }
    this.scheduler.addCronJob('retention', job);
    job.start();
  }

  async run(nowMs = Date.now()): Promise<RetentionResult> {
    const result = { telemetryDeleted: 0, eventsDeleted: 0, alertsDeleted: 0, keysDeleted: 0 };
    if (this.running) return result;
    this.running = true;
    try {
      const cutoffs = retentionCutoffs(nowMs, this.config.telemetryRetentionDays, this.config.driftEventsRetentionDays);
      const batch = this.config.retentionBatchSize;
      for (const service of Array.from(this.registry.all())) {
        for (;;) {
          const protectFrom = service.windowFrontSeq ?? service.lastSeq + 1;
          const n = this.db.transaction(() => this.telemetry.deleteExpired(service.id, cutoffs.telemetryBeforeMs, protectFrom, batch));
          result.telemetryDeleted += n;
          await yieldToEventLoop();
          if (n < batch) break;
        }
        // The chart's per-minute rollup follows the samples' retention (by sample time).
        for (;;) {
          const n = this.db.transaction(() => this.buckets.deleteBefore(service.id, cutoffs.telemetryBeforeMs, batch));
          await yieldToEventLoop();
          if (n < batch) break;
        }
      }
      for (;;) {
        const n = this.db.transaction(() => this.events.deleteOlderThan(cutoffs.eventsBeforeMs, batch));
        result.eventsDeleted += n;
        await yieldToEventLoop();
        if (n < batch) break;
      }
      // Alert deliveries follow their events' retention (by the time they were written).
      for (;;) {
        const n = this.db.transaction(() => this.alerts.deleteFinishedOlderThan(cutoffs.eventsBeforeMs, batch));
        result.alertsDeleted += n;
        await yieldToEventLoop();
        if (n < batch) break;
      }
      // Expired keys answer nothing already (lookups ignore them); this only reclaims their space.
      const keysBefore = nowMs - this.config.idempotencyTtlHours * 3_600_000;
      for (;;) {
        const n = this.db.transaction(() => this.keys.deleteOlderThan(keysBefore, batch));
        result.keysDeleted += n;
        await yieldToEventLoop();
        if (n < batch) break;
      }
      if (result.telemetryDeleted + result.eventsDeleted + result.alertsDeleted + result.keysDeleted > 0) {
        this.logger.log(
          `Retention removed ${result.telemetryDeleted} sample(s), ${result.eventsDeleted} event(s), ${result.alertsDeleted} alert delivery(ies) ` +
            `and ${result.keysDeleted} expired Idempotency-Key(s)`,
        );
      }
      return result;
    } finally {
      this.running = false;
    }
  }
}
