import { EXPLANATION } from '@app/config/explanation-constants';
import { Injectable } from '@nestjs/common';
import type { Statement } from 'better-sqlite3';
import { SqliteDatabase } from './sqlite-database';
import type { DriftEventEntity } from './entities/drift-event.entity';
import type { StoredSample } from './telemetry.repository';

/** A transition into DRIFT_DETECTED, with its service's name and the end of its episode. */
export interface OnsetRow {
  eventId: number;
  serviceId: number;
  serviceName: string;
  ts: number;
  seq: number | null;
  reason: string;
  metric: string | null;
  count: number;
  deploymentId: number | null;
  /** The endpoint whose detector drifted; null for the service's own samples. */
  endpoint: string | null;
  /** The stored onset explanation (JSON), if any. */
  explanation: string | null;
  /** Time of the stream's next event (the episode's end); null while the episode is open. */
  endTs: number | null;
}

/** Another service's onset near one being explained. */
export interface NearOnsetRow {
  eventId: number;
  serviceName: string;
  endpoint: string | null;
  ts: number;
  reason: string;
}

/** The event that ended an episode (the service's next event). */
export interface EpisodeEnd {
  ts: number;
  /** null for an operator reset. */
  seq: number | null;
}

type Row = [number, number, number, number | null];

/**
 * A stream's reference read, kept for the next onset of the same stream: its newest `limit` baseline
 * samples before `beforeSeq` (oldest first), as of telemetry version `version`. `beforeSeq` is at most
 * one past the service's last stored seq then: no sample can be stored below it later.
 */
interface CachedReference {
  version: number;
  beforeSeq: number;
  limit: number;
  rows: StoredSample[];
}

/**
 * The samples of one detector stream: an endpoint's (by name), or the service's own (endpoint NULL:
 * the subquery finds no row, and `endpoint_id IS NULL` matches the samples without one).
 */
const STREAM = 'endpoint_id IS (SELECT id FROM endpoints WHERE service_id = ? AND name = ?)';
const toSample = ([seq, timeMs, latency, payload]: Row): StoredSample => ({ seq, timeMs, latency, payload: payload === null ? NaN : payload });

const ONSET_COLUMNS = `e.id AS eventId, e.service_id AS serviceId, s.name AS serviceName, e.ts AS ts, e.seq AS seq, e.reason AS reason,
  e.metric AS metric, e.count AS count, e.deployment_id AS deploymentId, e.endpoint AS endpoint, e.explanation AS explanation,
  (SELECT n.ts FROM drift_events n WHERE n.service_id = e.service_id AND n.endpoint IS e.endpoint AND n.id > e.id ORDER BY n.id LIMIT 1) AS endTs`;

/**
 * What explanations and incidents read: the samples around a drift onset, the event that ended
 * its episode, and onsets across services by time. Raw prepared statements: the onset reads run
 * inside the ingest transaction, once per drift onset.
 */
@Injectable()
export class ExplanationRepository {
  private referenceStatement?: Statement;
  private referenceSinceStatement?: Statement;
  private lastSeqStatement?: Statement;
  /** By `${serviceId}\u0000${endpoint}`, least recently used first. */
  private readonly references = new Map<string, CachedReference>();
  private rangeStatement?: Statement;
  private storeStatement?: Statement;
  private nextStatement?: Statement;
  private nearStatement?: Statement;
  private nearCountStatement?: Statement;
  private olderStatement?: Statement;
  private newerStatement?: Statement;
  private lastOnsetStatement?: Statement;
  private firstBaselineStatement?: Statement;

  constructor(private readonly db: SqliteDatabase) {}

