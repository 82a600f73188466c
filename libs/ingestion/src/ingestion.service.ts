import { DRIFT_CONFIG, DriftConfig } from '@app/config';
import { DetectorRegistry } from '@app/health';
import { Inject, Injectable } from '@nestjs/common';
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

/** The entry point of ingestion: validate, queue, and resolve once committed. */
@Injectable()
export class IngestionService {
  private readonly validator: SampleValidator;

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
    if (!sample) throw new InvalidTelemetryError(errors);
    await this.queue.submit([sample]);
    return sample;
  }

  /** Validates a whole batch (all or nothing) and stores it in one transaction. */
  async ingestBatch(body: unknown, nowMs = Date.now()): Promise<number> {
    const errors: string[] = [];
    const samples = this.validator.validateBatch(body, nowMs, errors);
    if (errors.length > 0) throw new InvalidTelemetryError(errors);
    await this.queue.submit(samples);
    return samples.length;
  }

  /** Queues an operator reset behind every sample already accepted for the service. */
  async resetBaseline(serviceId: string, nowMs = Date.now()): Promise<void> {
    this.registry.get(serviceId);
    await this.queue.submitReset(serviceId, nowMs);
  }
}
