/** The parts of the API's answers the dashboard reads (Swagger at /docs has them all). */

export type ServiceState = 'INSUFFICIENT_DATA' | 'STABLE' | 'DRIFT_DETECTED';

export interface ServiceSummary {
  service_id: string;
  state: ServiceState;
  samples_total: number;
  transition_timestamp: string | null;
}

export interface EndpointHealth {
  endpoint?: string;
  name?: string;
  state?: string;
  [field: string]: unknown;
}

export interface Health {
  service_id: string;
  state: ServiceState;
  transition_timestamp: string | null;
  samples_total: number;
  samples_needed?: number;
  baseline: { mean_latency: number; stddev_latency: number; window_samples: number } | null;
  metadata: { reason: string; metric: string | null; evidence_samples: number; max_zscore: number | null; [field: string]: unknown } | null;
  /** Present when the API breaks a service down by endpoint. */
  endpoints?: EndpointHealth[];
}

export interface DriftEvent {
  id: number;
  service_id: string;
  timestamp: string;
  from: string;
  to: string;
  reason: string;
  metric: string | null;
  evidence_samples: number;
  max_zscore: number | null;
  z_latency: number | null;
  z_payload: number | null;
  deployment_id: number | null;
  /** Present when the API classifies drifts. */
  kind?: string;
  hints?: unknown[];
  endpoint?: string | null;
}

export interface EventList {
  events: DriftEvent[];
  next_before: number | null;
}

export interface Deployment {
  id: number;
  service_id: string;
  version: string;
  timestamp: string;
}

export interface GateResult {
  service_id: string;
  verdict: 'pass' | 'fail' | 'inconclusive';
  outcome: string;
  reason: string;
  state: string | null;
  since: string;
  since_source: string;
}

export interface MetricSeries {
  min: (number | null)[];
  mean: (number | null)[];
  max: (number | null)[];
  count: number[];
  expected: number[] | null;
  lower: number[] | null;
  upper: number[] | null;
}

export interface TelemetrySeries {
  service_id: string;
  from: string;
  to: string;
  step: string;
  step_ms: number;
  time: number[];
  count: number[];
  latency: MetricSeries;
  payload: MetricSeries;
  band: { z_limit: number; latency_season: string; payload_season: string | null; model_updated: string } | null;
}
