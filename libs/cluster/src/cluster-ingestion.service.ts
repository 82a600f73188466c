import { DRIFT_CONFIG, DriftConfig } from '@app/config';
import {
  Answered,
  BatchAccepted,
  IdempotencyClaim,
  IdempotencyRunner,
  InvalidTelemetryError,
  QueueFullError,
  SampleAccepted,
  SampleValidator,
  ServiceAdmission,
  ShuttingDownError,
  StoredIdempotencyKey,
  TelemetrySample,
  TooManyServicesError,
} from '@app/ingestion';
import { Inject, Injectable } from '@nestjs/common';
import type { ClusterAdmissionRegistry } from './cluster-admission-registry';
import type { NewLogRecord } from './log-record';
import { SAMPLE_LOG, SampleLog } from './sample-log';

/** Injection token of the Idempotency-Key lookup (PgIdempotencyKeys). */
export const CLUSTER_IDEMPOTENCY_LOOKUP = Symbol('CLUSTER_IDEMPOTENCY_LOOKUP');
/** Injection token of the services' state for the order and fleet checks (ClusterAdmissionRegistry). */
export const CLUSTER_ADMISSION = Symbol('CLUSTER_ADMISSION');
export interface IdempotencyLookup {
  find(key: string, notBeforeMs: number): Promise<StoredIdempotencyKey | undefined>;
}

/** The routes an Idempotency-Key is bound to (part of its fingerprint), as in embedded mode. */
const ROUTE_ONE = 'POST /v1/telemetry';
const ROUTE_BATCH = 'POST /v1/telemetry/batch';

const toRecord = (s: TelemetrySample): NewLogRecord => ({ kind: 'sample', serviceId: s.serviceId, timeMs: s.timeMs, latency: s.latency, payload: s.payload });

/**
 * Per-endpoint baselines are an embedded-mode feature: a sample naming an endpoint is refused (400)
 * rather than accepted and scored without it.
 */
function refuseEndpoints(samples: TelemetrySample[], single: boolean): void {
  const errors: string[] = [];
  samples.forEach((s, i) => {
    if (s.endpoint !== undefined) errors.push(`${single ? '' : `samples.${i}.`}endpoint is not supported in cluster mode (per-endpoint baselines need the embedded mode); send the sample without it`);
  });
  if (errors.length > 0) throw new InvalidTelemetryError(errors.slice(0, 20));
}

/**
 * The write path in cluster mode: the embedded mode's validation, then an append to the shared
 * log. Resolving means durably in the log; the owner of the service's partition scores it, once,
 * in the partition's order.
 */
@Injectable()
export class ClusterIngestionService {
  private readonly validator: SampleValidator;
  private readonly keys: IdempotencyRunner;
  private readonly admission: ServiceAdmission;
  readonly rejectedSamples = { invalid: 0, too_many_services: 0, queue_full: 0, shutting_down: 0 };
  appendedSamples = 0;

  constructor(
    @Inject(DRIFT_CONFIG) private readonly config: DriftConfig,
    @Inject(SAMPLE_LOG) private readonly log: SampleLog,
    @Inject(CLUSTER_IDEMPOTENCY_LOOKUP) lookup: IdempotencyLookup,
    @Inject(CLUSTER_ADMISSION) private readonly registry: ClusterAdmissionRegistry,
  ) {
    this.admission = new ServiceAdmission(config, registry);
    this.validator = new SampleValidator(config);
    this.keys = new IdempotencyRunner(config.idempotencyTtlHours, (key, notBeforeMs) => lookup.find(key, notBeforeMs));
  }

  /**
   * One sample; with an Idempotency-Key, the embedded mode's protocol on the shared key table: the
   * key is written in the transaction of the append, a retry within IDEMPOTENCY_TTL_HOURS (from any
   * process) gets the first answer and appends nothing, another request with it gets 422.
   */
  async ingestOne(body: unknown, nowMs = Date.now(), idempotencyKey?: string): Promise<Answered<SampleAccepted>> {
    if (idempotencyKey !== undefined) return this.keys.run(idempotencyKey, ROUTE_ONE, body, nowMs, (claim) => this.storeOne(body, nowMs, claim));
    return { answer: await this.storeOne(body, nowMs), replayed: false };
  }

