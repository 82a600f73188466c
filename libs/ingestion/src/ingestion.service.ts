import { DRIFT_CONFIG, DriftConfig } from '@app/config';
import { DetectorRegistry } from '@app/health';
import { Inject, Injectable } from '@nestjs/common';
import { Answered, IdempotencyClaim, IdempotencyKeys } from './idempotency-keys';
import { QueueFullError, ShuttingDownError, TooManyServicesError } from './ingestion.errors';
import { IngestionQueue } from './ingestion-queue';
import { InvalidTelemetryError } from './invalid-telemetry.error';
import { SampleValidator } from './sample-validator';
import { ServiceAdmission } from './service-admission';
import type { BatchAccepted, SampleAccepted } from './telemetry-answers';
import type { TelemetrySample } from './telemetry-sample';

export { InvalidTelemetryError } from './invalid-telemetry.error';

/** Why samples of a parsed request were not stored (a failed commit is the worker's count). */
export const SAMPLE_REJECT_REASONS = ['invalid', 'queue_full', 'shutting_down', 'too_many_services'] as const;
export type SampleRejectReason = (typeof SAMPLE_REJECT_REASONS)[number];

/** The routes an Idempotency-Key is bound to (part of its fingerprint). */
const ROUTE_ONE = 'POST /v1/telemetry';
const ROUTE_BATCH = 'POST /v1/telemetry/batch';

/** The entry point of ingestion: validate, check order and fleet cap, queue, and resolve once committed. */
@Injectable()
export class IngestionService {
  private readonly validator: SampleValidator;
  private readonly admission: ServiceAdmission;
  /** Samples turned away since start, by reason (a batch counts all its samples: it is all or nothing). */
  readonly rejectedSamples: Record<SampleRejectReason, number> = { invalid: 0, queue_full: 0, shutting_down: 0, too_many_services: 0 };

  constructor(
    @Inject(DRIFT_CONFIG) config: DriftConfig,
    private readonly queue: IngestionQueue,
    private readonly registry: DetectorRegistry,
    private readonly keys: IdempotencyKeys,
  ) {
    this.validator = new SampleValidator(config);
    this.admission = new ServiceAdmission(config, registry);
  }

  /** Validates and stores one sample; resolves with the answer once it is committed and scored. */
  async ingestOne(body: unknown, nowMs = Date.now(), idempotencyKey?: string): Promise<Answered<SampleAccepted>> {
    if (idempotencyKey !== undefined) return this.keys.run(idempotencyKey, ROUTE_ONE, body, nowMs, (claim) => this.storeOne(body, nowMs, claim));
    return { answer: await this.storeOne(body, nowMs), replayed: false };
  }

  /** Validates a whole batch (all or nothing) and stores it in one transaction. */
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
    const answer: SampleAccepted = { status: 'accepted', service_id: sample.serviceId, timestamp: new Date(sample.timeMs).toISOString() };
    await this.submit([sample], nowMs, false, answer, claim);
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
    const answer: BatchAccepted = { status: 'accepted', count: samples.length };
    await this.submit(samples, nowMs, true, answer, claim);
    return answer;
  }

  /**
   * Stores samples another front end (OTLP) has already validated with the same rules, in one
   * transaction, after the same order and fleet checks as a batch. Unlike a batch, late samples
   * (DRIFTWATCH_MAX_OUT_OF_ORDER_SECONDS) are left out rather than refusing the rest: resolves with
   * how many were, and why (the front end reports them, e.g. as OTLP partial success).
   */
  async ingestValidated(samples: TelemetrySample[], nowMs = Date.now()): Promise<{ late: number; problems: string[] }> {
    const problems: string[] = [];
    const lateIndices: number[] = [];
    try {
      this.admission.check(samples, problems, false, lateIndices);
    } catch (error) {
      // The fleet cap: submit() below checks it again and answers it.
      if (!(error instanceof TooManyServicesError)) throw error;
    }
    let kept = samples;
    if (lateIndices.length > 0) {
      // A late sample never moves its service's newest time, so the others pass the check on their own.
      const late = new Set(lateIndices);
      kept = samples.filter((_, i) => !late.has(i));
      this.rejectedSamples.invalid += lateIndices.length;
    }
    if (kept.length > 0) await this.submit(kept, nowMs, true, undefined);
    return { late: lateIndices.length, problems: problems.filter((p) => !p.startsWith('… and ')) };
  }

  /** Order and fleet checks, then queueing, in one tick: no other request can slip between them. */
  private async submit(samples: TelemetrySample[], nowMs: number, batch: boolean, answer: unknown, claim?: IdempotencyClaim): Promise<void> {
    const errors: string[] = [];
    let plan;
    try {
      plan = this.admission.check(samples, errors, batch);
    } catch (error) {
      this.rejectedSamples.too_many_services += samples.length;
      throw error;
    }
    if (errors.length > 0) {
      this.rejectedSamples.invalid += samples.length;
      throw new InvalidTelemetryError(errors);
    }
    let committed: Promise<void>;
    try {
      committed = this.queue.submit(samples, nowMs, claim && IdempotencyKeys.record(claim, answer));
    } catch (error) {
      if (error instanceof QueueFullError) this.rejectedSamples.queue_full += samples.length;
      else if (error instanceof ShuttingDownError) this.rejectedSamples.shutting_down += samples.length;
      throw error;
    }
    this.admission.apply(plan);
    try {
      await committed;
    } finally {
      this.admission.settle(plan);
    }
  }

  /** Queues an operator reset behind every sample already accepted for the service. */
  async resetBaseline(serviceId: string, nowMs = Date.now()): Promise<void> {
    this.registry.get(serviceId);
    await this.queue.submitReset(serviceId, nowMs);
  }

  /**
   * Queues the deletion of a service behind every sample already accepted for it; resolves once
   * its rows are gone. Samples accepted after it start a new service.
   */
  async deleteService(serviceId: string): Promise<void> {
    this.registry.get(serviceId);
    await this.queue.submitDelete(serviceId);
  }
}
