import type { NewLogRecord } from './log-record';

/** An Idempotency-Key record, appended in the same transaction as the records it came with. */
export interface IdempotencyRecord {
  key: string;
  fingerprint: string;
  status: number;
  response: string;
  createdAt: number;
}

/**
 * The shared, partitioned sample log the write path appends to. Resolving means durable in the
 * log: every record will be scored once, in the order of its partition. A Kafka topic (key =
 * service id) or a RabbitMQ stream can take this role; docs/scale-out.md says what changes.
 */
export interface SampleLog {
  /**
   * With `key`: the key is written in the same transaction unless an unexpired record of it exists
   * (written by another process meanwhile); then nothing is appended and IdempotencyKeyTakenError is thrown.
   * `notBeforeMs`: records older than this are expired and may be replaced.
   */
  append(records: NewLogRecord[], key?: { record: IdempotencyRecord; notBeforeMs: number }): Promise<void>;
  /** Records waiting to be appended by this process (queued, not yet acknowledged). */
  readonly queued: number;
  /** Stop accepting, wait for what is queued, and release resources. */
  close(): Promise<void>;
}

export const SAMPLE_LOG = Symbol('SAMPLE_LOG');
