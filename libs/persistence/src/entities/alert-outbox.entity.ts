import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * One alert to deliver to one destination: written in the transaction that stored its drift
 * event, then updated by the delivery worker until it is delivered or given up.
 */
@Entity({ name: 'alert_outbox' })
@Index('uq_alert_outbox_event_destination', ['eventId', 'destination'], { unique: true })
@Index('idx_alert_outbox_pending_order', ['destination', 'serviceId', 'id'], { where: "status = 'pending'" })
@Index('idx_alert_outbox_status_id', ['status', 'id'])
@Index('idx_alert_outbox_service_id', ['serviceId', 'id'])
export class AlertOutboxEntity {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  /** The drift event this alert is about (its id is the CloudEvent id and the webhook-id). */
  @Column({ name: 'event_id', type: 'integer' })
  eventId: number;

  @Column({ name: 'service_id', type: 'integer' })
  serviceId: number;

  /** `webhook`, `slack` or `pagerduty`. */
  @Column({ type: 'text' })
  destination: string;

  /** `drift.detected` or `drift.resolved`. */
  @Column({ type: 'text' })
  type: string;

  /** The DRIFT_DETECTED event that opened the episode (PagerDuty's dedup_key is built from it). */
  @Column({ name: 'episode_event_id', type: 'integer' })
  episodeEventId: number;

  /** `pending`, `delivered` or `failed`. */
  @Column({ type: 'text' })
  status: string;

  @Column({ type: 'integer' })
  attempts: number;

  /** Wall-clock times, ms since epoch. */
  @Column({ name: 'created_at', type: 'integer' })
  createdAt: number;

  @Column({ name: 'next_attempt_at', type: 'integer' })
  nextAttemptAt: number;

  @Column({ name: 'last_attempt_at', type: 'integer', nullable: true })
  lastAttemptAt: number | null;

  @Column({ name: 'delivered_at', type: 'integer', nullable: true })
  deliveredAt: number | null;

  /** HTTP status of the last answer (null: no answer, e.g. connection refused or timeout). */
  @Column({ name: 'last_status', type: 'integer', nullable: true })
  lastStatus: number | null;

  /** Why the last attempt failed, or why the alert was given up. */
  @Column({ name: 'last_error', type: 'text', nullable: true })
  lastError: string | null;
}
