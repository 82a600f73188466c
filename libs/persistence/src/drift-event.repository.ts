import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Statement } from 'better-sqlite3';
import { Repository } from 'typeorm';
import { DriftEventEntity } from './entities/drift-event.entity';
import { SqliteDatabase } from './sqlite-database';

export type NewDriftEvent = Omit<DriftEventEntity, 'id' | 'deploymentId' | 'endpoint' | 'receivedAt'> & {
  deploymentId?: number | null;
  endpoint?: string | null;
  receivedAt?: number | null;
};

export interface DriftEventQuery {
  serviceId?: number;
  /** Only this endpoint's events (with serviceId). */
  endpoint?: string;
  sinceMs?: number;
  /** Only these reasons / these `to` states (empty or absent: any). */
  reasons?: readonly string[];
  toStates?: readonly string[];
  /** Cursor: only events recorded before the event with this id. */
  beforeId?: number;
  limit: number;
}

@Injectable()
export class DriftEventRepository {
  private insertStatement?: Statement;

  constructor(
    private readonly db: SqliteDatabase,
    @InjectRepository(DriftEventEntity) private readonly events: Repository<DriftEventEntity>,
  ) {}

  /** Must run inside the transaction that stored the triggering sample. */
  insert(e: NewDriftEvent): void {
    this.insertStatement ??= this.db.raw.prepare(
      `INSERT INTO drift_events (service_id, ts, seq, from_state, to_state, reason, metric, count, max_zscore, z_latency, z_payload, cusum, baseline, deployment_id, endpoint, received_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.insertStatement.run(
      e.serviceId,
      e.ts,
      e.seq,
      e.fromState,
      e.toState,
      e.reason,
      e.metric,
      e.count,
      e.maxZscore,
      e.zLatency,
      e.zPayload,
      e.cusum,
      e.baseline,
      e.deploymentId ?? null,
      e.endpoint ?? null,
      e.receivedAt ?? null,
    );
  }

  /**
   * Newest first in the order they happened: by id, the order the single writer recorded them in
   * (sample time can go backwards within the out-of-order tolerance, causality cannot).
   */
  find(query: DriftEventQuery): Promise<DriftEventEntity[]> {
    const qb = this.events.createQueryBuilder('e');
    if (query.serviceId !== undefined) qb.andWhere('e.serviceId = :serviceId', { serviceId: query.serviceId });
    if (query.endpoint !== undefined) qb.andWhere('e.endpoint = :endpoint', { endpoint: query.endpoint });
    if (query.sinceMs !== undefined) qb.andWhere('e.ts >= :sinceMs', { sinceMs: query.sinceMs });
    if (query.reasons?.length) qb.andWhere('e.reason IN (:...reasons)', { reasons: query.reasons });
    if (query.toStates?.length) qb.andWhere('e.toState IN (:...toStates)', { toStates: query.toStates });
    // Keyset paging on the id order, so pages neither skip nor repeat an event.
    if (query.beforeId !== undefined) qb.andWhere('e.id < :beforeId', { beforeId: query.beforeId });
    return qb.orderBy('e.id', 'DESC').limit(query.limit).getMany();
  }

  /** Stored events per reason (what /metrics starts its event counter from). */
  countByReason(): Map<string, number> {
    const rows = this.db.raw.prepare('SELECT reason, COUNT(*) AS n FROM drift_events GROUP BY reason').all() as { reason: string; n: number }[];
    return new Map(rows.map((r) => [r.reason, r.n]));
  }

  /** The event with this id, if it still exists (retention deletes old ones). */
  findById(id: number): Promise<DriftEventEntity | null> {
    return this.events.findOne({ where: { id } });
  }

  /**
   * A service's transitions into `toState` at or after `sinceMs` (sample time), latest recorded first, and
   * how many there are in all (the list stops at `limit`).
   */
  transitionsInto(
    serviceId: number,
    toState: string,
    sinceMs: number,
    limit: number,
    endpoint?: string,
  ): { total: number; events: DriftEventEntity[] } {
    // Without an endpoint: every event of the service, its endpoints' included (the service is the worst of them).
    const scope = endpoint === undefined ? '' : ' AND endpoint = ?';
    const params: unknown[] = endpoint === undefined ? [serviceId, toState, sinceMs] : [serviceId, toState, sinceMs, endpoint];
    const total = (
      this.db.raw
        .prepare(`SELECT COUNT(*) AS n FROM drift_events WHERE service_id = ? AND to_state = ? AND ts >= ?${scope}`)
        .get(...params) as { n: number }
    ).n;
    const events =
      total === 0
        ? []
        : (this.db.raw
            .prepare(
              `SELECT id, service_id AS serviceId, ts, seq, from_state AS fromState, to_state AS toState, reason, metric, count,
                      max_zscore AS maxZscore, z_latency AS zLatency, z_payload AS zPayload, cusum, baseline, deployment_id AS deploymentId, endpoint,
                      received_at AS receivedAt
               FROM drift_events WHERE service_id = ? AND to_state = ? AND ts >= ?${scope} ORDER BY id DESC LIMIT ?`,
            )
            .all(...params, limit) as DriftEventEntity[]);
    return { total, events };
  }

  /** Deletes at most `limit` events older than `cutoffMs`; returns how many. */
  deleteOlderThan(cutoffMs: number, limit: number): number {
    return this.db.raw
      .prepare('DELETE FROM drift_events WHERE id IN (SELECT id FROM drift_events WHERE ts < ? LIMIT ?)')
      .run(cutoffMs, limit).changes;
  }
}
