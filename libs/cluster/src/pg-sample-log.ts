import type { DriftConfig } from '@app/config';
import { QueueFullError, ShuttingDownError } from '@app/ingestion';
import { Logger } from '@nestjs/common';
import type { Pool } from 'pg';
import type { NewLogRecord } from './log-record';
import { partitionOf } from './partition-of';
import type { SampleLog } from './sample-log';

interface PendingAppend {
  records: NewLogRecord[];
  resolve: () => void;
  reject: (error: unknown) => void;
}

const KIND_CODE = { sample: 0, reset: 1 } as const;

/**
 * The sample log in PostgreSQL. Appends are group-committed like the embedded mode's ingest: the
 * requests that arrive within FLUSH_INTERVAL_MS share one transaction. Offsets are taken by
 * locking each touched partition's head row (in partition order, so two processes never
 * deadlock); the lock is held to the commit, so a partition's offsets become visible in order and
 * an owner reading past its cursor never skips a record that commits later.
 */
export class PgSampleLog implements SampleLog {
  private readonly logger = new Logger(PgSampleLog.name);
  private pending: PendingAppend[] = [];
  private queuedRecords = 0;
  private timer: NodeJS.Timeout | null = null;
  private flushing: Promise<void> | null = null;
  private closed = false;

  constructor(
    private readonly pool: Pool,
    private readonly config: Pick<DriftConfig, 'clusterPartitions' | 'queueCapacity' | 'flushIntervalMs' | 'flushMaxSamples' | 'retryAfterSeconds'>,
  ) {}

  get queued(): number {
    return this.queuedRecords;
  }

  append(records: NewLogRecord[]): Promise<void> {
    if (this.closed) return Promise.reject(new ShuttingDownError(this.config.retryAfterSeconds));
    if (this.queuedRecords + records.length > this.config.queueCapacity) {
      return Promise.reject(new QueueFullError(this.config.retryAfterSeconds));
    }
    this.queuedRecords += records.length;
    return new Promise<void>((resolve, reject) => {
      this.pending.push({ records, resolve, reject });
      this.schedule(this.config.flushIntervalMs);
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    while (this.pending.length > 0 || this.flushing) {
      if (!this.flushing) this.schedule(0);
      await this.flushing;
      await new Promise((r) => setImmediate(r));
    }
  }

  private schedule(delayMs: number): void {
    if (this.timer || this.flushing) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.flushing = this.flush().finally(() => {
        this.flushing = null;
        if (this.pending.length > 0) this.schedule(0);
      });
    }, delayMs);
  }

  private async flush(): Promise<void> {
    const taken: PendingAppend[] = [];
    let count = 0;
    while (this.pending.length > 0 && (taken.length === 0 || count + this.pending[0].records.length <= this.config.flushMaxSamples)) {
      const next = this.pending.shift() as PendingAppend;
      taken.push(next);
      count += next.records.length;
    }
    try {
      await this.write(taken, count);
      for (const t of taken) t.resolve();
    } catch (error) {
      this.logger.error(`Appending ${count} record(s) to the sample log failed: ${String(error)}`);
      for (const t of taken) t.reject(error);
    } finally {
      this.queuedRecords -= count;
    }
  }

  private async write(taken: PendingAppend[], count: number): Promise<void> {
    const partitions = new Int32Array(count);
    const byPartition = new Map<number, number>();
    let i = 0;
    for (const t of taken) {
      for (const r of t.records) {
        const p = partitionOf(r.serviceId, this.config.clusterPartitions);
        partitions[i++] = p;
        byPartition.set(p, (byPartition.get(p) ?? 0) + 1);
      }
    }
    const touched = [...byPartition.keys()].sort((a, b) => a - b);
    const client = await this.pool.connect();
    let failed = false;
    try {
      await client.query('BEGIN');
      await client.query('SELECT partition FROM dw_partitions WHERE partition = ANY($1::int[]) ORDER BY partition FOR UPDATE', [touched]);
      const heads = await client.query<{ partition: number; head: number }>(
        `UPDATE dw_partitions d SET head = d.head + v.n FROM unnest($1::int[], $2::bigint[]) AS v(partition, n)
         WHERE d.partition = v.partition RETURNING d.partition, d.head`,
        [touched, touched.map((p) => byPartition.get(p))],
      );
      // Next free offset per partition: the new head minus what this append takes, plus one.
      const next = new Map<number, number>();
      for (const row of heads.rows) next.set(row.partition, row.head - (byPartition.get(row.partition) as number) + 1);
      const offsets: number[] = new Array(count);
      const kinds: number[] = new Array(count);
      const names: string[] = new Array(count);
      const times: number[] = new Array(count);
      const latencies: number[] = new Array(count);
      const payloads: (number | null)[] = new Array(count);
      i = 0;
      for (const t of taken) {
        for (const r of t.records) {
          const p = partitions[i];
          const offset = next.get(p) as number;
          next.set(p, offset + 1);
          offsets[i] = offset;
          kinds[i] = KIND_CODE[r.kind];
          names[i] = r.serviceId;
          times[i] = r.timeMs;
          latencies[i] = r.latency;
          payloads[i] = Number.isNaN(r.payload) ? null : r.payload;
          i++;
        }
      }
      await client.query(
        `INSERT INTO dw_log (partition, log_offset, kind, service_name, ts, latency_ms, payload_kb, appended_at)
         SELECT v.*, (extract(epoch FROM statement_timestamp()) * 1000)::bigint
         FROM unnest($1::int[], $2::bigint[], $3::smallint[], $4::text[], $5::bigint[], $6::float8[], $7::float8[]) AS v`,
        [Array.from(partitions), offsets, kinds, names, times, latencies, payloads],
      );
      await client.query('COMMIT');
    } catch (error) {
      failed = true;
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      // A connection that failed mid-transaction is discarded, never handed to the next append.
      client.release(failed);
    }
  }
}
