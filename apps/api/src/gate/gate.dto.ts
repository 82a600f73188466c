import { DRIFT_CONFIG_DEFAULTS } from '@app/config';
import { HealthState } from '@app/health';
import { ISO_TIMESTAMP_PATTERN } from '@app/ingestion';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, Matches } from 'class-validator';
import { IsIntegerParam } from '../common/int-query';
import { IsEndpoint } from '../telemetry/telemetry.dto';
import { DeploymentDto } from '../deployments/deployments.dto';

export const MAX_MIN_SAMPLES = 1_000_000;
export const HTTP_STATUS_MODES = ['verdict', 'always_200'] as const;
export type HttpStatusMode = (typeof HTTP_STATUS_MODES)[number];
export const MAX_ID = Number.MAX_SAFE_INTEGER;

export class GateQueryDto {
  @ApiPropertyOptional({
    example: '2026-12-02T07:00:00Z',
    description: 'Judge the period since this ISO-8601 time (sample time). Default: since the latest deployment marker, else now.',
  })
  @IsOptional()
  @Matches(ISO_TIMESTAMP_PATTERN, { message: '$property must be an ISO-8601 date-time string, e.g. 2026-12-02T07:00:00Z' })
  since?: string;

  @ApiPropertyOptional({ example: 7, minimum: 1, description: 'Judge the period since this deployment marker (POST /v1/deployments); not with since' })
  @IsOptional()
  @IsIntegerParam(1, MAX_ID)
  deployment?: number;

  @ApiPropertyOptional({
    example: 50,
    minimum: 0,
    maximum: MAX_MIN_SAMPLES,
    default: DRIFT_CONFIG_DEFAULTS.gateMinSamples,
    description: 'Samples needed since the start of the period before the gate can pass (DRIFTWATCH_GATE_MIN_SAMPLES)',
  })
  @IsOptional()
  @IsIntegerParam(0, MAX_MIN_SAMPLES)
  min_samples?: number;

  @ApiPropertyOptional({
    enum: HTTP_STATUS_MODES,
    default: 'verdict',
    example: 'always_200',
    description:
      'verdict: the HTTP status carries the verdict (200 / 409 / 503 / 404), for curl -f and webhooks. always_200: always 200, ' +
      'read `verdict` from the body (for callers that treat any non-2xx as a transport error, e.g. the Argo Rollouts web provider)',
  })
  @IsOptional()
  @IsIn(HTTP_STATUS_MODES, { message: `$property must be one of: ${HTTP_STATUS_MODES.join(', ')}` })
  http_status?: HttpStatusMode;

  @ApiPropertyOptional({
    example: 'POST /pay',
    maxLength: DRIFT_CONFIG_DEFAULTS.endpointMaxLength,
    description:
      'Judge this endpoint of the service alone: its state, its drifts and its samples in the period (URL-encode it). ' +
      'Default: the whole service, where a drift on any endpoint fails. 404 (error body) for an endpoint the service never sent.',
  })
  @IsOptional()
  @IsEndpoint()
  endpoint?: string;
}

export class GateDriftDto {
  @ApiProperty({ example: 42 }) id: number;
  @ApiProperty({ example: '2026-12-02T07:12:31.400Z', description: 'Time of the sample that raised the drift' }) timestamp: string;
  @ApiProperty({ example: 'consecutive_severe_anomalies' }) reason: string;
  @ApiProperty({ example: 'latency', nullable: true, type: String }) metric: string | null;
  @ApiProperty({ example: 7, nullable: true, type: Number, description: 'Deployment the drift is attributed to' }) deployment_id: number | null;
  @ApiPropertyOptional({ example: 'POST /pay', description: 'Only for a drift on one of the service\'s endpoints: which one' }) endpoint?: string;
}

export class GateResultDto {
  @ApiProperty({ example: 'payment-authorization-prod' }) service_id: string;

  @ApiProperty({
    enum: ['pass', 'fail', 'inconclusive'],
    example: 'fail',
    description: 'pass = HTTP 200, fail = 409, inconclusive = 503 (retry; Retry-After) or 404 (unknown service)',
  })
  verdict: 'pass' | 'fail' | 'inconclusive';

  @ApiProperty({
    enum: ['pass', 'drifting', 'drifted', 'learning', 'too_few_samples', 'unknown_service'],
    example: 'drifted',
    description: 'Which rule answered: drifting = in drift now; drifted = a drift began in the period (even if it recovered)',
  })
  outcome: string;

  @ApiProperty({
    example:
      "1 drift(s) began since 2026-12-02T07:00:00.000Z (deployment 7, v2.14.0), the latest at 2026-12-02T07:12:31.400Z (consecutive_severe_anomalies, latency); it has recovered, but a regression that came and went still blocks a rollout",
  })
  reason: string;

  @ApiProperty({ enum: HealthState, nullable: true, example: 'STABLE', description: 'Current state; null for an unknown service' })
  state: HealthState | null;

  @ApiProperty({ example: '2026-12-02T07:00:00.000Z', description: 'Start of the judged period' }) since: string;

  @ApiProperty({
    enum: ['since', 'deployment', 'latest_deployment', 'now'],
    example: 'latest_deployment',
    description: 'Where the start came from: the since or deployment parameter, the latest marker, or now (no marker)',
  })
  since_source: string;

  @ApiProperty({ example: '2026-12-02T07:40:00.000Z' }) checked_at: string;

  @ApiProperty({ type: DeploymentDto, nullable: true, description: 'The marker the period starts at' })
  deployment: DeploymentDto | null;

  @ApiProperty({ example: 1520, nullable: true, type: Number, description: 'Samples since the start of the period (null when it starts now)' })
  samples_since: number | null;

  @ApiProperty({ example: 50 }) min_samples: number;

  @ApiProperty({ example: 1, description: 'Drifts that began in the period' }) drifts_since: number;

  @ApiProperty({ type: GateDriftDto, nullable: true, description: 'The latest drift that began in the period; when in drift now, the current drift' })
  last_drift: GateDriftDto | null;

  @ApiProperty({ example: null, nullable: true, type: Number, description: 'On 503: seconds to wait before asking again (also the Retry-After header)' })
  retry_after_seconds: number | null;

  @ApiPropertyOptional({ example: 'POST /pay', description: 'Only when the query named an endpoint: the endpoint judged alone' })
  endpoint?: string;
}
