import { Injectable } from '@nestjs/common';
import type { Statement } from 'better-sqlite3';
import { SqliteDatabase } from './sqlite-database';
import { TelemetryRollupWriter } from './telemetry-rollup';

export interface StoredSample {
  seq: number;
  timeMs: number;
  latency: number;
  /** NaN when the sample had no payload (stored as NULL). */
  payload: number;
}

// The detector's "no payload" is NaN; SQLite's is NULL.
const toColumn = (payload: number): number | null => (Number.isNaN(payload) ? null : payload);
const fromColumn = (payload: number | null): number => (payload === null ? NaN : payload);

@Injectable()
export class TelemetryRepository {
  private insertStatement?: Statement<[number, number, number, number, number | null, number, number | null]>;
  private windowStatement?: Statement<[number, number, number | null]>;
  private storedRows?: number;

  private readonly rollup: TelemetryRollupWriter;

  constructor(private readonly db: SqliteDatabase) {
    this.rollup = new TelemetryRollupWriter(() => db.raw);
    db.onCommit(this.rollup);
  }

  /**
   * Must run inside `SqliteDatabase.transaction` (the caller owns the commit). `endpointId` is
   * null for a sample that named no endpoint.
   */
  insert(serviceId: number, seq: number, timeMs: number, latency: number, payload: number, baseline: boolean, endpointId: number | null = null): void {
    this.insertStatement ??= this.db.raw.prepare(
      'INSERT INTO telemetry (service_id, seq, ts, latency_ms, payload_kb, baseline, endpoint_id) VALUES (?, ?, ?, ?, ?, ?, ?)',
    );
    const payloadColumn = toColumn(payload);
    this.insertStatement.run(serviceId, seq, timeMs, latency, payloadColumn, baseline ? 1 : 0, endpointId);
    this.rollup.add(serviceId, timeMs, latency, payloadColumn);
    if (this.storedRows !== undefined) this.storedRows++;
  }

  /** Rows in the table, counted once and then kept up to date by inserts and deletes. */
  get storedCount(): number {
    this.storedRows ??= (this.db.raw.prepare('SELECT COUNT(*) AS n FROM telemetry').get() as { n: number }).n;
    return this.storedRows;
  }

  /** Keeps the running count right after rows were deleted elsewhere (a service deletion). */
  deletedElsewhere(rows: number): void {
    if (this.storedRows !== undefined) this.storedRows -= rows;
  }

  /** A service deleted in the running transaction: its buffered rollup minutes must not be written back. */
  serviceDeleted(serviceId: number, rows: number): void {
    this.deletedElsewhere(rows);
    this.rollup.forget(serviceId);
  }

  /** Forget the running count (after a rolled-back transaction); the next read recounts. */
  resetCount(): void {
    this.storedRows = undefined;
  }

  /**
   * The baseline window of a service (or of one of its endpoints: a service's endpoints share its
   * seq numbers): its accepted samples from `fromSeq` on, oldest first.
   */
  loadWindow(serviceId: number, fromSeq: number, endpointId: number | null = null): StoredSample[] {
    this.windowStatement ??= this.db.raw.prepare(
      'SELECT seq, ts, latency_ms, payload_kb FROM telemetry WHERE service_id = ? AND seq >= ? AND baseline = 1 AND endpoint_id IS ? ORDER BY seq',
    );
    const rows = this.windowStatement.raw().all(serviceId, fromSeq, endpointId) as [number, number, number, number | null][];
    return rows.map(([seq, timeMs, latency, payload]) => ({ seq, timeMs, latency, payload: fromColumn(payload) }));
  }

  /**
   * Marks stored samples `fromSeq` … `toSeq` of a service as baseline samples: a drift's samples
   * adopted as the new normal become its window, and a restart must find them there.
   */
  markBaseline(serviceId: number, fromSeq: number, toSeq: number, endpointId: number | null = null): void {
    this.db.telemetryChanged();
    this.db.raw
      .prepare('UPDATE telemetry SET baseline = 1 WHERE service_id = ? AND seq BETWEEN ? AND ? AND endpoint_id IS ?')
      .run(serviceId, fromSeq, toSeq, endpointId);
  }

  /** Every stored sample of a service in arrival order (used by replay comparisons and tests). */
  *iterateService(serviceId: number): IterableIterator<StoredSample> {
    const statement = this.db.raw.prepare(
      'SELECT seq, ts, latency_ms, payload_kb FROM telemetry WHERE service_id = ? ORDER BY seq',
    );
    for (const row of statement.raw().iterate(serviceId) as IterableIterator<[number, number, number, number | null]>) {
      yield { seq: row[0], timeMs: row[1], latency: row[2], payload: fromColumn(row[3]) };
    }
  }

  /**
   * Deletes up to `limit` samples of one service older than `cutoffMs`, never touching the live
   * window (seq ≥ `protectFromSeq`), so a restart still finds every window sample.
   */
  deleteExpired(serviceId: number, cutoffMs: number, protectFromSeq: number, limit: number): number {
    const deleted = this.db.raw
      .prepare(
        `DELETE FROM telemetry WHERE service_id = ? AND seq IN (
           SELECT seq FROM telemetry WHERE service_id = ? AND seq < ? AND ts < ? LIMIT ?)`,
      )
      .run(serviceId, serviceId, protectFromSeq, cutoffMs, limit).changes;
    if (deleted > 0) this.db.telemetryChanged();
    if (this.storedRows !== undefined) this.storedRows -= deleted;
    return deleted;
  }
}
