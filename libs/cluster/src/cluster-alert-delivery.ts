import type { AlertEvent, AlertSettings, AlertType } from '@app/alerting';
import { buildAlertRequest } from '@app/alerting/alert-request';
import { AttemptAbortedError, postOnce } from '@app/alerting/http-post';
import { AttemptResult, decide } from '@app/alerting/retry-policy';
import type { DriftEventEntity } from '@app/persistence';
import { Logger } from '@nestjs/common';
import type { Pool } from 'pg';
import type { PartitionOwnership } from './partition-ownership';

/** A claimed row is not due again until its attempt must be over (deadline plus this margin), as in embedded mode. */
const CLAIM_MARGIN_MS = 5000;

/** Maps a stored event to the JSON the alerts carry (the events route's view). */
export type ClusterEventView = (row: DriftEventEntity, serviceName: string) => unknown;

interface DueRow {
  id: number;
  eventId: number;
  destination: string;
  type: string;
  episodeEventId: number;
  attempts: number;
  createdAt: number;
}

const EVENT_COLUMNS = `e.id, e.service_id AS "serviceId", e.ts, e.seq, e.from_state AS "fromState", e.to_state AS "toState", e.reason, e.metric,
  e.count, e.max_zscore AS "maxZscore", e.z_latency AS "zLatency", e.z_payload AS "zPayload", e.cusum, e.baseline, e.deployment_id AS "deploymentId"`;

/**
 * Alert delivery in cluster mode: each process delivers the outbox rows of the services in the
 * partitions it owns, so a service's alerts still go out in order per destination (only the oldest
 * pending row of a (destination, service) pair is due), and a takeover moves the delivery with the
 * scoring. At least once, as in embedded mode: a deposed owner may finish an attempt the new
 * owner repeats; receivers dedupe by id. The retry policy and request formats are the embedded ones.
 */
export class ClusterAlertDelivery {
  private readonly logger = new Logger(ClusterAlertDelivery.name);
  private readonly inFlight = new Map<number, { controller: AbortController; done: Promise<void> }>();
  private timer?: NodeJS.Timeout;
  private running = false;
  private ticking = false;

  constructor(
    private readonly settings: AlertSettings,
    private readonly pool: Pool,
    private readonly ownership: PartitionOwnership,
    private readonly eventView: ClusterEventView,
  ) {}

  start(): void {
    if (this.settings.destinations.length === 0) return;
    this.running = true;
    this.schedule(0);
  }

  /** New rows were committed by the scoring loop. */
  wake(): void {
    if (this.running) this.schedule(0);
  }

  /** Aborts attempts in progress; an aborted attempt is not counted and is due again at once. */
  async stop(): Promise<void> {
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    const attempts = [...this.inFlight.values()];
    for (const a of attempts) a.controller.abort();
    await Promise.allSettled(attempts.map((a) => a.done));
  }

