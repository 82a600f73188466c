import { DRIFT_CONFIG, DriftConfig } from '@app/config';
import { Inject, Injectable } from '@nestjs/common';
import type { Statement } from 'better-sqlite3';
import type { DeploymentEntity } from './entities/deployment.entity';
import { SqliteDatabase } from './sqlite-database';

export type DeploymentRow = DeploymentEntity;

export interface DeploymentListQuery {
  serviceName?: string;
  /** Only markers with an id below this (paging backwards). */
  beforeId?: number;
  limit: number;
}

const COLUMNS = 'id, service_name AS serviceName, version, ts, created_at AS createdAt';

@Injectable()
export class DeploymentRepository {
  private latestAtOrBefore?: Statement<[string, number]>;
  private readonly namingWindowMs: number;

  constructor(
    private readonly db: SqliteDatabase,
    @Inject(DRIFT_CONFIG) config: DriftConfig,
  ) {
    this.namingWindowMs = config.deploymentNamingWindowMinutes * 60_000;
  }

  insert(serviceName: string, version: string, timeMs: number, nowMs: number): DeploymentRow {
    const id = Number(
      this.db.raw
        .prepare('INSERT INTO deployments (service_name, version, ts, created_at) VALUES (?, ?, ?, ?)')
        .run(serviceName, version, timeMs, nowMs).lastInsertRowid,
    );
    return { id, serviceName, version, ts: timeMs, createdAt: nowMs };
  }

  findById(id: number): DeploymentRow | null {
    return (this.db.raw.prepare(`SELECT ${COLUMNS} FROM deployments WHERE id = ?`).get(id) as DeploymentRow | undefined) ?? null;
  }

  /** The service's latest marker by deployment time (ties: the later recorded). */
  latest(serviceName: string): DeploymentRow | null {
    const row = this.db.raw
      .prepare(`SELECT ${COLUMNS} FROM deployments WHERE service_name = ? ORDER BY ts DESC, id DESC LIMIT 1`)
      .get(serviceName) as DeploymentRow | undefined;
    return row ?? null;
  }

  /** The service's next marker after `row` by deployment time (ties: the later recorded), or null. */
  next(row: DeploymentRow): DeploymentRow | null {
    const found = this.db.raw
      .prepare(
        `SELECT ${COLUMNS} FROM deployments WHERE service_name = ? AND (ts > ? OR (ts = ? AND id > ?)) ORDER BY ts, id LIMIT 1`,
      )
      .get(row.serviceName, row.ts, row.ts, row.id) as DeploymentRow | undefined;
    return found ?? null;
  }

  /** Newest first (by id, i.e. recording order). */
  list(query: DeploymentListQuery): DeploymentRow[] {
    const where: string[] = [];
    const args: (string | number)[] = [];
    if (query.serviceName !== undefined) {
      where.push('service_name = ?');
      args.push(query.serviceName);
    }
    if (query.beforeId !== undefined) {
      where.push('id < ?');
      args.push(query.beforeId);
    }
    const clause = where.length > 0 ? `WHERE ${where.join(' AND ')}` : '';
    return this.db.raw.prepare(`SELECT ${COLUMNS} FROM deployments ${clause} ORDER BY id DESC LIMIT ?`).all(...args, query.limit) as DeploymentRow[];
  }

  /**
   * The marker a drift beginning at `timeMs` (sample time) is attributed to: the service's latest
   * marker at or before that time, if it is at most DEPLOYMENT_NAMING_WINDOW_MINUTES older.
   * Runs inside the ingest transaction, once per drift onset (rare), on an index.
   */
  namedBy(serviceName: string, timeMs: number): number | null {
    if (this.namingWindowMs <= 0) return null;
    this.latestAtOrBefore ??= this.db.raw.prepare(
      'SELECT id, ts FROM deployments WHERE service_name = ? AND ts <= ? ORDER BY ts DESC, id DESC LIMIT 1',
    );
    const row = this.latestAtOrBefore.get(serviceName, timeMs) as { id: number; ts: number } | undefined;
    return row && timeMs - row.ts <= this.namingWindowMs ? row.id : null;
  }
}
