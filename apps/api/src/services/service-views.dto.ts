import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsOptional, Matches, MaxLength } from 'class-validator';
import { IsIntegerBetween } from '../common/query-validators';
import { EVIDENCE_SAMPLES_DOC } from '../events/events.dto';
import { DriftExplanationDto } from '../events/explanation.dto';

const PAYLOAD_DOC = 'null when the service sends no payload_kb (latency-only)';

const WINDOW_SAMPLES_DOC = 'Samples in the baseline window the snapshot was computed from (at most BASELINE_WINDOW_SIZE)';
const SAMPLES_TOTAL_DOC = 'Every sample the service has sent since it was first seen (not only the window)';
const deprecatedFor = (name: string): string => `Deprecated: the same number as \`${name}\`; kept for existing clients`;

export class HealthBaselineDto {
  @ApiProperty({ example: 152.3 }) mean_latency: number;
  @ApiProperty({ example: 24.8 }) stddev_latency: number;
  @ApiProperty({ example: 450, description: WINDOW_SAMPLES_DOC }) window_samples: number;
  @ApiProperty({ example: 450, deprecated: true, description: deprecatedFor('window_samples') }) sample_count: number;
}

export class DriftMetadataDto {
  @ApiProperty({ example: 'consecutive_severe_anomalies' }) reason: string;
  @ApiProperty({ example: 'latency', nullable: true, type: String }) metric: string | null;
  @ApiProperty({ example: 5, description: EVIDENCE_SAMPLES_DOC }) evidence_samples: number;
  @ApiProperty({ example: 5, deprecated: true, description: deprecatedFor('evidence_samples') }) consecutive_count: number;
  @ApiProperty({ example: 14.2, nullable: true, type: Number }) max_zscore: number | null;
  @ApiPropertyOptional({ example: 13.1, nullable: true, type: Number, description: 'Rule 3 only' }) cusum?: number | null;
  @ApiPropertyOptional({ example: 42, nullable: true, type: Number, description: 'The drift event that opened this episode (GET /v1/events/{service_id})' })
  event_id?: number | null;
  @ApiPropertyOptional({ type: DriftExplanationDto, nullable: true, description: 'Its kind and hints, refined with the episode\'s samples so far (as in GET /v1/events)' })
  explanation?: DriftExplanationDto | null;
  @ApiPropertyOptional({ example: 'POST /pay', description: 'Only when the drift is on one of the service\'s endpoints: which one' })
  endpoint?: string;
  @ApiPropertyOptional({ example: 'drift on POST /pay (consecutive_severe_anomalies, latency)', description: 'Only with endpoint: the drift in words' })
  summary?: string;
}

export class EndpointOverflowDto {
  @ApiProperty({ example: 50, description: 'DRIFTWATCH_MAX_ENDPOINTS_PER_SERVICE: endpoints with a baseline of their own' }) max_endpoints: number;
  @ApiProperty({ example: false, description: 'true once the service has sent more endpoints than that: the rest share the endpoint "_other"' })
  capped: boolean;
  @ApiProperty({ example: 0, description: 'Samples scored in "_other"' }) other_samples: number;
}

export class HealthDto {
  @ApiProperty({ example: 'payment-authorization-prod' }) service_id: string;
  @ApiProperty({ enum: ['INSUFFICIENT_DATA', 'STABLE', 'DRIFT_DETECTED'], example: 'STABLE' }) state: string;
  @ApiProperty({ example: '2026-01-12T10:32:15.000Z', nullable: true, type: String }) transition_timestamp: string | null;
  @ApiProperty({ example: 655, description: SAMPLES_TOTAL_DOC }) samples_total: number;
  @ApiProperty({ example: 655, deprecated: true, description: deprecatedFor('samples_total') }) sample_count: number;
  @ApiProperty({ type: HealthBaselineDto, nullable: true }) baseline: HealthBaselineDto | null;
  @ApiProperty({ type: DriftMetadataDto, nullable: true, description: 'Why the service is in DRIFT_DETECTED' })
  metadata: DriftMetadataDto | null;
  @ApiPropertyOptional({ example: 40, description: 'While INSUFFICIENT_DATA: samples still needed (with endpoints: by the endpoint closest to a baseline)' })
  samples_needed?: number;
  @ApiPropertyOptional({ example: 'POST /pay', description: 'Only in the answer for one endpoint (?endpoint=): which one' })
  endpoint?: string;
  @ApiPropertyOptional({
    type: () => [HealthDto],
    description:
      'Only for a service whose samples name endpoints: each endpoint\'s own state, baseline and drift (the service\'s state is the worst ' +
      'of them; its baseline, if any, is that of its samples without an endpoint)',
  })
  endpoints?: HealthDto[];
  @ApiPropertyOptional({ type: EndpointOverflowDto, description: 'Only with endpoints: the per-service endpoint cap and what is over it' })
  endpoint_overflow?: EndpointOverflowDto;
}

