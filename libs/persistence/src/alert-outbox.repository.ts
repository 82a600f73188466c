import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Statement } from 'better-sqlite3';
import { Repository } from 'typeorm';
import { DriftEventEntity } from './entities/drift-event.entity';
import { SqliteDatabase } from './sqlite-database';

export type AlertDeliveryStatus = 'pending' | 'delivered' | 'failed';

export interface NewAlert {
  eventId: number;
  serviceId: number;
  destination: string;
  type: string;
  episodeEventId: number;
  createdAt: number;
}

/** A pending alert the worker may attempt now. */
export interface DueAlert {
  id: number;
  eventId: number;
  serviceId: number;
  destination: string;
  type: string;
  episodeEventId: number;
  attempts: number;
  createdAt: number;
}

/** One outbox row as the deliveries route shows it. */
export interface AlertDeliveryRow {
  id: number;
  eventId: number;
  serviceName: string;
  destination: string;
  type: string;
  status: AlertDeliveryStatus;
  attempts: number;
  createdAt: number;
  nextAttemptAt: number;
  lastAttemptAt: number | null;
  deliveredAt: number | null;
  lastStatus: number | null;
  lastError: string | null;
}

export interface AlertDeliveryQuery {
  status?: AlertDeliveryStatus;
  serviceName?: string;
  destination?: string;
  limit: number;
}

export interface AlertOutcome {
  nowMs: number;
  httpStatus: number | null;
  error: string | null;
}

const DUE_HEADS = `FROM alert_outbox o
  WHERE o.status = 'pending' AND NOT EXISTS (
    SELECT 1 FROM alert_outbox p
    WHERE p.status = 'pending' AND p.destination = o.destination AND p.service_id = o.service_id AND p.id < o.id)`;

/**
 * The alert outbox: rows are inserted inside the ingest transaction (prepared statements, like
 * telemetry), then claimed and settled by the delivery worker. A service's alerts reach each
 * destination in order: only the oldest pending row of a (destination, service) pair is due.
 */
@Injectable()
export class AlertOutboxRepository {
  private readonly statements = new Map<string, Statement>();

  constructor(
    private readonly db: SqliteDatabase,
    @InjectRepository(DriftEventEntity) private readonly events: Repository<DriftEventEntity>,
  ) {}

  private prepare(sql: string): Statement {
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = this.db.raw.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }

  /** Must run inside the transaction that inserted the drift event. One row per (event, destination). */
  insert(alert: NewAlert): void {
    const statement = this.prepare(
      `INSERT OR IGNORE INTO alert_outbox (event_id, service_id, destination, type, episode_event_id, status, attempts, created_at, next_attempt_at)
       VALUES (?, ?, ?, ?, ?, 'pending', 0, ?, ?)`,
    );
    statement.run(alert.eventId, alert.serviceId, alert.destination, alert.type, alert.episodeEventId, alert.createdAt, alert.createdAt);
  }

  /**
   * The id of the service's last DRIFT_DETECTED event before `beforeEventId` (the episode's
   * opening), of the same endpoint: each endpoint of a service has its own episodes.
   */
  openingEventId(serviceId: number, beforeEventId: number): number | undefined {
    const statement = this.prepare(
      `SELECT id FROM drift_events WHERE service_id = ? AND to_state = 'DRIFT_DETECTED' AND from_state <> 'DRIFT_DETECTED' AND id < ?
         AND endpoint IS (SELECT endpoint FROM drift_events WHERE id = ?)
       ORDER BY id DESC LIMIT 1`,
    );
    return statement.pluck().get(serviceId, beforeEventId, beforeEventId) as number | undefined;
  }

  /** Pending alerts due at `nowMs` that head their (destination, service) queue, earliest first. */
  due(nowMs: number, limit: number): DueAlert[] {
    const statement = this.prepare(
      `SELECT o.id, o.event_id AS eventId, o.service_id AS serviceId, o.destination, o.type, o.episode_event_id AS episodeEventId,
              o.attempts, o.created_at AS createdAt
       ${DUE_HEADS} AND o.next_attempt_at <= ? ORDER BY o.next_attempt_at, o.id LIMIT ?`,
    );
    return statement.all(nowMs, limit) as DueAlert[];
  }

  /** When the next queue head falls due (undefined: nothing pending). */
  nextDueAt(): number | undefined {
    const statement = this.prepare(`SELECT MIN(o.next_attempt_at) ${DUE_HEADS}`);
    return (statement.pluck().get() as number | null) ?? undefined;
  }

  /** Moves a pending row's next attempt (claim for an attempt in progress, or release after an abort). */
  reschedule(id: number, nextAttemptAt: number): void {
    this.prepare(`UPDATE alert_outbox SET next_attempt_at = ? WHERE id = ? AND status = 'pending'`).run(nextAttemptAt, id);
  }

