import { DRIFT_CONFIG_DEFAULTS } from '@app/config';
import { TRANSITION_REASONS } from '@app/health';
import { ISO_TIMESTAMP_PATTERN } from '@app/ingestion';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Matches, Max, Min } from 'class-validator';

export const DEFAULT_EVENTS_LIMIT = 100;
export const MAX_EVENTS_LIMIT = 1000;

export class EventsQueryDto {
  @ApiPropertyOptional({ example: 20, minimum: 1, maximum: MAX_EVENTS_LIMIT, default: DEFAULT_EVENTS_LIMIT })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_EVENTS_LIMIT)
  limit?: number;

  @ApiPropertyOptional({ example: '2026-01-12T00:00:00Z', description: 'Only events at or after this ISO-8601 time' })
  @IsOptional()
  @Matches(ISO_TIMESTAMP_PATTERN, { message: '$property must be an ISO-8601 date-time string, e.g. 2026-01-12T00:00:00Z' })
  since?: string;
}

export class DriftEventDto {
  @ApiProperty({ example: 42 }) id: number;
  @ApiProperty({ example: 'payment-authorization-prod' }) service_id: string;
  @ApiProperty({ example: '2026-01-12T10:31:02.100Z', description: 'Time of the triggering sample' }) timestamp: string;
  @ApiProperty({ example: 655, nullable: true, type: Number, description: "Triggering sample's number in the service stream" })
  seq: number | null;
  @ApiProperty({ example: 'STABLE' }) from: string;
  @ApiProperty({ example: 'DRIFT_DETECTED' }) to: string;
  @ApiProperty({
    example: 'consecutive_severe_anomalies',
    enum: TRANSITION_REASONS,
    description: 'Why it happened (README: How detection works)',
  })
  reason: string;
  @ApiProperty({ example: 'latency', nullable: true, type: String }) metric: string | null;
  @ApiProperty({ example: 5, description: 'Run length / anomalies counted / normal run, depending on the rule' }) count: number;
  @ApiProperty({ example: 14.2, nullable: true, type: Number }) max_zscore: number | null;
  @ApiProperty({ example: 12.9, nullable: true, type: Number }) z_latency: number | null;
  @ApiProperty({ example: 0.3, nullable: true, type: Number }) z_payload: number | null;
  @ApiProperty({ example: null, nullable: true, type: Number }) cusum: number | null;
  @ApiProperty({ description: 'Baseline snapshot the samples were scored against', nullable: true, type: Object })
  baseline: unknown;
  @ApiProperty({
    example: 7,
    nullable: true,
    type: Number,
    description: 'The deployment marker a drift is attributed to: it began within DRIFTWATCH_DEPLOYMENT_NAMING_WINDOW_MINUTES after it',
  })
  deployment_id: number | null;
}

export class EventListDto {
  @ApiPropertyOptional({ example: 'payment-authorization-prod' }) service_id?: string;
  @ApiProperty({ type: [DriftEventDto] }) events: DriftEventDto[];
}

export const EVENT_RETENTION_NOTE = `Events are kept ${DRIFT_CONFIG_DEFAULTS.driftEventsRetentionDays} days by default.`;