  /** A whole batch (all or nothing), appended in one transaction; Idempotency-Key as for one sample. */
  async ingestBatch(body: unknown, nowMs = Date.now(), idempotencyKey?: string): Promise<Answered<BatchAccepted>> {
    if (idempotencyKey !== undefined) return this.keys.run(idempotencyKey, ROUTE_BATCH, body, nowMs, (claim) => this.storeBatch(body, nowMs, claim));
    return { answer: await this.storeBatch(body, nowMs), replayed: false };
  }

  private async storeOne(body: unknown, nowMs: number, claim?: IdempotencyClaim): Promise<SampleAccepted> {
    const errors: string[] = [];
    const sample = this.validator.validate(body, nowMs, errors);
    if (!sample) {
      this.rejectedSamples.invalid++;
      throw new InvalidTelemetryError(errors);
    }
    try {
      refuseEndpoints([sample], true);
    } catch (error) {
      this.rejectedSamples.invalid++;
      throw error;
    }
    const answer: SampleAccepted = { status: 'accepted', service_id: sample.serviceId, timestamp: new Date(sample.timeMs).toISOString() };
    await this.admitAndAppend([sample], false, nowMs, claim, answer);
    return answer;
  }

  private async storeBatch(body: unknown, nowMs: number, claim?: IdempotencyClaim): Promise<BatchAccepted> {
    const errors: string[] = [];
    const samples = this.validator.validateBatch(body, nowMs, errors);
    if (errors.length > 0) {
      const sent = (body as { samples?: unknown } | null)?.samples;
      this.rejectedSamples.invalid += Array.isArray(sent) ? Math.max(1, sent.length) : 1;
      throw new InvalidTelemetryError(errors);
    }
    try {
      refuseEndpoints(samples, false);
    } catch (error) {
      this.rejectedSamples.invalid += samples.length;
      throw error;
    }
    const answer: BatchAccepted = { status: 'accepted', count: samples.length };
    await this.admitAndAppend(samples, true, nowMs, claim, answer);
    return answer;
  }

  /**
   * The embedded mode's order and fleet checks (ServiceAdmission) on what the store and this process
   * know (ClusterAdmissionRegistry): a sample more than MAX_OUT_OF_ORDER_SECONDS older than its
   * service's newest is refused (400), a new service beyond MAX_SERVICES too (429); then the append.
   */
  private async admitAndAppend(samples: TelemetrySample[], batch: boolean, nowMs: number, claim?: IdempotencyClaim, answer?: unknown): Promise<void> {
    await this.registry.prepare(samples.map((s) => s.serviceId), nowMs);
    // From here to the append's start, no await: no other request of this process can slip between.
    const errors: string[] = [];
    let plan;
    try {
      plan = this.admission.check(samples, errors, batch);
    } catch (error) {
      if (error instanceof TooManyServicesError) this.rejectedSamples.too_many_services += samples.length;
      throw error;
    }
    if (errors.length > 0) {
      this.rejectedSamples.invalid += samples.length;
      throw new InvalidTelemetryError(errors);
    }
    const appended = this.append(samples.map(toRecord), claim, answer);
    this.admission.apply(plan);
    try {
      await appended;
      for (const name of plan.reserved) this.registry.appended(name, plan.newest.get(name) as number);
    } finally {
      this.admission.settle(plan);
    }
  }

  /** Queues an operator reset behind every sample of the service already in the log. */
  async resetBaseline(serviceId: string, nowMs = Date.now()): Promise<void> {
    await this.append([{ kind: 'reset', serviceId, timeMs: nowMs, latency: 0, payload: NaN }]);
  }

  private async append(records: NewLogRecord[], claim?: IdempotencyClaim, answer?: unknown): Promise<void> {
    const key = claim && { record: IdempotencyRunner.record(claim, answer), notBeforeMs: claim.createdMs - this.config.idempotencyTtlHours * 3_600_000 };
    try {
      await this.log.append(records, key);
      for (const r of records) if (r.kind === 'sample') this.appendedSamples++;
    } catch (error) {
      if (error instanceof QueueFullError) this.rejectedSamples.queue_full += records.length;
      else if (error instanceof ShuttingDownError) this.rejectedSamples.shutting_down += records.length;
      throw error;
    }
  }
}
