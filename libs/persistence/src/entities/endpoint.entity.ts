import { Column, Entity, PrimaryGeneratedColumn, Unique } from 'typeorm';

/**
 * One endpoint of a service (e.g. "POST /pay") with its own detector: the same columns as
 * `services`, scoped to the service. Samples without an endpoint use the service's own row.
 */
@Entity({ name: 'endpoints' })
@Unique('uq_endpoints_service_name', ['serviceId', 'name'])
export class EndpointEntity {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  @Column({ name: 'service_id', type: 'integer' })
  serviceId: number;

  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'text' })
  state: string;

  @Column({ name: 'sample_count', type: 'integer', default: 0 })
  sampleCount: number;

  /** Sample time (ms since epoch) of the endpoint's last transition. */
  @Column({ name: 'transition_at', type: 'integer', nullable: true })
  transitionAt: number | null;

  /** JSON of `DetectorState` (the window is in `telemetry`, rows with this `endpoint_id`). */
  @Column({ type: 'text' })
  detector: string;

  @Column({ name: 'created_at', type: 'integer' })
  createdAt: number;

  @Column({ name: 'updated_at', type: 'integer' })
  updatedAt: number;
}
