/** A validated sample on its way to storage and the detector. */
export interface TelemetrySample {
  serviceId: string;
  /** Sample time, ms since epoch (the client's timestamp, or the time of receipt). */
  timeMs: number;
  latency: number;
  payload: number;
}

/** service_id: starts with a letter or digit, then letters, digits and `. _ : -` (safe in URLs and logs). */
export const SERVICE_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:-]*$/;
export const SERVICE_ID_PATTERN_MESSAGE =
  'must start with a letter or digit and contain only letters, digits, ".", "_", ":" or "-"';
/** ISO-8601 date-time; a missing zone means UTC. */
export const ISO_TIMESTAMP_PATTERN = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?$/;
