import { Injectable } from '@nestjs/common';
import type { Statement } from 'better-sqlite3';
import { SqliteDatabase } from './sqlite-database';
import { TelemetryRangeRepository } from './telemetry-range.repository';
import { ROLLUP_BUCKET_MS } from './telemetry-rollup';

/** One time bucket of a service's telemetry; a bucket with no sample is not returned. */
export interface TelemetryBucket {
  /** Start of the bucket (ms since epoch, a multiple of the step). */
  startMs: number;
  count: number;
  latencyMin: number;
  latencyMean: number;
  latencyMax: number;
  /** Samples in the bucket that carried a payload; the payload statistics are null when 0. */
  payloadCount: number;
  payloadMin: number | null;
  payloadMean: number | null;
  payloadMax: number | null;
}

type BucketRow = [number, number, number, number, number, number, number | null, number | null, number | null];

/**
 * Downsampled reads of stored telemetry: count, min, mean and max per bucket of `stepMs`, buckets
 * aligned on multiples of the step since the epoch (so the same bucket reads the same at any range).
 * A step of whole minutes is answered from the per-minute rollup (a week of one service is ~10 000
 * rows whatever its rate); a finer step reads the samples themselves, located by arrival order
 * (see `TelemetryRangeRepository`), so the caller keeps such ranges short.
 */
@Injectable()
export class TelemetryBucketsRepository {
  private rollupStatement?: Statement<unknown[]>;
  private samplesStatement?: Statement<unknown[]>;

  constructor(
    private readonly db: SqliteDatabase,
    private readonly range: TelemetryRangeRepository,
  ) {}

  /** Whether buckets of `stepMs` are read from the per-minute rollup. */
  static usesRollup(stepMs: number): boolean {
    return stepMs % ROLLUP_BUCKET_MS === 0;
  }

  /** Buckets with samples timed in [`fromMs`, `toMs`), both multiples of `stepMs`, oldest first. */
  read(serviceId: number, fromMs: number, toMs: number, stepMs: number): TelemetryBucket[] {
    const rows = TelemetryBucketsRepository.usesRollup(stepMs) ? this.fromRollup(serviceId, fromMs, toMs, stepMs) : this.fromSamples(serviceId, fromMs, toMs, stepMs);
    return rows.map(([bucket, count, latencyMin, latencyMean, latencyMax, payloadCount, payloadMin, payloadMean, payloadMax]) => ({
      startMs: bucket * stepMs,
      count,
      latencyMin,
      latencyMean,
      latencyMax,
      payloadCount,
      payloadMin: payloadCount > 0 ? payloadMin : null,
      payloadMean: payloadCount > 0 ? payloadMean : null,
      payloadMax: payloadCount > 0 ? payloadMax : null,
    }));
  }

  // Parameters are bound as REAL by the driver; the CASTs keep the bucket arithmetic integral.
  private fromRollup(serviceId: number, fromMs: number, toMs: number, stepMs: number): BucketRow[] {
    this.rollupStatement ??= this.db.raw
      .prepare(
        `SELECT minute / CAST(? AS INTEGER) AS b, SUM(n), MIN(latency_min), SUM(latency_sum) / SUM(n), MAX(latency_max),
                SUM(payload_n), MIN(payload_min), SUM(payload_sum) / MAX(SUM(payload_n), 1), MAX(payload_max)
         FROM telemetry_rollup
         WHERE service_id = ? AND minute >= CAST(? AS INTEGER) AND minute < CAST(? AS INTEGER)
         GROUP BY b ORDER BY b`,
      )
      .raw();
    const minutesPerStep = stepMs / ROLLUP_BUCKET_MS;
    return this.rollupStatement.all(minutesPerStep, serviceId, fromMs / ROLLUP_BUCKET_MS, toMs / ROLLUP_BUCKET_MS) as BucketRow[];
  }

  private fromSamples(serviceId: number, fromMs: number, toMs: number, stepMs: number): BucketRow[] {
    this.samplesStatement ??= this.db.raw
      .prepare(
        `SELECT ts / CAST(? AS INTEGER) AS b, COUNT(*), MIN(latency_ms), AVG(latency_ms), MAX(latency_ms),
                COUNT(payload_kb), MIN(payload_kb), AVG(payload_kb), MAX(payload_kb)
         FROM telemetry
         WHERE service_id = ? AND seq >= ? AND seq < ? AND ts >= ? AND ts < ?
         GROUP BY b ORDER BY b`,
      )
      .raw();
    const fromSeq = this.range.firstSeqAtOrAfter(serviceId, fromMs);
    const toSeq = this.range.firstSeqAtOrAfter(serviceId, toMs);
    return this.samplesStatement.all(stepMs, serviceId, fromSeq, toSeq, fromMs, toMs) as BucketRow[];
  }

  /** Deletes up to `limit` of a service's rollup minutes that began before `cutoffMs` (retention). */
  deleteBefore(serviceId: number, cutoffMs: number, limit: number): number {
    return this.db.raw
      .prepare(
        `DELETE FROM telemetry_rollup WHERE service_id = ? AND minute IN (
           SELECT minute FROM telemetry_rollup WHERE service_id = ? AND minute < CAST(? AS INTEGER) LIMIT ?)`,
      )
      .run(serviceId, serviceId, Math.floor(cutoffMs / ROLLUP_BUCKET_MS), limit).changes;
  }
}
