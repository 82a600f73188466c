import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class HealthBaselineDto {
  @ApiProperty({ example: 152.3 }) mean_latency: number;
  @ApiProperty({ example: 24.8 }) stddev_latency: number;
  @ApiProperty({ example: 450 }) sample_count: number;
}

export class DriftMetadataDto {
  @ApiProperty({ example: 'consecutive_severe_anomalies' }) reason: string;
  @ApiProperty({ example: 'latency', nullable: true, type: String }) metric: string | null;
  @ApiProperty({ example: 5 }) consecutive_count: number;
  @ApiProperty({ example: 14.2, nullable: true, type: Number }) max_zscore: number | null;
  @ApiPropertyOptional({ example: 13.1, nullable: true, type: Number, description: 'Rule 3 only' }) cusum?: number | null;
}

export class HealthDto {
  @ApiProperty({ example: 'payment-authorization-prod' }) service_id: string;
  @ApiProperty({ enum: ['INSUFFICIENT_DATA', 'STABLE', 'DRIFT_DETECTED'], example: 'STABLE' }) state: string;
  @ApiProperty({ example: '2026-01-12T10:32:15.000Z', nullable: true, type: String }) transition_timestamp: string | null;
  @ApiProperty({ example: 450 }) sample_count: number;
  @ApiProperty({ type: HealthBaselineDto, nullable: true }) baseline: HealthBaselineDto | null;
  @ApiProperty({ type: DriftMetadataDto, nullable: true, description: 'Why the service is in DRIFT_DETECTED' })
  metadata: DriftMetadataDto | null;
  @ApiPropertyOptional({ example: 40, description: 'While INSUFFICIENT_DATA: samples still needed' })
  samples_needed?: number;
}

export class DailyMetricDto {
  @ApiProperty({ example: false, description: 'Whether this metric is scored against its hour of day instead of the window' })
  in_use: boolean;
  @ApiProperty({ example: 0.08, description: 'Share of the variance the hour of day explains (R²); used from DAILY_PROFILE_MIN_EXPLAINED' })
  explained: number;
}

export class DailyProfileDto {
  @ApiProperty({ example: 0.3, description: 'Days of sample time the hour-of-day profile spans (used from DAILY_PROFILE_MIN_DAYS)' })
  days_spanned: number;
  @ApiProperty({ type: DailyMetricDto }) latency: DailyMetricDto;
  @ApiProperty({ type: DailyMetricDto }) payload: DailyMetricDto;
}

export class BaselineDto {
  @ApiProperty({ example: 'payment-authorization-prod' }) service_id: string;
  @ApiProperty({ example: 1000 }) sample_count: number;
  @ApiProperty({ example: 152.3 }) mean_latency: number;
  @ApiProperty({ example: 24.8 }) stddev_latency: number;
  @ApiProperty({ example: 149.9 }) p50_latency: number;
  @ApiProperty({ example: 195.2 }) p95_latency: number;
  @ApiProperty({ example: 214.6 }) p99_latency: number;
  @ApiProperty({ example: 2.45 }) mean_payload: number;
  @ApiProperty({ example: 0.76 }) stddev_payload: number;
  @ApiProperty({ example: 2.4 }) p50_payload: number;
  @ApiProperty({ example: 3.7 }) p95_payload: number;
  @ApiProperty({ example: 4.3 }) p99_payload: number;
  @ApiProperty({ example: '2026-01-12T10:35:00.000Z', description: 'Time of the newest sample in the snapshot' })
  last_updated: string;
  @ApiProperty({ type: DailyProfileDto, description: 'The hour-of-day profile learned beside the window (services with a daily cycle)' })
  daily_profile: DailyProfileDto;
}

export class ServiceSummaryDto {
  @ApiProperty({ example: 'payment-authorization-prod' }) service_id: string;
  @ApiProperty({ example: 'STABLE' }) state: string;
  @ApiProperty({ example: 450 }) sample_count: number;
  @ApiProperty({ example: '2026-01-12T10:32:15.000Z', nullable: true, type: String }) transition_timestamp: string | null;
}

export class ServiceListDto {
  @ApiProperty({ type: [ServiceSummaryDto] }) services: ServiceSummaryDto[];
}

export class ResetAcceptedDto {
  @ApiProperty({ example: 'payment-authorization-prod' }) service_id: string;
  @ApiProperty({ example: 'INSUFFICIENT_DATA' }) state: string;
  @ApiProperty({ example: 100, description: 'Samples needed before the new baseline is ready' }) samples_needed: number;
}
