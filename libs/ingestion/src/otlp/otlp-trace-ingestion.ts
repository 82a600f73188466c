import { DRIFT_CONFIG, DriftConfig } from '@app/config';
import { Inject, Injectable } from '@nestjs/common';
import { IngestionService, InvalidTelemetryError } from '../ingestion.service';
import { SampleValidator } from '../sample-validator';
import { decodeTraceRequest, OtlpEncoding, TraceExportResult } from './otlp-codec';
import { spansToSamples } from './span-samples';

/** Reasons listed in one partial-success message, at most. */
const MAX_LATE_PROBLEMS = 5;

/**
 * OTLP/HTTP traces in: decode the export, turn its server spans into samples and store them
 * through the same queue and group commit as POST /v1/telemetry/batch (so the same limits, the
 * same 503 backpressure, and one transaction for the whole export's samples). Spans that cannot
 * be used are reported back as OTLP partial success; the rest are stored.
 */
@Injectable()
export class OtlpTraceIngestion {
  private readonly validator: SampleValidator;

  constructor(
    @Inject(DRIFT_CONFIG) private readonly config: DriftConfig,
    private readonly ingestion: IngestionService,
  ) {
    this.validator = new SampleValidator(config);
  }

  /** Resolves once the samples are committed; throws OtlpDecodeError / InvalidTelemetryError (400) or queue errors (503). */
  async ingest(body: unknown, encoding: OtlpEncoding, nowMs = Date.now()): Promise<TraceExportResult & { accepted: number }> {
    const request = decodeTraceRequest(body, encoding);
    const { samples, rejected: unusable, problems } = spansToSamples(request, this.validator, this.config.endpointMaxLength, nowMs);
    if (samples.length > this.config.batchMaxSamples) {
      throw new InvalidTelemetryError([
        `${samples.length} server spans in one export; at most ${this.config.batchMaxSamples} (DRIFTWATCH_BATCH_MAX_SAMPLES): ` +
          "lower the exporter's batch size (Collector batch processor send_batch_max_size)",
      ]);
    }
    let accepted = samples.length;
    let rejected = unusable;
    if (samples.length > 0) {
      // Spans more than DRIFTWATCH_MAX_OUT_OF_ORDER_SECONDS older than their service's newest are
      // rejected spans too (an exporter does not retry a 400: the rest of its export would be lost).
      const late = await this.ingestion.ingestValidated(samples, nowMs);
      accepted -= late.late;
      rejected += late.late;
      problems.push(...late.problems.slice(0, Math.max(0, MAX_LATE_PROBLEMS - problems.length)));
    }
    const more = rejected > problems.length ? ` (and ${rejected - problems.length} more)` : '';
    return { accepted, rejectedSpans: rejected, errorMessage: rejected > 0 ? `${problems.join('; ')}${more}` : '' };
  }
}
