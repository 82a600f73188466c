import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * One accepted sample. A WITHOUT ROWID table keyed by (service, sequence) is its own index:
 * rows are ~35 bytes on disk, restoring a window is one range scan, and a sample can only be
 * stored once per sequence number.
 */
@Entity({ name: 'telemetry', withoutRowid: true })
export class TelemetryEntity {
  @PrimaryColumn({ name: 'service_id', type: 'integer' })
  serviceId: number;

  /** 1-based position of the sample in its service's stream (arrival order). */
  @PrimaryColumn({ type: 'integer' })
  seq: number;

  /** Sample time, ms since epoch. */
  @Column({ type: 'integer' })
  ts: number;

  @Column({ name: 'latency_ms', type: 'real' })
  latencyMs: number;

  /** NULL when the client sent no payload (a latency-only service). */
  @Column({ name: 'payload_kb', type: 'real', nullable: true })
  payloadKb: number | null;

  /** The sample's endpoint (`endpoints.id`); NULL when the sample named none. */
  @Column({ name: 'endpoint_id', type: 'integer', nullable: true })
  endpointId: number | null;

  /** 1 when the sample entered the baseline window (SQLite stores 0/1 in the header alone). */
  @Column({ type: 'integer' })
  baseline: number;
}
