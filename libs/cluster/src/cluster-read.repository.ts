import type { DriftEventEntity, DriftEventQuery } from '@app/persistence';
import type { Pool } from 'pg';

export interface ClusterServiceRow {
  id: number;
  name: string;
  partition: number;
  /** The stored detector state (JSON), as of the partition's cursor. */
  detector: string;
}

/** How far the owner of a partition has scored it: what every read in cluster mode reports. */
export interface ScoringProgress {
  partition: number;
  /** Records appended to the partition and not scored yet. */
  pending: number;
  /** Append time (server clock) of the last scored record; null before the first. */
  scoredThroughMs: number | null;
  /** How long the oldest unscored record has waited (0 when none waits). */
  lagMs: number;
  /** Process that scored last (null before the first batch). */
  owner: string | null;
}

const EVENT_COLUMNS = `id, service_id AS "serviceId", ts, seq, from_state AS "fromState", to_state AS "toState", reason, metric, count,
  max_zscore AS "maxZscore", z_latency AS "zLatency", z_payload AS "zPayload", cusum, baseline, deployment_id AS "deploymentId"`;

/** Reads of the shared store for health, gate, baseline and events in cluster mode (any process may answer). */
export class ClusterReadRepository {
  constructor(private readonly pool: Pool) {}

  async service(name: string): Promise<ClusterServiceRow | undefined> {
    const rows = await this.pool.query<ClusterServiceRow>('SELECT id, name, partition, detector FROM services WHERE name = $1', [name]);
    return rows.rows[0];
  }

  /** Every service with its stored state columns, by name. */
  /** Up to `limit` services with an id above `afterId`, in the order they were first seen (a page). */
  async serviceSummaries(afterId: number, limit: number): Promise<{ id: number; name: string; state: string; sampleCount: number; transitionAt: number | null }[]> {
    const rows = await this.pool.query<{ id: number; name: string; state: string; sampleCount: number; transitionAt: number | null }>(
      'SELECT id, name, state, sample_count AS "sampleCount", transition_at AS "transitionAt" FROM services WHERE id > $1 ORDER BY id LIMIT $2',
      [afterId, limit],
    );
    return rows.rows;
  }

  async servicesByState(): Promise<{ state: string; count: number }[]> {
    return (await this.pool.query<{ state: string; count: number }>('SELECT state, COUNT(*)::int AS count FROM services GROUP BY state ORDER BY state')).rows;
  }

  async serviceNames(ids: number[]): Promise<Map<number, string>> {
    const rows = await this.pool.query<{ id: number; name: string }>('SELECT id, name FROM services WHERE id = ANY($1::int[])', [ids]);
    return new Map(rows.rows.map((r) => [r.id, r.name]));
  }

  async progress(partition: number): Promise<ScoringProgress> {
    const row = (
      await this.pool.query<{ head: number; scored: number; through: number | null; owner: string | null; oldest: number | null; now: number }>(
        `SELECT h.head, c.scored_offset AS scored, c.scored_through AS through, c.owner,
                (SELECT l.appended_at FROM dw_log l WHERE l.partition = $1 AND l.log_offset > c.scored_offset ORDER BY l.log_offset LIMIT 1) AS oldest,
                (extract(epoch FROM clock_timestamp()) * 1000)::bigint AS now
         FROM dw_partitions h JOIN dw_cursors c ON c.partition = h.partition WHERE h.partition = $1`,
        [partition],
      )
    ).rows[0];
    return {
      partition,
      pending: row.head - row.scored,
      scoredThroughMs: row.through,
      lagMs: row.oldest === null ? 0 : Math.max(0, row.now - row.oldest),
      owner: row.owner,
    };
  }

  /** Records waiting over every partition, and the largest wait (for readiness and status). */
  async totals(): Promise<{ pending: number; maxLagMs: number; services: number; samples: number }> {
    const row = (
      await this.pool.query<{ pending: number; oldest: number | null; now: number; services: number; samples: number }>(
        `SELECT (SELECT COALESCE(SUM(h.head - c.scored_offset), 0)::bigint FROM dw_partitions h JOIN dw_cursors c ON c.partition = h.partition) AS pending,
                (SELECT MIN(appended_at) FROM dw_log) AS oldest,
                (extract(epoch FROM clock_timestamp()) * 1000)::bigint AS now,
                (SELECT COUNT(*) FROM services)::bigint AS services,
                (SELECT COALESCE(SUM(sample_count), 0) FROM services)::bigint AS samples`,
      )
    ).rows[0];
    return { pending: row.pending, maxLagMs: row.oldest === null ? 0 : Math.max(0, row.now - row.oldest), services: row.services, samples: row.samples };
  }

  /** Newest first, paged like the embedded events route. */
  async events(query: DriftEventQuery): Promise<DriftEventEntity[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (sql: string, ...values: unknown[]) => {
      let text = sql;
      for (const v of values) {
        params.push(v);
        text = text.replace('?', `$${params.length}`);
      }
      where.push(text);
    };
    if (query.serviceId !== undefined) add('service_id = ?', query.serviceId);
    if (query.sinceMs !== undefined) add('ts >= ?', query.sinceMs);
    if (query.reasons && query.reasons.length > 0) add('reason = ANY(?::text[])', query.reasons);
    if (query.toStates && query.toStates.length > 0) add('to_state = ANY(?::text[])', query.toStates);
    if (query.beforeId !== undefined) add('id < ?', query.beforeId);
    params.push(query.limit);
    const rows = await this.pool.query<DriftEventEntity>(
      `SELECT ${EVENT_COLUMNS} FROM drift_events ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}
       ORDER BY id DESC LIMIT $${params.length}`,
      params,
    );
    return rows.rows;
  }

  async event(id: number): Promise<DriftEventEntity | undefined> {
    return (await this.pool.query<DriftEventEntity>(`SELECT ${EVENT_COLUMNS} FROM drift_events WHERE id = $1`, [id])).rows[0];
  }

  /** Transitions of a service into `toState` from `sinceMs` on: how many, and the latest. */
  async transitionsInto(serviceId: number, toState: string, sinceMs: number): Promise<{ total: number; latest: DriftEventEntity | null }> {
    const count = await this.pool.query<{ n: number }>(
      'SELECT COUNT(*)::bigint AS n FROM drift_events WHERE service_id = $1 AND to_state = $2 AND ts >= $3',
      [serviceId, toState, sinceMs],
    );
    const latest = await this.pool.query<DriftEventEntity>(
      `SELECT ${EVENT_COLUMNS} FROM drift_events WHERE service_id = $1 AND to_state = $2 AND ts >= $3 ORDER BY ts DESC, id DESC LIMIT 1`,
      [serviceId, toState, sinceMs],
    );
    return { total: count.rows[0].n, latest: latest.rows[0] ?? null };
  }

  async samplesSince(serviceId: number, sinceMs: number): Promise<number> {
    return (await this.pool.query<{ n: number }>('SELECT COUNT(*)::bigint AS n FROM telemetry WHERE service_id = $1 AND ts >= $2', [serviceId, sinceMs])).rows[0]
      .n;
  }
}
