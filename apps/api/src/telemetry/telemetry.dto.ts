import { DRIFT_CONFIG_DEFAULTS } from '@app/config';
import { ENDPOINT_PATTERN, ENDPOINT_PATTERN_MESSAGE, SERVICE_ID_PATTERN, SERVICE_ID_PATTERN_MESSAGE } from '@app/ingestion';
import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsTimestamp, TIMESTAMP_DOC } from '../common/is-timestamp';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsNotEmpty,
  IsNumber,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';

/*
 * The telemetry contract as class-validator DTOs: they document the API in Swagger and are
 * checked against `SampleValidator` (the hot-path validator, same rules and messages) in
 * telemetry.dto.spec.ts.
 */
const finite = { allowNaN: false, allowInfinity: false };

export function IsServiceId(): PropertyDecorator {
  return applyDecorators(
    IsString(),
    IsNotEmpty(),
    MaxLength(DRIFT_CONFIG_DEFAULTS.serviceIdMaxLength),
    Matches(SERVICE_ID_PATTERN, { message: `$property ${SERVICE_ID_PATTERN_MESSAGE}` }),
  );
}

/** An endpoint name: 1–ENDPOINT_MAX_LENGTH printable characters ("POST /pay"). */
export function IsEndpoint(): PropertyDecorator {
  return applyDecorators(
    IsString(),
    IsNotEmpty(),
    MaxLength(DRIFT_CONFIG_DEFAULTS.endpointMaxLength),
    Matches(ENDPOINT_PATTERN, { message: `$property ${ENDPOINT_PATTERN_MESSAGE}` }),
  );
}

export const ENDPOINT_DOC =
  'The endpoint the request hit, e.g. "POST /pay" (use the route, not the URL with ids in it). Optional: each endpoint of a ' +
  'service gets its own baseline and state, and the service is the worst of them; past DRIFTWATCH_MAX_ENDPOINTS_PER_SERVICE ' +
  'endpoints the rest share "_other". Omitted (or null): the sample is scored against the service\'s own baseline, as before.';

export function IsMeasurement(): PropertyDecorator {
  return applyDecorators(IsNumber(finite, { message: '$property must be a finite number' }), Min(0));
}

export class TelemetryDto {
  @ApiProperty({ example: 'payment-authorization-prod', pattern: SERVICE_ID_PATTERN.source, maxLength: DRIFT_CONFIG_DEFAULTS.serviceIdMaxLength })
  @IsServiceId()
  service_id: string;

  @ApiPropertyOptional({ example: 'POST /pay', minLength: 1, maxLength: DRIFT_CONFIG_DEFAULTS.endpointMaxLength, nullable: true, type: String, description: ENDPOINT_DOC })
  @IsOptional()
  @IsEndpoint()
  endpoint?: string | null;

  @ApiProperty({ example: 156.7, minimum: 0, description: 'Request latency in milliseconds' })
  @IsMeasurement()
  latency_ms: number;

  @ApiPropertyOptional({
    example: 2.3,
    minimum: 0,
    nullable: true,
    type: Number,
    description: 'Payload size in kilobytes. Optional: a service that never sends it is watched on latency alone (payload rules do not run; payload statistics are null).',
  })
  @IsOptional()
  @IsMeasurement()
  payload_kb?: number | null;

  @ApiPropertyOptional({
    example: '2026-01-12T10:30:45.123Z',
    description: `Sample time; default: time of receipt. At most 5 min ahead, at most 7 days old. ${TIMESTAMP_DOC}`,
  })
  @IsOptional()
  @IsTimestamp()
  timestamp?: string;
}

export class TelemetryBatchDto {
  @ApiProperty({ type: [TelemetryDto], minItems: 1, maxItems: DRIFT_CONFIG_DEFAULTS.batchMaxSamples })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(DRIFT_CONFIG_DEFAULTS.batchMaxSamples)
  @ValidateNested({ each: true })
  @Type(() => TelemetryDto)
  samples: TelemetryDto[];
}

export class TelemetryAcceptedDto {
  @ApiProperty({ example: 'accepted' })
  status: 'accepted';

  @ApiProperty({ example: 'payment-authorization-prod' })
  service_id: string;

  @ApiProperty({ example: '2026-01-12T10:30:45.123Z', description: 'The sample time that was stored' })
  timestamp: string;
}

export class TelemetryBatchAcceptedDto {
  @ApiProperty({ example: 'accepted' })
  status: 'accepted';

  @ApiProperty({ example: 500, description: 'Samples committed and scored' })
  count: number;
}