  markDelivered(id: number, o: AlertOutcome): void {
    this.prepare(
        `UPDATE alert_outbox SET status = 'delivered', attempts = attempts + 1, last_attempt_at = ?, delivered_at = ?, last_status = ?, last_error = NULL
         WHERE id = ?`,
      )
      .run(o.nowMs, o.nowMs, o.httpStatus, id);
  }

  markRetry(id: number, o: AlertOutcome, nextAttemptAt: number): void {
    this.prepare(
        `UPDATE alert_outbox SET attempts = attempts + 1, last_attempt_at = ?, next_attempt_at = ?, last_status = ?, last_error = ?
         WHERE id = ? AND status = 'pending'`,
      )
      .run(o.nowMs, nextAttemptAt, o.httpStatus, o.error, id);
  }

  /** Gives an alert up; `attempted` counts the attempt that just failed (false: given up unattempted). */
  markFailed(id: number, o: AlertOutcome, attempted: boolean): void {
    this.prepare(
        `UPDATE alert_outbox SET status = 'failed', attempts = attempts + ?, last_attempt_at = CASE WHEN ? THEN ? ELSE last_attempt_at END,
           last_status = CASE WHEN ? THEN ? ELSE last_status END, last_error = ?
         WHERE id = ? AND status = 'pending'`,
      )
      .run(attempted ? 1 : 0, attempted ? 1 : 0, o.nowMs, attempted ? 1 : 0, o.httpStatus, o.error, id);
  }

  /** Gives up every pending alert for a destination that is no longer configured. */
  failPendingExcept(destinations: readonly string[], reason: (destination: string) => string): number {
    const rows = this.prepare(`SELECT DISTINCT destination FROM alert_outbox WHERE status = 'pending'`).pluck().all() as string[];
    let failed = 0;
    for (const destination of rows.filter((d) => !destinations.includes(d))) {
      failed += this.db.raw
        .prepare(`UPDATE alert_outbox SET status = 'failed', last_error = ? WHERE status = 'pending' AND destination = ?`)
        .run(reason(destination), destination).changes;
    }
    return failed;
  }

  /** The drift event an alert is about, with its service's name (undefined once retention deleted it). */
  async loadEvent(eventId: number): Promise<{ event: DriftEventEntity; serviceName: string } | undefined> {
    const event = await this.events.findOneBy({ id: eventId });
    if (!event) return undefined;
    const name = this.prepare('SELECT name FROM services WHERE id = ?').pluck().get(event.serviceId) as string | undefined;
    return { event, serviceName: name ?? String(event.serviceId) };
  }

  /** Newest first. */
  list(query: AlertDeliveryQuery): AlertDeliveryRow[] {
    const where: string[] = [];
    const params: (string | number)[] = [];
    if (query.status !== undefined) {
      where.push('o.status = ?');
      params.push(query.status);
    }
    if (query.serviceName !== undefined) {
      where.push('s.name = ?');
      params.push(query.serviceName);
    }
    if (query.destination !== undefined) {
      where.push('o.destination = ?');
      params.push(query.destination);
    }
    return this.prepare(
        `SELECT o.id, o.event_id AS eventId, s.name AS serviceName, o.destination, o.type, o.status, o.attempts, o.created_at AS createdAt,
                o.next_attempt_at AS nextAttemptAt, o.last_attempt_at AS lastAttemptAt, o.delivered_at AS deliveredAt,
                o.last_status AS lastStatus, o.last_error AS lastError
         FROM alert_outbox o JOIN services s ON s.id = o.service_id
         ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}
         ORDER BY o.id DESC LIMIT ?`,
      )
      .all(...params, query.limit) as AlertDeliveryRow[];
  }

  /** Rows per destination and status (for metrics). */
  countsByDestinationAndStatus(): { destination: string; status: AlertDeliveryStatus; count: number }[] {
    return this.prepare('SELECT destination, status, COUNT(*) AS count FROM alert_outbox GROUP BY destination, status ORDER BY destination, status')
      .all() as { destination: string; status: AlertDeliveryStatus; count: number }[];
  }

  /** Deletes at most `limit` delivered or failed rows created before `cutoffMs`; pending rows stay. */
  deleteFinishedOlderThan(cutoffMs: number, limit: number): number {
    return this.prepare(
        `DELETE FROM alert_outbox WHERE id IN (
           SELECT id FROM alert_outbox WHERE status IN ('delivered', 'failed') AND created_at < ? LIMIT ?)`,
      )
      .run(cutoffMs, limit).changes;
  }
}
