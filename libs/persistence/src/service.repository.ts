import { Injectable } from '@nestjs/common';
import type { Statement } from 'better-sqlite3';
import { SqliteDatabase } from './sqlite-database';

export interface ServiceRow {
  id: number;
  name: string;
  state: string;
  sampleCount: number;
  transitionAt: number | null;
  detector: string;
}

/** A service row with the summary fields of its stored detector state (any of them null if absent). */
export interface ServiceSummaryRow {
  id: number;
  name: string;
  state: string;
  sampleCount: number;
  transitionAt: number | null;
  version: unknown;
  lastSeq: unknown;
  windowFrontSeq: unknown;
  maxTimeMs: unknown;
}

@Injectable()
export class ServiceRepository {
  private insertStatement?: Statement;
  private updateStatement?: Statement;
  private detectorStatement?: Statement;
  private pageStatement?: Statement;
  private namesStatement?: Statement;

  constructor(private readonly db: SqliteDatabase) {}

  loadAll(): ServiceRow[] {
    return this.db.raw
      .prepare(
        'SELECT id, name, state, sample_count AS sampleCount, transition_at AS transitionAt, detector FROM services ORDER BY id',
      )
      .all() as ServiceRow[];
  }

  /**
   * Every service with the few fields a service needs while its detector is not loaded, read by
   * SQLite out of the stored JSON: restoring 100 000 services parses no detector state.
   */
  loadSummaries(): ServiceSummaryRow[] {
    return this.db.raw
      .prepare(
        `SELECT id, name, state, sample_count AS sampleCount, transition_at AS transitionAt,
                json_extract(detector, '$.version') AS version, json_extract(detector, '$.lastSeq') AS lastSeq,
                json_extract(detector, '$.windowFrontSeq') AS windowFrontSeq, json_extract(detector, '$.maxTimeMs') AS maxTimeMs
         FROM services ORDER BY id`,
      )
      .all() as ServiceSummaryRow[];
  }

  /** The stored detector state (JSON) of one service. */
  loadDetector(id: number): string {
    this.detectorStatement ??= this.db.raw.prepare('SELECT detector FROM services WHERE id = ?').pluck();
    const json = this.detectorStatement.get(id) as string | undefined;
    if (json === undefined) throw new Error(`service ${id} has no stored row`);
    return json;
  }

  /** Names of up to `limit` services with an id above `afterId`, by id (keyset paging). */
  pageAfter(afterId: number, limit: number): { id: number; name: string }[] {
    this.pageStatement ??= this.db.raw.prepare('SELECT id, name FROM services WHERE id > ? ORDER BY id LIMIT ?');
    return this.pageStatement.all(afterId, limit) as { id: number; name: string }[];
  }

  /** The names of these services (ids without a row are left out). */
  namesOf(ids: readonly number[]): Map<number, string> {
    if (ids.length === 0) return new Map();
    this.namesStatement ??= this.db.raw.prepare('SELECT id, name FROM services WHERE id IN (SELECT value FROM json_each(?))');
    const rows = this.namesStatement.all(JSON.stringify(ids)) as { id: number; name: string }[];
    return new Map(rows.map((r) => [r.id, r.name]));
  }

  /** Creates a service row and returns its id. Must run inside a transaction. */
  insert(name: string, state: string, detector: string, nowMs: number): number {
    this.insertStatement ??= this.db.raw.prepare(
      'INSERT INTO services (name, state, sample_count, transition_at, detector, created_at, updated_at) VALUES (?, ?, 0, NULL, ?, ?, ?)',
    );
    return Number(this.insertStatement.run(name, state, detector, nowMs, nowMs).lastInsertRowid);
  }

  /** Persists a detector's state. Must run inside the transaction that stored its samples. */
  saveState(id: number, state: string, sampleCount: number, transitionAt: number | null, detector: string, nowMs: number): void {
    this.updateStatement ??= this.db.raw.prepare(
      'UPDATE services SET state = ?, sample_count = ?, transition_at = ?, detector = ?, updated_at = ? WHERE id = ?',
    );
    this.updateStatement.run(state, sampleCount, transitionAt, detector, nowMs, id);
  }
}