  /**
   * The stream's newest `limit` baseline samples before `beforeSeq`, oldest first.
   * A stream's onsets come one after another, each with a later `beforeSeq`: the last read is kept
   * and only the samples stored since are read. What is kept covers seqs below min(`beforeSeq`, the
   * service's last stored seq + 1), where appends (seq grows) add nothing; every other change to
   * stored samples bumps `telemetryVersion`, which drops it. So the rows returned are exactly the
   * ones the full query would return, given that this process is the file's only writer (embedded
   * mode's premise; cluster mode stores samples in PostgreSQL and does not use this repository).
   */
  reference(serviceId: number, endpoint: string | null, beforeSeq: number, limit: number): StoredSample[] {
    const key = `${serviceId}\u0000${endpoint ?? ''}${endpoint === null ? '\u0000' : ''}`;
    const version = this.db.telemetryVersion;
    const cached = this.references.get(key);
    let rows: StoredSample[];
    if (cached && cached.version === version && cached.limit === limit && cached.beforeSeq <= beforeSeq) {
      this.references.delete(key);
      if (cached.beforeSeq === beforeSeq) {
        rows = cached.rows;
      } else {
        this.referenceSinceStatement ??= this.db.raw.prepare(
          `SELECT seq, ts, latency_ms, payload_kb FROM telemetry WHERE service_id = ? AND ${STREAM} AND seq >= ? AND seq < ? AND baseline = 1 ORDER BY seq DESC LIMIT ?`,
        );
        const added = (this.referenceSinceStatement.raw().all(serviceId, serviceId, endpoint, cached.beforeSeq, beforeSeq, limit) as Row[]).reverse().map(toSample);
        const kept = limit - added.length;
        rows = kept <= 0 ? added : (kept >= cached.rows.length ? cached.rows : cached.rows.slice(cached.rows.length - kept)).concat(added);
      }
    } else {
      if (cached) this.references.delete(key);
      this.referenceStatement ??= this.db.raw.prepare(
        `SELECT seq, ts, latency_ms, payload_kb FROM telemetry WHERE service_id = ? AND ${STREAM} AND seq < ? AND baseline = 1 ORDER BY seq DESC LIMIT ?`,
      );
      rows = (this.referenceStatement.raw().all(serviceId, serviceId, endpoint, beforeSeq, limit) as Row[]).reverse().map(toSample);
    }
    this.lastSeqStatement ??= this.db.raw.prepare('SELECT MAX(seq) FROM telemetry WHERE service_id = ?').pluck();
    const lastSeq = (this.lastSeqStatement.get(serviceId) as number | null) ?? 0;
    if (this.references.size >= EXPLANATION.referenceCacheStreams) this.references.delete(this.references.keys().next().value as string);
    this.references.set(key, { version, beforeSeq: Math.min(beforeSeq, lastSeq + 1), limit, rows });
    // Callers get their own array; the samples themselves are never modified.
    return rows.slice();
  }

  /** The stream's samples with seq `fromSeq` … `toSeq` (the service's sequence), oldest first. */
  samples(serviceId: number, endpoint: string | null, fromSeq: number, toSeq: number): StoredSample[] {
    this.rangeStatement ??= this.db.raw.prepare(
      `SELECT seq, ts, latency_ms, payload_kb FROM telemetry WHERE service_id = ? AND ${STREAM} AND seq BETWEEN ? AND ? ORDER BY seq`,
    );
    return (this.rangeStatement.raw().all(serviceId, serviceId, endpoint, fromSeq, toSeq) as Row[]).map(toSample);
  }

  /**
   * The first sample after `afterSeq` stored as a baseline sample, or null. A drift's samples are
   * stored as non-baseline; after an operator reset the service learns and every sample is baseline,
   * so this is where a reset ended the episode.
   */
  firstBaselineAfter(serviceId: number, endpoint: string | null, afterSeq: number): number | null {
    this.firstBaselineStatement ??= this.db.raw.prepare(`SELECT MIN(seq) FROM telemetry WHERE service_id = ? AND ${STREAM} AND seq > ? AND baseline = 1`).pluck();
    return (this.firstBaselineStatement.get(serviceId, serviceId, endpoint, afterSeq) as number | null) ?? null;
  }

  /** Must run inside the transaction that inserted the event. */
  store(eventId: number, explanation: string): void {
    this.storeStatement ??= this.db.raw.prepare('UPDATE drift_events SET explanation = ? WHERE id = ?');
    this.storeStatement.run(explanation, eventId);
  }

