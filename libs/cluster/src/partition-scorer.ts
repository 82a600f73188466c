import type { DriftConfig } from '@app/config';
import { HealthState, ServiceDetector, Transition } from '@app/health/engine';
import { SnapshotCalculator } from '@app/statistics';
import type { Client } from 'pg';
import type { AdvisoryLockOwnership } from './advisory-lock-ownership';
import type { ClusterDeployments } from './cluster-deployments';
import type { LogRecord } from './log-record';

/** What the alerts of a transition need: which destinations are configured, and the type each transition calls for. */
export interface AlertRouting {
  destinations: readonly string[];
  typeFor(from: string, to: string): string | null;
}

interface ScoredService {
  id: number;
  name: string;
  detector: ServiceDetector;
}

/** One committed scoring transaction. */
export interface ScoredBatch {
  partition: number;
  records: number;
  /** Samples stored (records minus resets). */
  samples: number;
  transitions: Transition[];
  /** Offset scored through after the commit. */
  scoredOffset: number;
}

const KIND = ['sample', 'reset'] as const;

/**
 * The owner's scoring step for one partition: reads the records past the cursor, runs the
 * unchanged pure engine over them in log order, and writes samples, detector states, drift
 * events, alert outbox rows and the new cursor in the caller's transaction (on the lease
 * session). Detectors are kept in memory per (partition, epoch); after a failed transaction, or
 * under a new lease, they are rebuilt from what is committed.
 */
export class PartitionScorer {
  private readonly calculator: SnapshotCalculator;
  private readonly cache = new Map<number, { epoch: number; services: Map<string, ScoredService> }>();

  constructor(
    private readonly config: DriftConfig,
    private readonly alerts: AlertRouting,
    private readonly deployments: ClusterDeployments,
  ) {
    this.calculator = new SnapshotCalculator(config.baselineWindowSize);
  }

  /** Forget a partition's detectors (lease released or lost, or a failed transaction). */
  forget(partition: number): void {
    this.cache.delete(partition);
  }

  /**
   * Scores one batch of the partition in a transaction on the lease session. If anything fails
   * (a statement, the commit, the session), the in-memory detectors ran ahead of the store: they
   * are dropped and rebuilt from what is committed on the next batch.
   */
  async score(ownership: AdvisoryLockOwnership, partition: number, epoch: number, nowMs: number): Promise<ScoredBatch | null> {
    try {
      return await ownership.transaction(partition, epoch, (client) => this.scoreBatch(client, partition, epoch, ownership.ownerName, nowMs));
    } catch (error) {
      this.forget(partition);
      throw error;
    }
  }

  /** Must run inside a transaction on the lease session; returns null when nothing was waiting. */
  private async scoreBatch(client: Client, partition: number, epoch: number, owner: string, nowMs: number): Promise<ScoredBatch | null> {
    const cursor = await client.query<{ scored_offset: number }>('SELECT scored_offset FROM dw_cursors WHERE partition = $1 FOR UPDATE', [partition]);
    const from = cursor.rows[0].scored_offset;
    const read = await client.query<{ o: number; k: number; n: string; t: number; l: number; p: number | null; a: number }>(
      `SELECT log_offset AS o, kind AS k, service_name AS n, ts AS t, latency_ms AS l, payload_kb AS p, appended_at AS a
       FROM dw_log WHERE partition = $1 AND log_offset > $2 ORDER BY log_offset LIMIT $3`,
      [partition, from, this.config.clusterScoreBatch],
    );
    if (read.rows.length === 0) return null;
    const records: LogRecord[] = read.rows.map((r) => ({
      partition,
      offset: r.o,
      kind: KIND[r.k],
      serviceId: r.n,
      timeMs: r.t,
      latency: r.l,
      payload: r.p === null ? NaN : r.p,
      appendedAtMs: r.a,
    }));
    if (records[0].offset !== from + 1) throw new Error(`partition ${partition}: log starts at ${records[0].offset}, cursor is at ${from}`);

    const services = await this.servicesFor(client, partition, epoch, records, nowMs);
    const writer = new BatchWriter(client, partition, epoch, this.alerts, this.deployments, nowMs);
    const touched = new Set<ScoredService>();
    let samples = 0;
    for (const r of records) {
      const service = services.get(r.serviceId);
      // A reset of a service that has no row (impossible through the API) has nothing to reset.
      if (!service) continue;
      touched.add(service);
      const d = service.detector;
      if (r.kind === 'reset') {
        await writer.transition(service, d.reset(r.timeMs));
        continue;
      }
      samples++;
      const seq = d.lastSeq + 1;
      const t = d.observe(seq, r.timeMs, r.latency, r.payload);
      writer.sample(service.id, seq, r, d.lastAccepted);
      if (t) {
        if (t.reason === 'new_normal_adopted' && d.windowFrontSeq !== null) await writer.markBaseline(service.id, d.windowFrontSeq, seq - 1);
        await writer.transition(service, t);
      }
    }
    await writer.flushSamples();
    await writer.saveServices(touched);
    const last = records[records.length - 1];
    const moved = await client.query(
      `UPDATE dw_cursors SET scored_offset = $2, scored_through = $3, epoch = $4, owner = $5, updated_at = $6
       WHERE partition = $1 AND scored_offset = $7`,
      [partition, last.offset, last.appendedAtMs, epoch, owner, nowMs, from],
    );
    if (moved.rowCount !== 1) throw new Error(`partition ${partition}: cursor moved under the owner (epoch ${epoch})`);
    // Scored records live on as telemetry rows: the log keeps only what is still to be scored.
    await client.query('DELETE FROM dw_log WHERE partition = $1 AND log_offset <= $2', [partition, last.offset]);
    return { partition, records: records.length, samples, transitions: writer.transitions, scoredOffset: last.offset };
  }

