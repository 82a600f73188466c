/** A validated sample on its way to storage and the detector. */
export interface TelemetrySample {
  serviceId: string;
  /** Sample time, ms since epoch (the client's timestamp, or the time of receipt). */
  timeMs: number;
  latency: number;
  /** Payload in kB; NaN when the client sent none (a latency-only service). */
  payload: number;
  /** The endpoint the sample measured ("POST /pay"); absent when the client named none. */
  endpoint?: string;
}

/** service_id: starts with a letter or digit, then letters, digits and `. _ : -` (safe in URLs and logs). */
export const SERVICE_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:-]*$/;
export const SERVICE_ID_PATTERN_MESSAGE =
  'must start with a letter or digit and contain only letters, digits, ".", "_", ":" or "-"';
/** The shared timestamp grammar (@app/config timestamp.ts); a missing zone means UTC. */
export { TIMESTAMP_PATTERN as ISO_TIMESTAMP_PATTERN } from '@app/config';

/** An endpoint: printable text, no control characters (it is shown in logs, alerts and URLs). */
export const ENDPOINT_PATTERN = /^[^\u0000-\u001f\u007f]+$/;
export const ENDPOINT_PATTERN_MESSAGE = 'must not contain control characters';
