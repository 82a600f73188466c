import { Injectable } from '@nestjs/common';
import type { Statement } from 'better-sqlite3';
import { SqliteDatabase } from './sqlite-database';

/** One stored sample's measurements; `payload` is null when the service did not send one. */
export interface MeasuredSample {
  latency: number;
  payload: number | null;
}

/**
 * Reads a service's samples on either side of a point in (sample) time, for deployment gates and
 * comparisons. Telemetry is keyed by (service, arrival seq) with no index on time (an index would
 * slow every ingest), so the first sample at or after a time is found by a binary search over
 * seq, a dozen primary-key lookups. That assumes a service's sample times rise with arrival,
 * apart from jitter; the reads below also filter on time, so a late sample never lands on the
 * wrong side.
 */
@Injectable()
export class TelemetryRangeRepository {
  private boundsStatement?: Statement<[number, number]>;
  private atOrAfterStatement?: Statement<[number, number]>;

  constructor(private readonly db: SqliteDatabase) {}

  /** The first seq whose sample time is at or after `timeMs` (one past the last if none is). */
  firstSeqAtOrAfter(serviceId: number, timeMs: number): number {
    // Two subqueries, not MIN and MAX in one SELECT: SQLite answers each alone from the primary key
    // in one lookup, but both together by scanning all the service's rows (1 s for 6 M).
    this.boundsStatement ??= this.db.raw.prepare(
      'SELECT (SELECT MIN(seq) FROM telemetry WHERE service_id = ?) AS lo, (SELECT MAX(seq) FROM telemetry WHERE service_id = ?) AS hi',
    );
    this.atOrAfterStatement ??= this.db.raw.prepare('SELECT ts FROM telemetry WHERE service_id = ? AND seq >= ? ORDER BY seq LIMIT 1');
    const bounds = this.boundsStatement.get(serviceId, serviceId) as { lo: number | null; hi: number | null };
    if (bounds.lo === null || bounds.hi === null) return 1;
    let lo = bounds.lo;
    let hi = bounds.hi + 1;
    while (lo < hi) {
      const mid = Math.floor((lo + hi) / 2);
      const row = this.atOrAfterStatement.get(serviceId, mid) as { ts: number } | undefined;
      if (row !== undefined && row.ts >= timeMs) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }

  /** How many samples from `fromSeq` on have a time at or after `timeMs` (of one endpoint, when `endpointId` is given). */
  countFrom(serviceId: number, fromSeq: number, timeMs: number, endpointId?: number): number {
    const row = (
      endpointId === undefined
        ? this.db.raw.prepare('SELECT COUNT(*) AS n FROM telemetry WHERE service_id = ? AND seq >= ? AND ts >= ?').get(serviceId, fromSeq, timeMs)
        : this.db.raw
            .prepare('SELECT COUNT(*) AS n FROM telemetry WHERE service_id = ? AND seq >= ? AND ts >= ? AND endpoint_id = ?')
            .get(serviceId, fromSeq, timeMs, endpointId)
    ) as { n: number };
    return row.n;
  }

  /**
   * The first `limit` samples from `fromSeq` on timed in [`timeMs`, `untilMs`), in arrival order
   * (`untilMs` null: no end).
   */
  loadFrom(serviceId: number, fromSeq: number, timeMs: number, untilMs: number | null, limit: number): MeasuredSample[] {
    const rows = this.db.raw
      .prepare(
        'SELECT latency_ms, payload_kb FROM telemetry WHERE service_id = ? AND seq >= ? AND ts >= ? AND ts < ? ORDER BY seq LIMIT ?',
      )
      .raw()
      .all(serviceId, fromSeq, timeMs, untilMs ?? Number.MAX_SAFE_INTEGER, limit) as [number, number | null][];
    return rows.map(([latency, payload]) => ({ latency, payload }));
  }

  /**
   * The last `limit` samples before `beforeSeq`, timed before `timeMs`, that the detector took
   * into its baseline (anomalies and drift samples are left out), newest first.
   */
  loadBaselineBefore(serviceId: number, beforeSeq: number, timeMs: number, limit: number): MeasuredSample[] {
    const rows = this.db.raw
      .prepare(
        'SELECT latency_ms, payload_kb FROM telemetry WHERE service_id = ? AND seq < ? AND ts < ? AND baseline = 1 ORDER BY seq DESC LIMIT ?',
      )
      .raw()
      .all(serviceId, beforeSeq, timeMs, limit) as [number, number | null][];
    return rows.map(([latency, payload]) => ({ latency, payload }));
  }
}