  /** The stream's next event after `eventId` (events are recorded in arrival order). */
  episodeEnd(serviceId: number, endpoint: string | null, eventId: number): EpisodeEnd | null {
    this.nextStatement ??= this.db.raw.prepare('SELECT ts, seq FROM drift_events WHERE service_id = ? AND endpoint IS ? AND id > ? ORDER BY id LIMIT 1');
    return (this.nextStatement.get(serviceId, endpoint, eventId) as EpisodeEnd | undefined) ?? null;
  }

  /**
   * Onsets of other streams (other services, or the same service's other endpoints) from `fromMs`
   * to `toMs` (sample time): how many, and the first `limit`, oldest first.
   */
  onsetsNear(serviceId: number, endpoint: string | null, fromMs: number, toMs: number, limit: number): { total: number; rows: NearOnsetRow[] } {
    this.nearCountStatement ??= this.db.raw.prepare(
      `SELECT COUNT(*) FROM drift_events WHERE to_state = 'DRIFT_DETECTED' AND ts BETWEEN ? AND ? AND NOT (service_id = ? AND endpoint IS ?)`,
    );
    this.nearStatement ??= this.db.raw.prepare(
      `SELECT e.id AS eventId, s.name AS serviceName, e.endpoint AS endpoint, e.ts AS ts, e.reason AS reason FROM drift_events e JOIN services s ON s.id = e.service_id
       WHERE e.to_state = 'DRIFT_DETECTED' AND e.ts BETWEEN ? AND ? AND NOT (e.service_id = ? AND e.endpoint IS ?) ORDER BY e.ts, e.id LIMIT ?`,
    );
    const total = this.nearCountStatement.pluck().get(fromMs, toMs, serviceId, endpoint) as number;
    return { total, rows: total === 0 ? [] : (this.nearStatement.all(fromMs, toMs, serviceId, endpoint, limit) as NearOnsetRow[]) };
  }

  /** The service's latest transition into DRIFT_DETECTED (its current or last drift), with its explanation. */
  lastOnset(serviceId: number): DriftEventEntity | null {
    this.lastOnsetStatement ??= this.db.raw.prepare(
      `SELECT id, service_id AS serviceId, ts, seq, from_state AS fromState, to_state AS toState, reason, metric, count,
              max_zscore AS maxZscore, z_latency AS zLatency, z_payload AS zPayload, cusum, baseline, deployment_id AS deploymentId, endpoint, explanation
       FROM drift_events WHERE service_id = ? AND to_state = 'DRIFT_DETECTED' ORDER BY id DESC LIMIT 1`,
    );
    return (this.lastOnsetStatement.get(serviceId) as DriftEventEntity | undefined) ?? null;
  }

  /** Up to `limit` onsets before the cursor (ts, id), newest first. */
  onsetsOlder(beforeTs: number, beforeId: number, limit: number): OnsetRow[] {
    this.olderStatement ??= this.db.raw.prepare(
      `SELECT ${ONSET_COLUMNS} FROM drift_events e JOIN services s ON s.id = e.service_id
       WHERE e.to_state = 'DRIFT_DETECTED' AND (e.ts < ? OR (e.ts = ? AND e.id < ?)) ORDER BY e.ts DESC, e.id DESC LIMIT ?`,
    );
    return this.olderStatement.all(beforeTs, beforeTs, beforeId, limit) as OnsetRow[];
  }

  /** Up to `limit` onsets after the cursor (ts, id), oldest first. */
  onsetsNewer(afterTs: number, afterId: number, limit: number): OnsetRow[] {
    this.newerStatement ??= this.db.raw.prepare(
      `SELECT ${ONSET_COLUMNS} FROM drift_events e JOIN services s ON s.id = e.service_id
       WHERE e.to_state = 'DRIFT_DETECTED' AND (e.ts > ? OR (e.ts = ? AND e.id > ?)) ORDER BY e.ts, e.id LIMIT ?`,
    );
    return this.newerStatement.all(afterTs, afterTs, afterId, limit) as OnsetRow[];
  }
}
