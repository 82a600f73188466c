import type { NewLogRecord } from './log-record';

/**
 * The shared, partitioned sample log the write path appends to. Resolving means durable in the
 * log: every record will be scored once, in the order of its partition. A Kafka topic (key =
 * service id) or a RabbitMQ stream can take this role; docs/scale-out.md says what changes.
 */
export interface SampleLog {
  append(records: NewLogRecord[]): Promise<void>;
  /** Records waiting to be appended by this process (queued, not yet acknowledged). */
  readonly queued: number;
  /** Stop accepting, wait for what is queued, and release resources. */
  close(): Promise<void>;
}

export const SAMPLE_LOG = Symbol('SAMPLE_LOG');
