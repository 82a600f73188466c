/** The slices of the DriftWatch v1 API the simulator reads (snake_case as on the wire). */
export interface TelemetryBody {
  service_id: string;
  latency_ms: number;
  payload_kb: number;
  timestamp?: string;
}

export interface HealthBody {
  service_id: string;
  state: string;
  /** Every sample the service has sent (`sample_count` before it was renamed). */
  samples_total: number;
}

export interface EventBody {
  seq: number | null;
  from: string;
  to: string;
  reason: string;
}

export interface EventsBody {
  service_id: string;
  events: EventBody[];
}
