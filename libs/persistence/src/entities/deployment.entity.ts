import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A deployment marker: "version V of service S went out at T". Keyed by the service's name, not
 * its row id, because a pipeline may mark a deployment before the service's first sample.
 */
@Entity({ name: 'deployments' })
@Index('idx_deployments_service_ts', ['serviceName', 'ts'])
export class DeploymentEntity {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  @Column({ name: 'service_name', type: 'text' })
  serviceName: string;

  @Column({ type: 'text' })
  version: string;

  /** When the deployment happened (sample-time scale), ms since epoch. */
  @Column({ type: 'integer' })
  ts: number;

  /** When the marker was recorded, ms since epoch. */
  @Column({ name: 'created_at', type: 'integer' })
  createdAt: number;
}
