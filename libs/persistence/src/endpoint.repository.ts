import { Injectable } from '@nestjs/common';
import type { Statement } from 'better-sqlite3';
import { SqliteDatabase } from './sqlite-database';

export interface EndpointRow {
  id: number;
  serviceId: number;
  name: string;
  detector: string;
}

/** An endpoint's summary as SQLite reads it from the stored JSON (checked by the registry). */
export interface EndpointSummaryRow {
  id: number;
  serviceId: number;
  name: string;
  state: string;
  sampleCount: number;
  transitionAt: number | null;
  version: unknown;
  lastSeq: unknown;
  windowFrontSeq: unknown;
  maxTimeMs: unknown;
}

/** The detector state of each (service, endpoint); raw statements, inside the ingest transaction. */
@Injectable()
export class EndpointRepository {
  private insertStatement?: Statement;
  private updateStatement?: Statement;
  private detectorStatement?: Statement;

  constructor(private readonly db: SqliteDatabase) {}

  loadAll(): EndpointRow[] {
    return this.db.raw.prepare('SELECT id, service_id AS serviceId, name, detector FROM endpoints ORDER BY id').all() as EndpointRow[];
  }

  /** Every endpoint's summary, without parsing its detector (restart of a large fleet). */
  loadSummaries(): EndpointSummaryRow[] {
    return this.db.raw
      .prepare(
        `SELECT id, service_id AS serviceId, name, state, sample_count AS sampleCount, transition_at AS transitionAt,
                json_extract(detector, '$.version') AS version, json_extract(detector, '$.lastSeq') AS lastSeq,
                json_extract(detector, '$.windowFrontSeq') AS windowFrontSeq, json_extract(detector, '$.maxTimeMs') AS maxTimeMs
         FROM endpoints ORDER BY id`,
      )
      .all() as EndpointSummaryRow[];
  }

  /** The stored detector state (JSON) of one endpoint. */
  loadDetector(id: number): string {
    this.detectorStatement ??= this.db.raw.prepare('SELECT detector FROM endpoints WHERE id = ?').pluck();
    const json = this.detectorStatement.get(id) as string | undefined;
    if (json === undefined) throw new Error(`endpoint ${id} has no stored row`);
    return json;
  }

  loadForService(serviceId: number): EndpointRow[] {
    return this.db.raw
      .prepare('SELECT id, service_id AS serviceId, name, detector FROM endpoints WHERE service_id = ? ORDER BY id')
      .all(serviceId) as EndpointRow[];
  }

  /** Creates an endpoint row and returns its id. Must run inside a transaction. */
  insert(serviceId: number, name: string, state: string, detector: string, nowMs: number): number {
    this.insertStatement ??= this.db.raw.prepare(
      'INSERT INTO endpoints (service_id, name, state, sample_count, transition_at, detector, created_at, updated_at) VALUES (?, ?, ?, 0, NULL, ?, ?, ?)',
    );
    return Number(this.insertStatement.run(serviceId, name, state, detector, nowMs, nowMs).lastInsertRowid);
  }

  /** Persists an endpoint detector's state. Must run inside the transaction that stored its samples. */
  saveState(id: number, state: string, sampleCount: number, transitionAt: number | null, detector: string, nowMs: number): void {
    this.updateStatement ??= this.db.raw.prepare(
      'UPDATE endpoints SET state = ?, sample_count = ?, transition_at = ?, detector = ?, updated_at = ? WHERE id = ?',
    );
    this.updateStatement.run(state, sampleCount, transitionAt, detector, nowMs, id);
  }
}