  private schedule(delayMs: number): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.tick();
    }, delayMs);
    this.timer.unref();
  }

  private async tick(): Promise<void> {
    if (!this.running || this.ticking) return;
    this.ticking = true;
    try {
      const free = this.settings.maxInFlight - this.inFlight.size;
      const owned = [...this.ownership.owned().keys()];
      if (free > 0 && owned.length > 0) for (const row of await this.due(owned, free)) await this.dispatch(row);
    } catch (error) {
      this.logger.error(`Alert delivery: ${String(error)}`);
    } finally {
      this.ticking = false;
      if (this.running) this.schedule(this.settings.pollIntervalMs);
    }
  }

  private async due(owned: number[], limit: number): Promise<DueRow[]> {
    const rows = await this.pool.query<DueRow>(
      `SELECT o.id, o.event_id AS "eventId", o.destination, o.type, o.episode_event_id AS "episodeEventId", o.attempts, o.created_at AS "createdAt"
       FROM alert_outbox o JOIN services s ON s.id = o.service_id
       WHERE s.partition = ANY($1::int[]) AND o.status = 'pending' AND o.next_attempt_at <= $2 AND o.id <> ALL($4::bigint[])
         AND NOT EXISTS (SELECT 1 FROM alert_outbox p WHERE p.status = 'pending' AND p.destination = o.destination AND p.service_id = o.service_id AND p.id < o.id)
       ORDER BY o.next_attempt_at, o.id LIMIT $3`,
      [owned, Date.now(), limit, [...this.inFlight.keys()]],
    );
    return rows.rows;
  }

  private async dispatch(row: DueRow): Promise<void> {
    await this.update(`UPDATE alert_outbox SET next_attempt_at = $2 WHERE id = $1 AND status = 'pending'`, [row.id, Date.now() + this.settings.timeoutMs + CLAIM_MARGIN_MS]);
    const controller = new AbortController();
    const done = this.attempt(row, controller.signal)
      .catch((error: unknown) => this.logger.error(`Alert ${row.id}: ${String(error)}`))
      .finally(() => {
        this.inFlight.delete(row.id);
        this.wake();
      });
    this.inFlight.set(row.id, { controller, done });
  }

  private async attempt(row: DueRow, signal: AbortSignal): Promise<void> {
    const destination = this.settings.destinations.find((d) => d.name === row.destination);
    const loaded = await this.pool.query<DriftEventEntity & { serviceName: string }>(
      `SELECT ${EVENT_COLUMNS}, s.name AS "serviceName" FROM drift_events e JOIN services s ON s.id = e.service_id WHERE e.id = $1`,
      [row.eventId],
    );
    const stored = loaded.rows[0];
    if (!destination || !stored) {
      const why = !destination ? `the ${row.destination} destination is no longer configured` : `drift event ${row.eventId} is no longer stored (retention)`;
      await this.update(`UPDATE alert_outbox SET status = 'failed', last_error = $2 WHERE id = $1 AND status = 'pending'`, [row.id, `not delivered: ${why}`]);
      return;
    }
    const event: AlertEvent = {
      type: row.type as AlertType,
      eventId: row.eventId,
      episodeEventId: row.episodeEventId,
      serviceId: stored.serviceName,
      timeMs: stored.ts,
      from: stored.fromState,
      to: stored.toState,
      reason: stored.reason,
      metric: stored.metric,
      maxZscore: stored.maxZscore,
      view: this.eventView(stored, stored.serviceName),
    };
    let result: AttemptResult;
    try {
      result = await postOnce(buildAlertRequest(destination, event, this.settings.publicUrl, Date.now()), this.settings.timeoutMs, signal);
    } catch (error) {
      if (!(error instanceof AttemptAbortedError)) throw error;
      await this.update(`UPDATE alert_outbox SET next_attempt_at = $2 WHERE id = $1 AND status = 'pending'`, [row.id, Date.now()]);
      return;
    }
    const nowMs = Date.now();
    const decision = decide(result, row.attempts + 1, row.createdAt, nowMs, this.settings.retry, Math.random);
    const what = `Alert ${event.type} #${event.eventId} (${event.serviceId}) to ${row.destination}`;
    if (decision.kind === 'delivered') {
      await this.update(
        `UPDATE alert_outbox SET status = 'delivered', attempts = attempts + 1, last_attempt_at = $2, delivered_at = $2, last_status = $3, last_error = NULL WHERE id = $1`,
        [row.id, nowMs, decision.httpStatus],
      );
      this.logger.log(`${what} delivered after ${row.attempts + 1} attempt(s)`);
    } else if (decision.kind === 'retry') {
      await this.update(
        `UPDATE alert_outbox SET attempts = attempts + 1, last_attempt_at = $2, next_attempt_at = $3, last_status = $4, last_error = $5 WHERE id = $1 AND status = 'pending'`,
        [row.id, nowMs, decision.nextAttemptAt, decision.httpStatus, decision.error],
      );
    } else {
      await this.update(
        `UPDATE alert_outbox SET status = 'failed', attempts = attempts + 1, last_attempt_at = $2, last_status = $3, last_error = $4 WHERE id = $1 AND status = 'pending'`,
        [row.id, nowMs, decision.httpStatus, decision.error],
      );
      this.logger.warn(`${what} failed: ${decision.error}`);
    }
  }

  private async update(sql: string, params: unknown[]): Promise<void> {
    await this.pool.query(sql, params);
  }
}
