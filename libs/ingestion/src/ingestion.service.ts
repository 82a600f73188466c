import { DRIFT_CONFIG, DriftConfig } from '@app/config';
import { DetectorRegistry } from '@app/health';
import { Inject, Injectable } from '@nestjs/common';
import { QueueFullError, ShuttingDownError } from './ingestion.errors';
import { IngestionQueue } from './ingestion-queue';
import { SampleValidator } from './sample-validator';
import type { TelemetrySample } from './telemetry-sample';

/** Raised with the field-level messages of an invalid request (HTTP 400); nothing was queued. */
export class InvalidTelemetryError extends Error {
  constructor(readonly messages: string[]) {
    super(messages.join('; '));
    this.name = 'InvalidTelemetryError';
  }
}

/** Why samples of a parsed request were not stored (a failed commit is the worker's count). */
export const SAMPLE_REJECT_REASONS = ['invalid', 'queue_full', 'shutting_down'] as const;
export type SampleRejectReason = (typeof SAMPLE_REJECT_REASONS)[number];

/** The entry point of ingestion: validate, queue, and resolve once committed. */
@Injectable()
export class IngestionService {
  private readonly validator: SampleValidator;
  /** Samples turned away since start, by reason (a batch counts all its samples: it is all or nothing). */
  readonly rejectedSamples: Record<SampleRejectReason, number> = { invalid: 0, queue_full: 0, shutting_down: 0 };

  constructor(
    @Inject(DRIFT_CONFIG) config: DriftConfig,
    private readonly queue: IngestionQueue,
    private readonly registry: DetectorRegistry,
  ) {
    this.validator = new SampleValidator(config);
  }

  /** Validates and stores one sample; resolves with it once it is committed and scored. */
  async ingestOne(body: unknown, nowMs = Date.now()): Promise<TelemetrySample> {
    const errors: string[] = [];
    const sample = this.validator.validate(body, nowMs, errors);
    if (!sample) {
      this.rejectedSamples.invalid++;
      throw new InvalidTelemetryError(errors);
    }
    await this.submit([sample]);
    return sample;
  }

  /** Validates a whole batch (all or nothing) and stores it in one transaction. */
  async ingestBatch(body: unknown, nowMs = Date.now()): Promise<number> {
    const errors: string[] = [];
    const samples = this.validator.validateBatch(body, nowMs, errors);
    if (errors.length > 0) {
      const sent = (body as { samples?: unknown } | null)?.samples;
      this.rejectedSamples.invalid += Array.isArray(sent) ? Math.max(1, sent.length) : 1;
      throw new InvalidTelemetryError(errors);
    }
    await this.submit(samples);
    return samples.length;
  }

  /** Stores samples another front end (OTLP) has already validated with the same rules, in one transaction. */
  async ingestValidated(samples: TelemetrySample[]): Promise<void> {
    await this.submit(samples);
  }

  private submit(samples: TelemetrySample[]): Promise<void> {
    try {
      return this.queue.submit(samples);
    } catch (error) {
      if (error instanceof QueueFullError) this.rejectedSamples.queue_full += samples.length;
      else if (error instanceof ShuttingDownError) this.rejectedSamples.shutting_down += samples.length;
      throw error;
    }
  }

  /** Queues an operator reset behind every sample already accepted for the service. */
  async resetBaseline(serviceId: string, nowMs = Date.now()): Promise<void> {
    this.registry.get(serviceId);
    await this.queue.submitReset(serviceId, nowMs);
  }
}
