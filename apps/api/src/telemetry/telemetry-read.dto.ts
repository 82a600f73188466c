import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString } from 'class-validator';
import { TIMESTAMP_DOC } from '../common/is-timestamp';

export class TelemetryReadQueryDto {
  @ApiPropertyOptional({ example: '2026-12-02T09:00:00Z', description: `Start of the range (default: the configured range before \`to\`, 1 h). ${TIMESTAMP_DOC}` })
  @IsOptional()
  @IsString()
  from?: string;

  @ApiPropertyOptional({ example: '2026-12-02T10:00:00Z', description: 'End of the range, exclusive (default: now); same formats as `from`' })
  @IsOptional()
  @IsString()
  to?: string;

  @ApiPropertyOptional({
    example: '1m',
    description:
      'Bucket width: a whole number and a unit (`500ms`, `10s`, `1m`, `1h`, `1d`). Default: the finest of 1s, 2s, 5s, 10s, 15s, 30s, 1m, 2m, 5m, … ' +
      'that gives at most 1000 buckets. Buckets are aligned on multiples of the step since the epoch (UTC), so `from` is rounded down and `to` up. ' +
      'A step that is not whole minutes reads every sample and is limited to ranges of 6 h.',
  })
  @IsOptional()
  @IsString()
  step?: string;
}

export class MetricSeriesDto {
  @ApiProperty({ type: [Number], nullable: true, example: [141.2, null], description: 'Smallest value per bucket (null: no sample in the bucket)' })
  min: (number | null)[];

  @ApiProperty({ type: [Number], nullable: true, example: [152.8, null], description: 'Mean per bucket' })
  mean: (number | null)[];

  @ApiProperty({ type: [Number], nullable: true, example: [190.4, null], description: 'Largest value per bucket' })
  max: (number | null)[];

  @ApiProperty({ type: [Number], example: [600, 0], description: 'Samples with this metric per bucket' })
  count: number[];

  @ApiProperty({
    type: [Number],
    nullable: true,
    example: [150.2, 150.2],
    description: "What the service's current model of normal expects at each bucket's start (null: no model for this metric yet)",
  })
  expected: number[] | null;

  @ApiProperty({ type: [Number], nullable: true, example: [75.6, 75.6], description: 'expected − z_limit · scale: below it a sample is severe' })
  lower: number[] | null;

  @ApiProperty({ type: [Number], nullable: true, example: [224.8, 224.8], description: 'expected + z_limit · scale: above it a sample is severe' })
  upper: number[] | null;
}

export class ExpectedBandInfoDto {
  @ApiProperty({ example: 3, description: 'Width of the band in scales (DRIFTWATCH_DRIFT_ZSCORE_THRESHOLD, the severe-anomaly line)' })
  z_limit: number;

  @ApiProperty({ example: 'none', enum: ['none', 'daily', 'weekly'], description: "The latency model's season: with daily or weekly the band follows the time of day or week" })
  latency_season: string;

  @ApiProperty({ example: 'none', enum: ['none', 'daily', 'weekly'], nullable: true, description: "The payload model's season (null: no payload model)" })
  payload_season: string | null;

  @ApiProperty({
    example: '2026-12-02T09:59:58.100Z',
    description: 'Time of the newest sample in the baseline snapshot the band comes from: the band is the current model, drawn over the whole range',
  })
  model_updated: string;
}

export class TelemetrySeriesDto {
  @ApiProperty({ example: 'payment-authorization-prod' })
  service_id: string;

  @ApiProperty({ example: '2026-12-02T09:00:00.000Z', description: 'Start of the first bucket' })
  from: string;

  @ApiProperty({ example: '2026-12-02T10:00:00.000Z', description: 'End of the last bucket (exclusive)' })
  to: string;

  @ApiProperty({ example: '5s', description: 'Bucket width' })
  step: string;

  @ApiProperty({ example: 5000, description: 'Bucket width in milliseconds' })
  step_ms: number;

  @ApiProperty({ example: 'rollup', enum: ['rollup', 'samples'], description: '`rollup`: whole-minute steps, read from per-minute aggregates; `samples`: read from every stored sample' })
  source: 'rollup' | 'samples';

  @ApiProperty({ type: [Number], example: [1764666000000, 1764666005000], description: 'Start of each bucket, in milliseconds since the epoch (every bucket of the range, empty ones included)' })
  time: number[];

  @ApiProperty({ type: [Number], example: [50, 0], description: 'Samples per bucket' })
  count: number[];

  @ApiProperty({ type: MetricSeriesDto, description: 'latency_ms per bucket' })
  latency: MetricSeriesDto;

  @ApiProperty({ type: MetricSeriesDto, description: 'payload_kb per bucket (null values where no sample carried one)' })
  payload: MetricSeriesDto;

  @ApiProperty({ type: ExpectedBandInfoDto, nullable: true, description: 'Where the band comes from; null while the service is learning (no baseline yet)' })
  band: ExpectedBandInfoDto | null;
}
