import { DRIFT_KINDS } from '@app/health';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

const SIGMA = 'in σ of the reference (1.4826 × its median absolute deviation), the baseline samples just before the evidence';

export class KindMeasuresDto {
  @ApiProperty({ example: 180, description: 'Samples the kind was decided on: those from EXPLAIN_SPIKE_MAX_SAMPLES after the evidence began, or the evidence when there are fewer than 20' })
  samples: number;
  @ApiProperty({ example: 5.9, nullable: true, type: Number, description: `Median of those samples minus the reference median, ${SIGMA}` })
  shift_sigma: number | null;
  @ApiProperty({ example: 0.1, nullable: true, type: Number, description: "Episode's last third minus its first third (medians), in the drift's direction; null at the onset" })
  trend_sigma: number | null;
  @ApiProperty({ example: 0.02, nullable: true, type: Number, description: "Median of the lead-in (samples before the evidence), in the drift's direction" })
  lead_in_sigma: number | null;
  @ApiProperty({ example: 1.05, nullable: true, type: Number, description: "Robust σ of those samples ÷ the reference's" })
  spread_ratio: number | null;
  @ApiProperty({ example: 0.055, nullable: true, type: Number, description: "Share above the reference's 99th percentile (0.01 under normal)" })
  upper_tail_rate: number | null;
  @ApiProperty({ example: 0.006, nullable: true, type: Number, description: "Share below the reference's 1st percentile (0.01 under normal)" })
  lower_tail_rate: number | null;
}

export class DeploymentHintDto {
  @ApiProperty({ example: 7 }) deployment_id: number;
  @ApiProperty({ example: 'v2.4.1' }) version: string;
  @ApiProperty({ example: '2026-01-12T10:25:00.000Z', description: 'Time of the marker' }) timestamp: string;
  @ApiProperty({ example: 6.03, description: 'How long before the onset it was recorded (at most DRIFTWATCH_DEPLOYMENT_NAMING_WINDOW_MINUTES)' })
  minutes_before_onset: number;
}

export class CoMovementHintDto {
  @ApiProperty({ enum: ['latency', 'payload', 'together'], example: 'payload', description: 'The metric that left its normal first (together: on the same sample)' })
  first_mover: string;
  @ApiProperty({ example: 1107, description: 'Seq of the first sample of latency\'s first run far from normal (3 beyond 3σ, or 8 beyond 1σ on one side)' })
  latency_departed_seq: number;
  @ApiProperty({ example: 1101, description: 'The same for payload' }) payload_departed_seq: number;
  @ApiProperty({ example: 6, description: 'Samples between the two departures' }) lead_samples: number;
  @ApiProperty({ example: 0.6, description: 'Sample time between the two departures' }) lead_seconds: number;
  @ApiProperty({ example: 0.82, nullable: true, type: Number, description: "Spearman's rank correlation of latency and payload over the episode's samples" })
  correlation: number | null;
  @ApiProperty({ example: 205, description: 'Samples with both metrics the correlation was computed over' }) correlation_samples: number;
}

export class ConcurrentOnsetDto {
  @ApiProperty({ example: 'orders-api' }) service_id: string;
  @ApiProperty({ example: 311, description: 'Its drift event (its own explanation says its kind)' }) event_id: number;
  @ApiProperty({ example: '2026-01-12T10:31:40.000Z' }) timestamp: string;
  @ApiProperty({ example: 'consecutive_severe_anomalies' }) reason: string;
}

export class ConcurrentHintDto {
  @ApiProperty({ example: 5, description: 'DRIFTWATCH_INCIDENT_WINDOW_MINUTES' }) window_minutes: number;
  @ApiProperty({ example: 9, description: 'Drift onsets of other services within the window either side of this one' }) total: number;
  @ApiProperty({ type: [ConcurrentOnsetDto], description: 'The first 20 of them, oldest first' }) onsets: ConcurrentOnsetDto[];
}

export class DriftHintsDto {
  @ApiPropertyOptional({ type: DeploymentHintDto, description: 'Present only when a deployment marker was recorded shortly before the onset' })
  deployment?: DeploymentHintDto;
  @ApiPropertyOptional({ type: CoMovementHintDto, description: 'Present only when latency and payload both left their normal' })
  co_movement?: CoMovementHintDto;
  @ApiPropertyOptional({ type: ConcurrentHintDto, description: 'Present only when other services began drifting within the incident window (read time only)' })
  concurrent?: ConcurrentHintDto;
}

export class DriftExplanationDto {
  @ApiProperty({ enum: DRIFT_KINDS, example: 'level_shift', description: 'What the drift looks like; the rules are in the README (Explanations and incidents)' })
  kind: string;
  @ApiProperty({ enum: ['up', 'down', 'both'], example: 'up' }) direction: string;
  @ApiProperty({ enum: ['onset', 'episode'], example: 'episode', description: 'onset: only samples up to the alarm were read (what alerts carry); episode: samples after it too' })
  basis: string;
  @ApiProperty({ example: 200, description: 'Samples after the onset that were read (at most DRIFTWATCH_EXPLAIN_EPISODE_SAMPLES)' })
  samples_after_onset: number;
  @ApiProperty({ example: true, description: 'No later sample can change it: the episode has ended, or has EXPLAIN_EPISODE_SAMPLES samples after the onset' })
  final: boolean;
  @ApiProperty({ example: 'the median of the 180 samples from 20 after the evidence began is 5.9σ from normal (≥ 1σ), reached at once and held', description: 'The rule that decided the kind, with its numbers' })
  rule: string;
  @ApiProperty({ type: KindMeasuresDto }) measures: KindMeasuresDto;
  @ApiProperty({ type: DriftHintsDto, description: 'Each hint is present only when it is true' }) hints: DriftHintsDto;
}
