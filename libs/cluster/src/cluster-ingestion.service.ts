import { DRIFT_CONFIG, DriftConfig } from '@app/config';
import { InvalidTelemetryError, QueueFullError, SampleValidator, ShuttingDownError, TelemetrySample } from '@app/ingestion';
import { Inject, Injectable } from '@nestjs/common';
import type { NewLogRecord } from './log-record';
import { SAMPLE_LOG, SampleLog } from './sample-log';

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
  readonly rejectedSamples = { invalid: 0, queue_full: 0, shutting_down: 0 };
  appendedSamples = 0;

  constructor(
    @Inject(DRIFT_CONFIG) config: DriftConfig,
    @Inject(SAMPLE_LOG) private readonly log: SampleLog,
  ) {
    this.validator = new SampleValidator(config);
  }

  async ingestOne(body: unknown, nowMs = Date.now()): Promise<TelemetrySample> {
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
    await this.append([toRecord(sample)]);
    return sample;
  }

  async ingestBatch(body: unknown, nowMs = Date.now()): Promise<number> {
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
    await this.append(samples.map(toRecord));
    return samples.length;
  }

  /** Queues an operator reset behind every sample of the service already in the log. */
  async resetBaseline(serviceId: string, nowMs = Date.now()): Promise<void> {
    await this.append([{ kind: 'reset', serviceId, timeMs: nowMs, latency: 0, payload: NaN }]);
  }

  private async append(records: NewLogRecord[]): Promise<void> {
    try {
      await this.log.append(records);
      for (const r of records) if (r.kind === 'sample') this.appendedSamples++;
    } catch (error) {
      if (error instanceof QueueFullError) this.rejectedSamples.queue_full += records.length;
      else if (error instanceof ShuttingDownError) this.rejectedSamples.shutting_down += records.length;
      throw error;
    }
  }
}
