/** Every metric name DriftWatch exports, in one place (the README's Metrics table lists them). */
export const METRIC = {
  samplesIngested: 'driftwatch_samples_ingested_total',
  samplesRejected: 'driftwatch_samples_rejected_total',
  requestsRejected: 'driftwatch_telemetry_requests_rejected_total',
  queueDepth: 'driftwatch_queue_depth',
  queueCapacity: 'driftwatch_queue_capacity',
  commitDuration: 'driftwatch_commit_duration_seconds',
  services: 'driftwatch_services',
  driftEvents: 'driftwatch_drift_events_total',
  serviceState: 'driftwatch_service_state',
  serviceSamples: 'driftwatch_service_samples_total',
  servicesOmitted: 'driftwatch_metrics_services_omitted',
  alertDeliveries: 'driftwatch_alert_deliveries',
} as const;

/** Why a telemetry request was answered with an error (label `reason` of requests rejected). */
export const REQUEST_REJECT_REASONS = [
  'invalid',
  'malformed_json',
  'body_too_large',
  'too_many_services',
  'idempotency_conflict',
  'queue_full',
  'overloaded',
  'shutting_down',
  'commit_failed',
  'internal_error',
] as const;
export type RequestRejectReason = (typeof REQUEST_REJECT_REASONS)[number];

/** Group-commit duration buckets (seconds): a commit is ~1 ms idle and tens of ms under a 10 000-sample batch. */
export const COMMIT_DURATION_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5];
