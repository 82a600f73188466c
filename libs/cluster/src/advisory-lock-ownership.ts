import type { DriftConfig } from '@app/config';
import { Logger } from '@nestjs/common';
import { Client } from 'pg';
import { ADVISORY } from './advisory-keys';
import type { LeaseChange, PartitionOwnership } from './partition-ownership';

const NOW_MS = `(extract(epoch FROM clock_timestamp()) * 1000)::bigint`;

/** Raised when the lease session is gone: every partition is lost, nothing may be committed. */
export class LeaseLostError extends Error {
  constructor(cause: unknown) {
    super(`lease session lost: ${cause instanceof Error ? cause.message : String(cause)}`);
    this.name = 'LeaseLostError';
  }
}

/**
 * Partition ownership with PostgreSQL session advisory locks, all on one lease connection.
 *
 * - A partition is owned while this session holds lock (PARTITION, p); the server drops every
 *   lock of a session that ends, so a crashed owner frees its partitions at once.
 * - The session sets idle_session_timeout / idle_in_transaction_session_timeout to
 *   CLUSTER_LEASE_TIMEOUT_MS and TCP keepalives: a stopped, hung or unreachable owner is cut off
 *   by the server after that long, and its partitions are free.
 * - Every owner write runs in a transaction on this same session (`transaction`), so once the
 *   session is gone the old owner cannot commit anything (fencing), even if it wakes up later.
 * - Each process takes up to its fair share, ceil(partitions / live processes), counting live
 *   processes by their (MEMBER, pid) locks; above its share it releases partitions between
 *   batches, below it takes free ones.
 */
export class AdvisoryLockOwnership implements PartitionOwnership {
  private readonly logger = new Logger('PartitionLeases');
  private client: Client | null = null;
  private backendPid = 0;
  private readonly ownedPartitions = new Map<number, number>();
  private readonly listeners: Array<(change: LeaseChange) => void> = [];
  private memberCount = 0;

  constructor(
    private readonly config: Pick<DriftConfig, 'databaseUrl' | 'clusterPartitions' | 'clusterLeaseTimeoutMs' | 'clusterConnectTimeoutMs'>,
    readonly ownerName: string,
  ) {}

  owned(): ReadonlyMap<number, number> {
    return this.ownedPartitions;
  }

  get connected(): boolean {
    return this.client !== null;
  }

  get members(): number {
    return this.memberCount;
  }

  onChange(listener: (change: LeaseChange) => void): void {
    this.listeners.push(listener);
  }

  /** Opens the lease session and joins the members. */
  async connect(): Promise<void> {
    const client = new Client({
      connectionString: this.config.databaseUrl,
      keepAlive: true,
      keepAliveInitialDelayMillis: 0,
      connectionTimeoutMillis: this.config.clusterConnectTimeoutMs,
    });
    // The session ending (server timeout, network) surfaces here and on the next query; the next query fails and loses the leases.
    client.on('error', (error) => this.logger.warn(`Lease session error: ${error.message}`));
    await client.connect();
    try {
      const timeout = this.config.clusterLeaseTimeoutMs;
      const keepalive = Math.max(1, Math.floor(timeout / 3000));
      await client.query(
        `SELECT set_config('idle_session_timeout', $1, false), set_config('idle_in_transaction_session_timeout', $1, false),
                set_config('tcp_keepalives_idle', $2, false), set_config('tcp_keepalives_interval', $2, false),
                set_config('tcp_keepalives_count', '3', false), set_config('application_name', $3, false)`,
        [`${timeout}ms`, String(keepalive), `driftwatch ${this.ownerName}`.slice(0, 63)],
      );
      this.backendPid = (await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0].pid;
      await client.query('SELECT pg_advisory_lock($1, $2)', [ADVISORY.MEMBER, this.backendPid]);
    } catch (error) {
      await client.end().catch(() => undefined);
      throw error;
    }
    this.client = client;
    console.log(`lease: session open for ${this.ownerName} (backend pid ${this.backendPid})`);
  }

