/** The parts of the API's answers the dashboard reads (Swagger at /docs has them all). */

export type ServiceState = 'INSUFFICIENT_DATA' | 'STABLE' | 'DRIFT_DETECTED';

export interface ServiceSummary {
  service_id: string;
  state: ServiceState;
  samples_total: number;
  transition_timestamp: string | null;
}

export type DriftKind = 'spike' | 'level_shift' | 'gradual' | 'tail' | 'variance';

export interface DeploymentHint {
  deployment_id: number;
  version: string;
  timestamp: string;
  minutes_before_onset: number;
}

export interface CoMovementHint {
  first_mover: 'latency' | 'payload' | 'together';
  latency_departed_seq: number;
  payload_departed_seq: number;
  lead_samples: number;
  lead_seconds: number;
  correlation: number | null;
  correlation_samples: number;
}

export interface ConcurrentOnset {
  service_id: string;
  event_id: number;
  timestamp: string;
  reason: string;
}

export interface ConcurrentHint {
  window_minutes: number;
  total: number;
  onsets: ConcurrentOnset[];
}

/** A drift event's `explanation` (README: Explanations and incidents). */
export interface DriftExplanation {
  kind: DriftKind | string;
  direction: 'up' | 'down' | 'both' | string;
  basis: 'onset' | 'episode' | string;
  samples_after_onset: number;
  final: boolean;
  rule: string;
  measures: Record<string, number | null>;
  hints: { deployment?: DeploymentHint; co_movement?: CoMovementHint; concurrent?: ConcurrentHint };
}

export interface DriftMetadata {
  reason: string;
  metric: string | null;
  evidence_samples: number;
  max_zscore: number | null;
  cusum?: number | null;
  event_id?: number | null;
  explanation?: DriftExplanation | null;
  /** Only when the drift is on one of the service's endpoints. */
  endpoint?: string;
  summary?: string;
}

export interface Health {
  service_id: string;
  state: ServiceState;
  transition_timestamp: string | null;
  samples_total: number;
  samples_needed?: number;
  baseline: { mean_latency: number; stddev_latency: number; window_samples: number } | null;
  metadata: DriftMetadata | null;
  /** Only in the answer for one endpoint (?endpoint=). */
  endpoint?: string;
  /** Only for a service whose samples name endpoints: each endpoint's own health. */
  endpoints?: Health[];
  endpoint_overflow?: { max_endpoints: number; capped: boolean; other_samples: number };
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
  /** Transitions into DRIFT_DETECTED only (null for the others). */
  explanation: DriftExplanation | null;
  /** Only for a transition of one of the service's endpoints. */
  endpoint?: string;
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
  endpoint?: string;
}

export interface IncidentMember {
  service_id: string;
  endpoint?: string;
  event_id: number;
  onset: string;
  reason: string;
  metric: string | null;
  kind: string | null;
  ended: string | null;
}

export interface Incident {
  start: string;
  end: string | null;
  open: boolean;
  first_mover: IncidentMember;
  member_count: number;
  members: IncidentMember[];
}

export interface IncidentList {
  window_minutes: number;
  incidents: Incident[];
  next_to: string | null;
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
