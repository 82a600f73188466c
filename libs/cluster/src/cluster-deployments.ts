import type { DriftConfig } from '@app/config';
import { compareDeployment, InvalidGateRequestError, UnknownDeploymentError } from '@app/gate';
import type { DeploymentReport } from '@app/gate';
import type { DeploymentListQuery, DeploymentRow, MeasuredSample } from '@app/persistence';
import type { Pool, QueryResult, QueryResultRow } from 'pg';

/** A pool or the lease session: marker lookups run in the scoring transaction too. */
export interface Queryable {
  query<R extends QueryResultRow>(text: string, values?: unknown[]): Promise<QueryResult<R>>;
}

const COLUMNS = 'id, service_name AS "serviceName", version, ts, created_at AS "createdAt"';
const toSample = (r: { latency_ms: number; payload_kb: number | null }): MeasuredSample => ({ latency: r.latency_ms, payload: r.payload_kb });

/**
 * Deployment markers in cluster mode: the embedded DeploymentService's contract (record, list,
 * compare the samples after a marker with the baseline before it) on the shared store, so any
 * process answers, and the gate's default period starts at the service's latest marker.
 */
export class ClusterDeployments {
  private readonly namingWindowMs: number;

  constructor(
    private readonly config: DriftConfig,
    private readonly pool: Pool,
  ) {
    this.namingWindowMs = config.deploymentNamingWindowMinutes * 60_000;
  }

  async create(serviceName: string, version: string, timeMs: number | undefined, nowMs: number): Promise<DeploymentRow> {
    const at = timeMs ?? nowMs;
    if (at > nowMs + this.config.futureToleranceSeconds * 1000) {
      throw new InvalidGateRequestError([`timestamp must not be more than ${this.config.futureToleranceSeconds} s in the future`]);
    }
    const row = await this.pool.query<DeploymentRow>(
      `INSERT INTO deployments (service_name, version, ts, created_at) VALUES ($1, $2, $3, $4) RETURNING ${COLUMNS}`,
      [serviceName, version, at, nowMs],
    );
    return row.rows[0];
  }

  async get(id: number): Promise<DeploymentRow> {
    const row = (await this.pool.query<DeploymentRow>(`SELECT ${COLUMNS} FROM deployments WHERE id = $1`, [id])).rows[0];
    if (!row) throw new UnknownDeploymentError(id);
    return row;
  }

  async list(query: DeploymentListQuery): Promise<DeploymentRow[]> {
    const rows = await this.pool.query<DeploymentRow>(
      `SELECT ${COLUMNS} FROM deployments WHERE ($1::text IS NULL OR service_name = $1) AND ($2::bigint IS NULL OR id < $2) ORDER BY id DESC LIMIT $3`,
      [query.serviceName ?? null, query.beforeId ?? null, query.limit],
    );
    return rows.rows;
  }

  async latest(serviceName: string): Promise<DeploymentRow | null> {
    const rows = await this.pool.query<DeploymentRow>(`SELECT ${COLUMNS} FROM deployments WHERE service_name = $1 ORDER BY ts DESC, id DESC LIMIT 1`, [serviceName]);
    return rows.rows[0] ?? null;
  }

  /** The marker a drift beginning at `timeMs` names: the latest at or before it, at most DEPLOYMENT_NAMING_WINDOW_MINUTES older. */
  async namedBy(q: Queryable, serviceName: string, timeMs: number): Promise<number | null> {
    if (this.namingWindowMs <= 0) return null;
    const row = (
      await q.query<{ id: number; ts: number }>('SELECT id, ts FROM deployments WHERE service_name = $1 AND ts <= $2 ORDER BY ts DESC, id DESC LIMIT 1', [
        serviceName,
        timeMs,
      ])
    ).rows[0];
    return row && timeMs - row.ts <= this.namingWindowMs ? row.id : null;
  }

  /** As the embedded compare: the first samples after the marker (up to the next one) against the baseline samples before it. */
  async compare(id: number, minSamples: number | undefined, nowMs: number): Promise<DeploymentReport> {
    const deployment = await this.get(id);
    const next =
      (
        await this.pool.query<DeploymentRow>(
          `SELECT ${COLUMNS} FROM deployments WHERE service_name = $1 AND (ts > $2 OR (ts = $2 AND id > $3)) ORDER BY ts, id LIMIT 1`,
          [deployment.serviceName, deployment.ts, deployment.id],
        )
      ).rows[0] ?? null;
    const service = (await this.pool.query<{ id: number }>('SELECT id FROM services WHERE name = $1', [deployment.serviceName])).rows[0];
    let before: MeasuredSample[] = [];
    let after: MeasuredSample[] = [];
    if (service) {
      // Arrival order splits the samples, as in embedded mode: the first sample at or after the marker's time.
      const boundary =
        (await this.pool.query<{ seq: number | null }>('SELECT MIN(seq) AS seq FROM telemetry WHERE service_id = $1 AND ts >= $2', [service.id, deployment.ts])).rows[0]
          .seq ?? Number.MAX_SAFE_INTEGER;
      after = (
        await this.pool.query<{ latency_ms: number; payload_kb: number | null }>(
          'SELECT latency_ms, payload_kb FROM telemetry WHERE service_id = $1 AND seq >= $2 AND ts >= $3 AND ts < $4 ORDER BY seq LIMIT $5',
          [service.id, boundary, deployment.ts, next?.ts ?? Number.MAX_SAFE_INTEGER, this.config.deploymentCompareMaxAfter],
        )
      ).rows.map(toSample);
      before = (
        await this.pool.query<{ latency_ms: number; payload_kb: number | null }>(
          'SELECT latency_ms, payload_kb FROM telemetry WHERE service_id = $1 AND seq < $2 AND ts < $3 AND baseline ORDER BY seq DESC LIMIT $4',
          [service.id, boundary, deployment.ts, this.config.baselineWindowSize],
        )
      ).rows.map(toSample);
    }
    const comparison = compareDeployment(before, after, {
      alpha: this.config.deploymentCompareAlpha,
      bandPercent: this.config.deploymentCompareBandPercent,
      minSamples: minSamples ?? this.config.gateMinSamples,
    });
    if (!service) comparison.reason = `no telemetry from '${deployment.serviceName}' yet: ${comparison.reason}`;
    return { deployment, next, comparison, checkedAtMs: nowMs };
  }
}