export class MetricModelDto {
  @ApiProperty({ example: 'daily', enum: ['none', 'daily', 'weekly'], description: 'The repeating shape the expected value follows (none: a flat level)' })
  season: string;
  @ApiProperty({ example: 151.8, description: 'Level of the window once the seasonal shape is taken out' })
  level: number;
  @ApiProperty({ example: 0, description: 'Weight of the previous residual in the expected value (0: independent samples, the seed\'s plain mean)' })
  autocorrelation: number;
  @ApiProperty({ example: 24.1, description: 'σ of the one-step residual: what z divides by' })
  residual_scale: number;
  @ApiProperty({ example: 1000, description: 'Window samples the model was fitted on' })
  samples: number;
}

export class MetricModelsDto {
  @ApiProperty({ type: MetricModelDto, nullable: true }) latency: MetricModelDto | null;
  @ApiProperty({ type: MetricModelDto, nullable: true, description: 'null for a service that sends no payload_kb' }) payload: MetricModelDto | null;
}

export class BaselineDto {
  @ApiProperty({ example: 'payment-authorization-prod' }) service_id: string;
  @ApiProperty({ example: 1000, description: WINDOW_SAMPLES_DOC }) window_samples: number;
  @ApiProperty({ example: 1000, deprecated: true, description: deprecatedFor('window_samples') }) sample_count: number;
  @ApiProperty({ example: 152.3 }) mean_latency: number;
  @ApiProperty({ example: 24.8 }) stddev_latency: number;
  @ApiProperty({ example: 149.9 }) p50_latency: number;
  @ApiProperty({ example: 195.2 }) p95_latency: number;
  @ApiProperty({ example: 214.6 }) p99_latency: number;
  @ApiProperty({ example: 2.45, nullable: true, type: Number, description: PAYLOAD_DOC }) mean_payload: number | null;
  @ApiProperty({ example: 0.76, nullable: true, type: Number, description: PAYLOAD_DOC }) stddev_payload: number | null;
  @ApiProperty({ example: 2.4, nullable: true, type: Number, description: PAYLOAD_DOC }) p50_payload: number | null;
  @ApiProperty({ example: 3.7, nullable: true, type: Number, description: PAYLOAD_DOC }) p95_payload: number | null;
  @ApiProperty({ example: 4.3, nullable: true, type: Number, description: PAYLOAD_DOC }) p99_payload: number | null;
  @ApiProperty({ example: '2026-01-12T10:35:00.000Z', description: 'Time of the newest sample in the snapshot' })
  last_updated: string;
  @ApiProperty({ type: MetricModelsDto, description: 'The model of normal each metric is scored against' })
  model: MetricModelsDto;
  @ApiPropertyOptional({ example: 'POST /pay', description: 'Only when asked with ?endpoint=: the endpoint this baseline belongs to' })
  endpoint?: string;
}

export class ServiceSummaryDto {
  @ApiProperty({ example: 'payment-authorization-prod' }) service_id: string;
  @ApiProperty({ example: 'STABLE' }) state: string;
  @ApiProperty({ example: 450, description: SAMPLES_TOTAL_DOC }) samples_total: number;
  @ApiProperty({ example: 450, deprecated: true, description: deprecatedFor('samples_total') }) sample_count: number;
  @ApiProperty({ example: '2026-01-12T10:32:15.000Z', nullable: true, type: String }) transition_timestamp: string | null;
}

export const DEFAULT_SERVICES_LIMIT = 100;
export const MAX_SERVICES_LIMIT = 1000;
// A cursor is a short base64url string; anything longer is not one this API gave out.
const MAX_CURSOR_LENGTH = 64;

export class ServicesQueryDto {
  @ApiPropertyOptional({ example: 100, minimum: 1, maximum: MAX_SERVICES_LIMIT, default: DEFAULT_SERVICES_LIMIT, description: 'Services per page' })
  @IsOptional()
  @Type(() => Number)
  @IsIntegerBetween(1, MAX_SERVICES_LIMIT)
  limit?: number;

  @ApiPropertyOptional({ example: 'czEuMTAw', description: 'Opaque: pass the previous page\'s `next_cursor` unchanged' })
  @IsOptional()
  @MaxLength(MAX_CURSOR_LENGTH)
  @Matches(/^[A-Za-z0-9_-]+$/, { message: 'cursor must be a next_cursor returned by this API' })
  cursor?: string;
}

export class ServiceListDto {
  @ApiProperty({ type: [ServiceSummaryDto], description: 'In the order the services were first seen' }) services: ServiceSummaryDto[];
  @ApiProperty({
    example: 'czEuMTAw',
    nullable: true,
    type: String,
    description: 'Pass as `cursor` to get the next page; null when this page is the last',
  })
  next_cursor: string | null;
}

export class ResetAcceptedDto {
  @ApiProperty({ example: 'payment-authorization-prod' }) service_id: string;
  @ApiProperty({ example: 'INSUFFICIENT_DATA' }) state: string;
  @ApiProperty({ example: 100, description: 'Samples needed before the new baseline is ready' }) samples_needed: number;
}
