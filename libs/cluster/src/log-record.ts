/** What the write path appends: a sample, or an operator's baseline reset queued behind the samples. */
export interface NewLogRecord {
  kind: 'sample' | 'reset';
  serviceId: string;
  /** Sample time (reset: the time of the request), ms since epoch. */
  timeMs: number;
  latency: number;
  /** NaN: no payload (and for a reset). */
  payload: number;
}

/** A record as the owner of its partition reads it back, in log order. */
export interface LogRecord extends NewLogRecord {
  partition: number;
  /** Position in the partition, 1-based and without gaps. */
  offset: number;
  /** When the record was appended (server clock, ms): what `scored_through` reports. */
  appendedAtMs: number;
}
