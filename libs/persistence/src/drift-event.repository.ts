import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Statement } from 'better-sqlite3';
import { FindOptionsWhere, MoreThanOrEqual, Repository } from 'typeorm';
import { DriftEventEntity } from './entities/drift-event.entity';
import { SqliteDatabase } from './sqlite-database';

export type NewDriftEvent = Omit<DriftEventEntity, 'id' | 'deploymentId'> & { deploymentId?: number | null };

export interface DriftEventQuery {
  serviceId?: number;
  sinceMs?: number;
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
      `INSERT INTO drift_events (service_id, ts, seq, from_state, to_state, reason, metric, count, max_zscore, z_latency, z_payload, cusum, baseline, deployment_id)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
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
    );
  }

  /** Newest first; ties (same sample time) broken by insertion order. */
  find(query: DriftEventQuery): Promise<DriftEventEntity[]> {
    const where: FindOptionsWhere<DriftEventEntity> = {};
    if (query.serviceId !== undefined) where.serviceId = query.serviceId;
    if (query.sinceMs !== undefined) where.ts = MoreThanOrEqual(query.sinceMs);
    return this.events.find({ where, order: { ts: 'DESC', id: 'DESC' }, take: query.limit });
  }

  /**
   * A service's transitions into `toState` at or after `sinceMs` (sample time), newest first, and
   * how many there are in all (the list stops at `limit`).
   */
  transitionsInto(serviceId: number, toState: string, sinceMs: number, limit: number): { total: number; events: DriftEventEntity[] } {
    const total = (
      this.db.raw
        .prepare('SELECT COUNT(*) AS n FROM drift_events WHERE service_id = ? AND to_state = ? AND ts >= ?')
        .get(serviceId, toState, sinceMs) as { n: number }
    ).n;
    const events =
      total === 0
        ? []
        : (this.db.raw
            .prepare(
              `SELECT id, service_id AS serviceId, ts, seq, from_state AS fromState, to_state AS toState, reason, metric, count,
                      max_zscore AS maxZscore, z_latency AS zLatency, z_payload AS zPayload, cusum, baseline, deployment_id AS deploymentId
               FROM drift_events WHERE service_id = ? AND to_state = ? AND ts >= ? ORDER BY ts DESC, id DESC LIMIT ?`,
            )
            .all(serviceId, toState, sinceMs, limit) as DriftEventEntity[]);
    return { total, events };
  }

  /** Deletes at most `limit` events older than `cutoffMs`; returns how many. */
  deleteOlderThan(cutoffMs: number, limit: number): number {
    return this.db.raw
      .prepare('DELETE FROM drift_events WHERE id IN (SELECT id FROM drift_events WHERE ts < ? LIMIT ?)')
      .run(cutoffMs, limit).changes;
  }
}
