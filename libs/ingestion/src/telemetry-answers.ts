/** The 202 answers of the telemetry routes (also what an Idempotency-Key replays). */
export interface SampleAccepted {
  status: 'accepted';
  service_id: string;
  /** The sample time that was stored, ISO-8601. */
  timestamp: string;
}

export interface BatchAccepted {
  status: 'accepted';
  count: number;
}
