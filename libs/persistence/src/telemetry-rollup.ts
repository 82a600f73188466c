import type { Database, Statement } from 'better-sqlite3';
import type { CommitHook } from './sqlite-database';

/**
 * The rollup's resolution. Part of the stored schema (rows are keyed by minute), so not a setting:
 * a read with a step that is a whole number of minutes is answered from the rollup alone.
 */
export const ROLLUP_BUCKET_MS = 60_000;

/** One (service, minute) aggregate being built during a transaction. */
interface PendingMinute {
  serviceId: number;
  minute: number;
  n: number;
  latencyMin: number;
  latencySum: number;
  latencyMax: number;
  payloadN: number;
  payloadMin: number;
  payloadSum: number;
  payloadMax: number;
}

/**
 * Folds each inserted sample into its (service, minute) aggregate in memory, and writes each
 * aggregate once, as an upsert, when the transaction commits: a group commit of 20 000 samples of
 * one service costs a handful of upserts, not 20 000. A rolled-back transaction drops them with
 * its samples, so the rollup always sums exactly the stored rows.
 */
export class TelemetryRollupWriter implements CommitHook {
  private readonly pending = new Map<number, PendingMinute>();
  private last: PendingMinute | null = null;
  private upsertStatement?: Statement<unknown[]>;

  constructor(private readonly db: () => Database) {}

  add(serviceId: number, timeMs: number, latency: number, payload: number | null): void {
    const minute = Math.floor(timeMs / ROLLUP_BUCKET_MS);
    let m = this.last;
    if (m === null || m.serviceId !== serviceId || m.minute !== minute) {
      // Minutes since the epoch stay below 2^26 until the year 2097; ids below 2^27 keep the key exact.
      const key = serviceId * 67_108_864 + minute;
      m = this.pending.get(key) ?? null;
      if (m === null) {
        m = {
          serviceId,
          minute,
          n: 0,
          latencyMin: Infinity,
          latencySum: 0,
          latencyMax: -Infinity,
          payloadN: 0,
          payloadMin: Infinity,
          payloadSum: 0,
          payloadMax: -Infinity,
        };
        this.pending.set(key, m);
      }
      this.last = m;
    }
    m.n++;
    m.latencySum += latency;
    if (latency < m.latencyMin) m.latencyMin = latency;
    if (latency > m.latencyMax) m.latencyMax = latency;
    if (payload !== null) {
      m.payloadN++;
      m.payloadSum += payload;
      if (payload < m.payloadMin) m.payloadMin = payload;
      if (payload > m.payloadMax) m.payloadMax = payload;
    }
  }

  /** Drops what this transaction buffered for a service deleted in it (it has no rows left to sum). */
  forget(serviceId: number): void {
    for (const [key, m] of this.pending) if (m.serviceId === serviceId) this.pending.delete(key);
    if (this.last?.serviceId === serviceId) this.last = null;
  }

  beforeCommit(): void {
    if (this.pending.size === 0) return;
    this.upsertStatement ??= this.db().prepare(
      `INSERT INTO telemetry_rollup (service_id, minute, n, latency_min, latency_sum, latency_max, payload_n, payload_min, payload_sum, payload_max)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (service_id, minute) DO UPDATE SET
         n = n + excluded.n,
         latency_min = MIN(latency_min, excluded.latency_min),
         latency_sum = latency_sum + excluded.latency_sum,
         latency_max = MAX(latency_max, excluded.latency_max),
         payload_n = payload_n + excluded.payload_n,
         payload_min = COALESCE(MIN(payload_min, excluded.payload_min), payload_min, excluded.payload_min),
         payload_sum = payload_sum + excluded.payload_sum,
         payload_max = COALESCE(MAX(payload_max, excluded.payload_max), payload_max, excluded.payload_max)`,
    );
    for (const m of this.pending.values()) {
      const hasPayload = m.payloadN > 0;
      this.upsertStatement.run(
        m.serviceId,
        m.minute,
        m.n,
        m.latencyMin,
        m.latencySum,
        m.latencyMax,
        m.payloadN,
        hasPayload ? m.payloadMin : null,
        m.payloadSum,
        hasPayload ? m.payloadMax : null,
      );
    }
    this.clear();
  }

  afterRollback(): void {
    this.clear();
  }

  private clear(): void {
    this.pending.clear();
    this.last = null;
  }
}
