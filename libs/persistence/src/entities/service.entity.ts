import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** One monitored service: its name, current state and the detector's serialised state. */
@Entity({ name: 'services' })
export class ServiceEntity {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  @Column({ type: 'text', unique: true })
  name: string;

  @Column({ type: 'text' })
  state: string;

  @Column({ name: 'sample_count', type: 'integer', default: 0 })
  sampleCount: number;

  /** Sample time (ms since epoch) of the last transition. */
  @Column({ name: 'transition_at', type: 'integer', nullable: true })
  transitionAt: number | null;

  /** JSON of `DetectorState`: counters, snapshot and rule state (the window is in `telemetry`). */
  @Column({ type: 'text' })
  detector: string;

  @Column({ name: 'created_at', type: 'integer' })
  createdAt: number;

  @Column({ name: 'updated_at', type: 'integer' })
  updatedAt: number;
}