  private async servicesFor(client: Client, partition: number, epoch: number, records: LogRecord[], nowMs: number): Promise<Map<string, ScoredService>> {
    let entry = this.cache.get(partition);
    if (!entry || entry.epoch !== epoch) {
      entry = { epoch, services: new Map() };
      this.cache.set(partition, entry);
    }
    const known = entry.services;
    const missing = new Set<string>();
    for (const r of records) if (!known.has(r.serviceId)) missing.add(r.serviceId);
    if (missing.size === 0) return known;
    const rows = await client.query<{ id: number; name: string; detector: string }>('SELECT id, name, detector FROM services WHERE name = ANY($1::text[])', [
      [...missing],
    ]);
    for (const row of rows.rows) {
      const state = JSON.parse(row.detector) as { windowFrontSeq: number | null };
      const window =
        state.windowFrontSeq === null
          ? []
          : (
              await client.query<{ seq: number; t: number; l: number; p: number | null }>(
                'SELECT seq, ts AS t, latency_ms AS l, payload_kb AS p FROM telemetry WHERE service_id = $1 AND seq >= $2 AND baseline ORDER BY seq',
                [row.id, state.windowFrontSeq],
              )
            ).rows.map((w) => ({ seq: w.seq, timeMs: w.t, latency: w.l, payload: w.p === null ? NaN : w.p }));
      known.set(row.name, { id: row.id, name: row.name, detector: ServiceDetector.restore(this.config, state, window, this.calculator) });
      missing.delete(row.name);
    }
    for (const r of records) {
      if (!missing.has(r.serviceId) || r.kind !== 'sample') continue;
      missing.delete(r.serviceId);
      const detector = new ServiceDetector(this.config, this.calculator);
      const created = await client.query<{ id: number }>(
        `INSERT INTO services (name, partition, state, sample_count, transition_at, detector, created_at, updated_at)
         VALUES ($1, $2, $3, 0, NULL, $4, $5, $5) RETURNING id`,
        [r.serviceId, partition, detector.state, JSON.stringify(detector.exportState()), nowMs],
      );
      known.set(r.serviceId, { id: created.rows[0].id, name: r.serviceId, detector });
    }
    return known;
  }
}

/** Buffers one transaction's telemetry rows (bulk insert) and writes events and alerts as they occur. */
class BatchWriter {
  readonly transitions: Transition[] = [];
  private serviceIds: number[] = [];
  private seqs: number[] = [];
  private times: number[] = [];
  private latencies: number[] = [];
  private payloads: (number | null)[] = [];
  private baselines: boolean[] = [];
  private offsets: number[] = [];

  constructor(
    private readonly client: Client,
    private readonly partition: number,
    private readonly epoch: number,
    private readonly alerts: AlertRouting,
    private readonly deployments: ClusterDeployments,
    private readonly nowMs: number,
  ) {}

