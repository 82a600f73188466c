import { ApiProperty } from '@nestjs/swagger';
import { GateResultDto } from '../gate/gate.dto';
import { HealthDto } from '../services/service-views.dto';

export class ScoringProgressDto {
  @ApiProperty({ example: 17, description: "Log partition of the service (a stable hash of its id); one process owns it and scores it" })
  partition: number;
  @ApiProperty({
    example: '2026-12-02T09:15:02.120Z',
    nullable: true,
    type: String,
    description: "Append time of the last sample of the partition that is scored: the answer reflects every sample accepted up to then (null: none scored yet)",
  })
  scored_through: string | null;
  @ApiProperty({ example: 0, description: 'Samples of the partition accepted (202) and not scored yet' })
  pending: number;
  @ApiProperty({ example: 0, description: 'How long the oldest of them has waited (ms); above DRIFTWATCH_CLUSTER_MAX_LAG_MS the gate answers 503' })
  lag_ms: number;
  @ApiProperty({ example: 'dw-1:4242', nullable: true, type: String, description: 'Process that scored the partition last' })
  owner: string | null;
}

export class ClusterHealthDto extends HealthDto {
  @ApiProperty({ type: ScoringProgressDto, description: 'Cluster mode: how far the state is scored' })
  scoring: ScoringProgressDto;
}

export class ClusterGateResultDto extends GateResultDto {
  @ApiProperty({
    enum: ['pass', 'drifting', 'drifted', 'lagging', 'learning', 'too_few_samples', 'unknown_service'],
    example: 'pass',
    description: 'As in embedded mode, plus lagging (503): scoring of the partition is behind by more than DRIFTWATCH_CLUSTER_MAX_LAG_MS, the gate fails closed',
  })
  declare outcome: string;
  @ApiProperty({ type: ScoringProgressDto }) scoring: ScoringProgressDto;
}

export class ReadinessDto {
  @ApiProperty({ enum: ['ready', 'not_ready'], example: 'ready' }) status: string;
  @ApiProperty({ example: 'holds 22 of 64 partitions (fair share 22 among 3 processes); max lag 12 ms' }) reason: string;
  @ApiProperty({ example: true, description: 'The lease session to PostgreSQL is up' }) lease_connected: boolean;
  @ApiProperty({ example: 22 }) partitions_owned: number;
  @ApiProperty({ example: 64 }) partitions_total: number;
  @ApiProperty({ example: 3, description: 'Live DriftWatch processes sharing the partitions' }) members: number;
  @ApiProperty({ example: 0, description: 'Samples accepted by any process and not scored yet' }) pending: number;
  @ApiProperty({ example: 12, description: 'Wait of the oldest unscored sample, all partitions (ms)' }) max_lag_ms: number;
}

export class ClusterStatusDto extends ReadinessDto {
  @ApiProperty({ example: 'cluster' }) mode: string;
  @ApiProperty({ example: 12 }) services_monitored: number;
  @ApiProperty({ example: 120000, description: 'Samples scored, all services' }) samples_scored: number;
  @ApiProperty({ example: 40000, description: 'Samples this process appended to the log since start' }) appended_samples: number;
  @ApiProperty({ example: 40000, description: 'Log records this process scored since start' }) scored_records: number;
  @ApiProperty({ example: 0, description: 'Samples waiting in this process to be appended' }) append_queue: number;
}
