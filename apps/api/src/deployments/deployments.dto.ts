import { DRIFT_CONFIG_DEFAULTS } from '@app/config';
import { ISO_TIMESTAMP_PATTERN } from '@app/ingestion';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsNotEmpty, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { IsIntegerParam } from '../common/int-query';
import { IsServiceId } from '../telemetry/telemetry.dto';

export const VERSION_MAX_LENGTH = 200;
export const DEFAULT_DEPLOYMENTS_LIMIT = 100;
export const MAX_DEPLOYMENTS_LIMIT = 1000;

export class CreateDeploymentDto {
  @ApiProperty({ example: 'payment-authorization-prod', description: 'The service as it sends telemetry (it may not have sent any yet)' })
  @IsServiceId()
  service_id: string;

  @ApiProperty({ example: 'v2.14.0', maxLength: VERSION_MAX_LENGTH, description: 'Release, image tag or commit' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(VERSION_MAX_LENGTH)
  version: string;

  @ApiPropertyOptional({
    example: '2026-12-02T07:00:00Z',
    description: 'When the new version started taking traffic (ISO-8601, sample-time scale); default: now',
  })
  @IsOptional()
  @Matches(ISO_TIMESTAMP_PATTERN, { message: '$property must be an ISO-8601 date-time string, e.g. 2026-12-02T07:00:00Z' })
  timestamp?: string;
}

export class DeploymentDto {
  @ApiProperty({ example: 7 }) id: number;
  @ApiProperty({ example: 'payment-authorization-prod' }) service_id: string;
  @ApiProperty({ example: 'v2.14.0' }) version: string;
  @ApiProperty({ example: '2026-12-02T07:00:00.000Z', description: 'When the deployment happened' }) timestamp: string;
  @ApiProperty({ example: '2026-12-02T07:00:00.512Z', description: 'When the marker was recorded' }) created_at: string;
}

export class DeploymentListQueryDto {
  @ApiPropertyOptional({ example: 'payment-authorization-prod', description: "Only this service's markers" })
  @IsOptional()
  @IsServiceId()
  service_id?: string;

  @ApiPropertyOptional({ example: 20, minimum: 1, maximum: MAX_DEPLOYMENTS_LIMIT, default: DEFAULT_DEPLOYMENTS_LIMIT })
  @IsOptional()
  @IsIntegerParam(1, MAX_DEPLOYMENTS_LIMIT)
  limit?: number;

  @ApiPropertyOptional({ example: 7, description: 'Only markers with a smaller id (the next page: the last id of this one)' })
  @IsOptional()
  @IsIntegerParam(1, Number.MAX_SAFE_INTEGER)
  before?: number;
}

export class DeploymentListDto {
  @ApiProperty({ type: [DeploymentDto], description: 'Newest first' }) deployments: DeploymentDto[];
}

export class CompareQueryDto {
  @ApiPropertyOptional({
    example: 50,
    minimum: 0,
    maximum: 1_000_000,
    default: DRIFT_CONFIG_DEFAULTS.gateMinSamples,
    description: 'Samples each side needs before a metric gets a verdict (DRIFTWATCH_GATE_MIN_SAMPLES)',
  })
  @IsOptional()
  @IsIntegerParam(0, 1_000_000)
  min_samples?: number;
}

export class SampleSummaryDto {
  @ApiProperty({ example: 1000 }) count: number;
  @ApiProperty({ example: 150.2, nullable: true, type: Number }) median: number | null;
  @ApiProperty({ example: 198.7, nullable: true, type: Number }) p95: number | null;
}

export class MedianRatioDto {
  @ApiProperty({ example: 1.31, description: 'median(after) / median(before)' }) ratio: number;
  @ApiProperty({ example: 1.24 }) lower: number;
  @ApiProperty({ example: 1.38 }) upper: number;
  @ApiProperty({ example: 0.99, description: 'Confidence level of [lower, upper] (1 − alpha)' }) confidence: number;
}

export class MannWhitneyDto {
  @ApiProperty({ example: 9120.5, description: 'U of the after sample: pairs (before, after) with after larger, ties ½' }) u: number;
  @ApiProperty({ example: 9.84, description: 'Normal approximation (tie and continuity corrected); > 0: after is larger' }) z: number;
  @ApiProperty({ example: 7.4e-23, description: 'Two-sided p-value' }) p_value: number;
  @ApiProperty({ example: 0.91, description: 'P(an after sample exceeds a before sample), ties ½; 0.5 = no tendency' })
  probability_greater: number;
}

export class MetricComparisonDto {
  @ApiProperty({ enum: ['pass', 'fail', 'inconclusive', 'not_compared'], example: 'fail' }) verdict: string;
  @ApiProperty({
    example:
      'latency rose beyond the ±5 % band: median 150 → 197 ms (×1.310, 99 % CI ×1.240–×1.384); Mann–Whitney p = 7.4e-23 < 0.01',
  })
  reason: string;
  @ApiProperty({ type: SampleSummaryDto, description: 'Baseline samples before the marker' }) before: SampleSummaryDto;
  @ApiProperty({ type: SampleSummaryDto, description: 'Samples after the marker' }) after: SampleSummaryDto;
  @ApiProperty({ type: MedianRatioDto, nullable: true }) median_ratio: MedianRatioDto | null;
  @ApiProperty({ type: MannWhitneyDto, nullable: true }) mann_whitney: MannWhitneyDto | null;
  @ApiProperty({ enum: ['increase', 'decrease'], nullable: true, example: 'increase', description: 'Direction of a significant change' })
  change: 'increase' | 'decrease' | null;
}

export class ComparisonMetricsDto {
  @ApiProperty({ type: MetricComparisonDto }) latency: MetricComparisonDto;
  @ApiProperty({ type: MetricComparisonDto }) payload: MetricComparisonDto;
}

export class ComparisonRuleDto {
  @ApiProperty({ example: 0.01, description: 'Significance level of the U test (DRIFTWATCH_DEPLOYMENT_COMPARE_ALPHA)' }) alpha: number;
  @ApiProperty({ example: 5, description: 'Practical band: fail only beyond ×1.05 / ÷1.05 (DRIFTWATCH_DEPLOYMENT_COMPARE_BAND_PERCENT)' })
  band_percent: number;
  @ApiProperty({ example: 50 }) min_samples: number;
  @ApiProperty({ example: 1000, description: 'Most baseline samples read before the marker (DRIFTWATCH_BASELINE_WINDOW_SIZE)' }) max_before: number;
  @ApiProperty({ example: 5000, description: 'Most samples read after the marker (DRIFTWATCH_DEPLOYMENT_COMPARE_MAX_AFTER)' }) max_after: number;
}

export class DeploymentComparisonDto {
  @ApiProperty({ type: DeploymentDto }) deployment: DeploymentDto;
  @ApiProperty({
    type: DeploymentDto,
    nullable: true,
    example: null,
    description: "The service's next marker: the samples compared end where it begins (null: up to now)",
  })
  next_deployment: DeploymentDto | null;
  @ApiProperty({ enum: ['pass', 'fail', 'inconclusive'], example: 'fail' }) verdict: string;
  @ApiProperty({
    example:
      'latency rose beyond the ±5 % band: median 150 → 197 ms (×1.310, 99 % CI ×1.240–×1.384); Mann–Whitney p = 7.4e-23 < 0.01',
  })
  reason: string;
  @ApiProperty({ example: '2026-12-02T07:40:00.000Z' }) checked_at: string;
  @ApiProperty({ type: ComparisonRuleDto }) rule: ComparisonRuleDto;
  @ApiProperty({ type: ComparisonMetricsDto }) metrics: ComparisonMetricsDto;
}
