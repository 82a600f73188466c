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
  sample_count: number;
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
