import type { DriftConfig } from '@app/config';
import { IdempotencyKeyTakenError, QueueFullError, ShuttingDownError } from '@app/ingestion';
import { Logger } from '@nestjs/common';
import type { Pool, PoolClient } from 'pg';
import type { NewLogRecord } from './log-record';
import { partitionOf } from './partition-of';
import type { IdempotencyRecord, SampleLog } from './sample-log';

interface PendingAppend {
  records: NewLogRecord[];
  key?: { record: IdempotencyRecord; notBeforeMs: number };
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

  append(records: NewLogRecord[], key?: { record: IdempotencyRecord; notBeforeMs: number }): Promise<void> {
    if (this.closed) return Promise.reject(new ShuttingDownError(this.config.retryAfterSeconds));
    if (this.queuedRecords + records.length > this.config.queueCapacity) {
      return Promise.reject(new QueueFullError(this.config.retryAfterSeconds));
    }
    this.queuedRecords += records.length;
    return new Promise<void>((resolve, reject) => {
      this.pending.push({ records, key, resolve, reject });
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
      const lost = await this.write(taken);
      for (const t of taken) {
        if (lost.has(t)) t.reject(new IdempotencyKeyTakenError());
        else t.resolve();
      }
    } catch (error) {
      this.logger.error(`Appending ${count} record(s) to the sample log failed: ${String(error)}`);
      for (const t of taken) t.reject(error);
    } finally {
      this.queuedRecords -= count;
    }
  }

  /** Appends in one transaction; returns the appends left out because their Idempotency-Key was taken. */
  private async write(all: PendingAppend[]): Promise<Set<PendingAppend>> {
    const client = await this.pool.connect();
    let failed = false;
    try {
      await client.query('BEGIN');
      const lost = await this.writeKeys(client, all);
      const taken = lost.size === 0 ? all : all.filter((t) => !lost.has(t));
      await this.writeRecords(client, taken);
      await client.query('COMMIT');
      return lost;
    } catch (error) {
      failed = true;
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      // A connection that failed mid-transaction is discarded, never handed to the next append.
      client.release(failed);
    }
  }

  /**
   * Writes the appends' Idempotency-Key records first, in key order (keys before partition heads,
   * each in order, so two appenders never deadlock). A key another transaction holds makes this one
   * wait for it; one already committed and unexpired is not overwritten, and its append is left out.
   */
  private async writeKeys(client: PoolClient, taken: PendingAppend[]): Promise<Set<PendingAppend>> {
    const lost = new Set<PendingAppend>();
    const keyed = taken.filter((t) => t.key !== undefined).sort((a, b) => (a.key!.record.key < b.key!.record.key ? -1 : a.key!.record.key > b.key!.record.key ? 1 : 0));
    if (keyed.length === 0) return lost;
    const seen = new Set<string>();
    const first: PendingAppend[] = [];
    for (const t of keyed) {
      // Two appends with one key in a flush cannot come from this process (IdempotencyRunner waits); refuse the second all the same.
      if (seen.has(t.key!.record.key)) lost.add(t);
      else {
        seen.add(t.key!.record.key);
        first.push(t);
      }
    }
    const rows = await client.query<{ key: string }>(
      `INSERT INTO dw_idempotency_keys AS k (key, fingerprint, status, response, created_at)
       SELECT * FROM unnest($1::text[], $2::text[], $3::int[], $4::text[], $5::bigint[])
       ON CONFLICT (key) DO UPDATE SET fingerprint = EXCLUDED.fingerprint, status = EXCLUDED.status, response = EXCLUDED.response, created_at = EXCLUDED.created_at
       WHERE k.created_at < $6
       RETURNING key`,
      [
        first.map((t) => t.key!.record.key),
        first.map((t) => t.key!.record.fingerprint),
        first.map((t) => t.key!.record.status),
        first.map((t) => t.key!.record.response),
        first.map((t) => t.key!.record.createdAt),
        // One cut-off for the statement: the appends of a flush were queued within milliseconds.
        Math.min(...first.map((t) => t.key!.notBeforeMs)),
      ],
    );
    const written = new Set(rows.rows.map((r) => r.key));
    for (const t of first) if (!written.has(t.key!.record.key)) lost.add(t);
    return lost;
  }

  private async writeRecords(client: PoolClient, taken: PendingAppend[]): Promise<void> {
    let count = 0;
    for (const t of taken) count += t.records.length;
    if (count === 0) return;
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
  }
}
