import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** One state transition of one service, with the statistics behind it. */
@Entity({ name: 'drift_events' })
@Index('idx_drift_events_service_ts', ['serviceId', 'ts'])
@Index('idx_drift_events_ts', ['ts'])
export class DriftEventEntity {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  @Column({ name: 'service_id', type: 'integer' })
  serviceId: number;

  /** Time of the triggering sample (or of the operator action), ms since epoch. */
  @Column({ type: 'integer' })
  ts: number;

  /** Sequence number of the triggering sample; null for operator actions. */
  @Column({ type: 'integer', nullable: true })
  seq: number | null;

  @Column({ name: 'from_state', type: 'text' })
  fromState: string;

  @Column({ name: 'to_state', type: 'text' })
  toState: string;

  @Column({ type: 'text' })
  reason: string;

  @Column({ type: 'text', nullable: true })
  metric: string | null;

  @Column({ type: 'integer' })
  count: number;

  @Column({ name: 'max_zscore', type: 'real', nullable: true })
  maxZscore: number | null;

  @Column({ name: 'z_latency', type: 'real', nullable: true })
  zLatency: number | null;

  @Column({ name: 'z_payload', type: 'real', nullable: true })
  zPayload: number | null;

  @Column({ type: 'real', nullable: true })
  cusum: number | null;

  /** JSON of the baseline snapshot the samples were scored against. */
  @Column({ type: 'text', nullable: true })
  baseline: string | null;

  /** The deployment marker this drift is attributed to (it began soon after it); null otherwise. */
  @Column({ name: 'deployment_id', type: 'integer', nullable: true })
  deploymentId: number | null;

  /** JSON of the explanation decided at the onset (transitions into DRIFT_DETECTED only); null otherwise. */
  @Column({ type: 'text', nullable: true })
  explanation?: string | null;
  /** The endpoint whose detector made this transition; null for the service's samples without one. */
  @Column({ type: 'text', nullable: true })
  endpoint: string | null;
  /** When the triggering sample (or the operator action) reached DriftWatch, ms; null before 1765100000001. */
  @Column({ name: 'received_at', type: 'integer', nullable: true })
  receivedAt: number | null;
}
