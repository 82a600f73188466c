export { IngestionModule } from './ingestion.module';
export { IngestionService, InvalidTelemetryError, SAMPLE_REJECT_REASONS } from './ingestion.service';
export type { SampleRejectReason } from './ingestion.service';
export { IngestionQueue } from './ingestion-queue';
export { IngestionWorker } from './ingestion-worker';
export type { CommitReport } from './ingestion-worker';
export { SampleValidator } from './sample-validator';
// The shared timestamp contract lives in @app/config; re-exported for existing callers.
export { parseTimestamp } from '@app/config';
export { QueueFullError, ShuttingDownError, CommitFailedError, StorageUnavailableError, storageFaultCode, TooManyServicesError, IdempotencyConflictError } from './ingestion.errors';
export { IdempotencyRunner, IdempotencyKeyTakenError } from './idempotency-keys';
export type { Answered, IdempotencyClaim, StoredIdempotencyKey } from './idempotency-keys';
export type { SampleAccepted, BatchAccepted } from './telemetry-answers';
export type { TelemetrySample } from './telemetry-sample';
export { SERVICE_ID_PATTERN, SERVICE_ID_PATTERN_MESSAGE, ISO_TIMESTAMP_PATTERN, ENDPOINT_PATTERN, ENDPOINT_PATTERN_MESSAGE } from './telemetry-sample';
export { OtlpTraceIngestion } from './otlp/otlp-trace-ingestion';
export { OtlpDecodeError, encodeTraceResponse } from './otlp/otlp-codec';
export type { OtlpEncoding, TraceExportResult } from './otlp/otlp-codec';