  sample(serviceId: number, seq: number, r: LogRecord, baseline: boolean): void {
    this.serviceIds.push(serviceId);
    this.seqs.push(seq);
    this.times.push(r.timeMs);
    this.latencies.push(r.latency);
    this.payloads.push(Number.isNaN(r.payload) ? null : r.payload);
    this.baselines.push(baseline);
    this.offsets.push(r.offset);
  }

  async flushSamples(): Promise<void> {
    if (this.seqs.length === 0) return;
    await this.client.query(
      `INSERT INTO telemetry (service_id, seq, ts, latency_ms, payload_kb, baseline, log_offset, log_partition, epoch)
       SELECT v.*, $8::int, $9::bigint FROM unnest($1::int[], $2::bigint[], $3::bigint[], $4::float8[], $5::float8[], $6::bool[], $7::bigint[])
         AS v(service_id, seq, ts, latency_ms, payload_kb, baseline, log_offset)`,
      [this.serviceIds, this.seqs, this.times, this.latencies, this.payloads, this.baselines, this.offsets, this.partition, this.epoch],
    );
    this.serviceIds = [];
    this.seqs = [];
    this.times = [];
    this.latencies = [];
    this.payloads = [];
    this.baselines = [];
    this.offsets = [];
  }

  /** The adopted drift samples become baseline samples; the ones still buffered are written first. */
  async markBaseline(serviceId: number, fromSeq: number, toSeq: number): Promise<void> {
    await this.flushSamples();
    await this.client.query('UPDATE telemetry SET baseline = true WHERE service_id = $1 AND seq BETWEEN $2 AND $3', [serviceId, fromSeq, toSeq]);
  }

  async transition(service: { id: number; name: string }, t: Transition): Promise<void> {
    const serviceId = service.id;
    this.transitions.push(t);
    // A drift that begins soon after a deployment marker names it.
    const deploymentId = t.to === HealthState.DRIFT_DETECTED ? await this.deployments.namedBy(this.client, service.name, t.timeMs) : null;
    const inserted = await this.client.query<{ id: number }>(
      `INSERT INTO drift_events (service_id, ts, seq, from_state, to_state, reason, metric, count, max_zscore, z_latency, z_payload, cusum, baseline, deployment_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) RETURNING id`,
      [
        serviceId,
        t.timeMs,
        t.seq,
        t.from,
        t.to,
        t.reason,
        t.metric,
        t.count,
        t.maxZscore,
        t.zLatency,
        t.zPayload,
        t.cusum,
        t.baseline ? JSON.stringify({ ...t.baseline, expected: t.expected }) : null,
        deploymentId,
      ],
    );
    const eventId = inserted.rows[0].id;
    const type = this.alerts.destinations.length === 0 ? null : this.alerts.typeFor(t.from, t.to);
    if (type === null) return;
    // A drift.resolved names the episode it closes: the service's last transition into DRIFT_DETECTED.
    const episode =
      t.to === HealthState.DRIFT_DETECTED
        ? eventId
        : ((
            await this.client.query<{ id: number }>(
              `SELECT id FROM drift_events WHERE service_id = $1 AND to_state = 'DRIFT_DETECTED' AND from_state <> 'DRIFT_DETECTED' AND id < $2
               ORDER BY id DESC LIMIT 1`,
              [serviceId, eventId],
            )
          ).rows[0]?.id ?? eventId);
    for (const destination of this.alerts.destinations) {
      await this.client.query(
        `INSERT INTO alert_outbox (event_id, service_id, destination, type, episode_event_id, status, attempts, created_at, next_attempt_at)
         VALUES ($1, $2, $3, $4, $5, 'pending', 0, $6, $6) ON CONFLICT DO NOTHING`,
        [eventId, serviceId, destination, type, episode, this.nowMs],
      );
    }
  }

  async saveServices(touched: Set<ScoredService>): Promise<void> {
    if (touched.size === 0) return;
    const list = [...touched];
    await this.client.query(
      `UPDATE services s SET state = v.state, sample_count = v.sample_count, transition_at = v.transition_at, detector = v.detector, updated_at = $6
       FROM unnest($1::int[], $2::text[], $3::bigint[], $4::bigint[], $5::text[]) AS v(id, state, sample_count, transition_at, detector)
       WHERE s.id = v.id`,
      [
        list.map((s) => s.id),
        list.map((s) => s.detector.state),
        list.map((s) => s.detector.sampleCount),
        list.map((s) => s.detector.transitionTime),
        list.map((s) => JSON.stringify(s.detector.exportState())),
        this.nowMs,
      ],
    );
  }
}