  /** Keeps the session alive and moves toward the fair share. Throws LeaseLostError (after losing everything) if the session is gone. */
  async rebalance(): Promise<void> {
    const client = this.live();
    try {
      const locks = await client.query<{ kind: number; key: number; pid: number }>(
        `SELECT classid::int AS kind, objid::int AS key, pid FROM pg_locks
         WHERE locktype = 'advisory' AND granted AND objsubid = 2 AND classid::int IN ($1, $2)
           AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`,
        [ADVISORY.PARTITION, ADVISORY.MEMBER],
      );
      const taken = new Set<number>();
      const memberPids = new Set<number>();
      for (const l of locks.rows) {
        if (l.kind === ADVISORY.MEMBER) memberPids.add(l.pid);
        else taken.add(l.key);
      }
      this.memberCount = Math.max(1, memberPids.size);
      const share = Math.ceil(this.config.clusterPartitions / this.memberCount);
      if (this.ownedPartitions.size > share) {
        const excess = [...this.ownedPartitions.keys()].sort((a, b) => b - a).slice(0, this.ownedPartitions.size - share);
        for (const p of excess) await this.release(client, p);
        return;
      }
      if (this.ownedPartitions.size === share) return;
      const free: number[] = [];
      for (let p = 0; p < this.config.clusterPartitions; p++) if (!taken.has(p)) free.push(p);
      // Random order: processes starting together do not all race for the same partitions.
      for (let i = free.length - 1; i > 0; i--) {
        const j = Math.floor(Math.random() * (i + 1));
        [free[i], free[j]] = [free[j], free[i]];
      }
      for (const p of free) {
        if (this.ownedPartitions.size >= share) break;
        const got = await client.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1, $2) AS ok', [ADVISORY.PARTITION, p]);
        if (!got.rows[0].ok) continue;
        const epoch = (
          await client.query<{ epoch: number }>(
            `INSERT INTO dw_lease_history (epoch, partition, owner, backend_pid, acquired_at)
             VALUES (nextval('dw_lease_epoch'), $1, $2, $3, ${NOW_MS}) RETURNING epoch`,
            [p, this.ownerName, this.backendPid],
          )
        ).rows[0].epoch;
        this.ownedPartitions.set(p, epoch);
        this.emit({ partition: p, kind: 'acquired', epoch });
      }
    } catch (error) {
      throw this.lose(error);
    }
  }

  /**
   * Runs `work` in a transaction on the lease session, as the owner of `partition` under `epoch`.
   * A failure rolls back; a broken session also loses every lease.
   */
  async transaction<T>(partition: number, epoch: number, work: (client: Client) => Promise<T>): Promise<T> {
    const client = this.live();
    if (this.ownedPartitions.get(partition) !== epoch) throw new Error(`partition ${partition} is not owned under epoch ${epoch}`);
    try {
      await client.query('BEGIN');
    } catch (error) {
      throw this.lose(error);
    }
    try {
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      try {
        await client.query('ROLLBACK');
      } catch (rollbackError) {
        throw this.lose(rollbackError);
      }
      throw error;
    }
  }

  /** Owned partitions whose log head is past their cursor (read on the lease session). */
  async withWaitingRecords(): Promise<number[]> {
    const client = this.live();
    try {
      const rows = await client.query<{ partition: number }>(
        `SELECT h.partition FROM dw_partitions h JOIN dw_cursors c ON c.partition = h.partition
         WHERE h.partition = ANY($1::int[]) AND h.head > c.scored_offset`,
        [[...this.ownedPartitions.keys()]],
      );
      return rows.rows.map((r) => r.partition);
    } catch (error) {
      throw this.lose(error);
    }
  }

  /** Clean shutdown: hands every partition over at once (the others take them on their next heartbeat). */
  async close(): Promise<void> {
    const client = this.client;
    if (!client) return;
    try {
      for (const p of [...this.ownedPartitions.keys()]) await this.release(client, p);
      await client.query('SELECT pg_advisory_unlock($1, $2)', [ADVISORY.MEMBER, this.backendPid]);
    } catch (error) {
      this.lose(error);
    } finally {
      this.client = null;
      await client.end().catch(() => undefined);
    }
  }

  private async release(client: Client, p: number): Promise<void> {
    const epoch = this.ownedPartitions.get(p) as number;
    await client.query(`UPDATE dw_lease_history SET released_at = ${NOW_MS} WHERE epoch = $1`, [epoch]);
    await client.query('SELECT pg_advisory_unlock($1, $2)', [ADVISORY.PARTITION, p]);
    this.ownedPartitions.delete(p);
    this.emit({ partition: p, kind: 'released', epoch });
  }

  private live(): Client {
    if (!this.client) throw new LeaseLostError('not connected');
    return this.client;
  }

  /** The session is unusable: every lease is gone (the server has freed or will free the locks). */
  private lose(cause: unknown): LeaseLostError {
    const client = this.client;
    this.client = null;
    if (client) {
      this.logger.warn(`Lease session lost (${cause instanceof Error ? cause.message : String(cause)}); ${this.ownedPartitions.size} partition(s) given up`);
      client.end().catch(() => undefined);
    }
    for (const [p, epoch] of [...this.ownedPartitions]) {
      this.ownedPartitions.delete(p);
      this.emit({ partition: p, kind: 'lost', epoch });
    }
    return cause instanceof LeaseLostError ? cause : new LeaseLostError(cause);
  }

  private emit(change: LeaseChange): void {
    // Printed whatever the log level: an operator follows takeovers from these lines alone.
    console.log(`lease: partition ${change.partition} ${change.kind} by ${this.ownerName} (epoch ${change.epoch})`);
    for (const listener of this.listeners) listener(change);
  }
}
