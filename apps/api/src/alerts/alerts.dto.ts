import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsOptional, IsString, Matches, MaxLength, ValidateBy } from 'class-validator';
import { SERVICE_ID_PATTERN, SERVICE_ID_PATTERN_MESSAGE } from '@app/ingestion';

export const DELIVERY_STATUSES = ['pending', 'delivered', 'failed'] as const;
export const DESTINATIONS = ['webhook', 'slack', 'pagerduty'] as const;
export const DEFAULT_DELIVERIES_LIMIT = 100;
export const MAX_DELIVERIES_LIMIT = 1000;
/** The longest service id any configuration accepts (DRIFTWATCH_SERVICE_ID_MAX_LENGTH's bound). */
const SERVICE_ID_BOUND = 1024;

/** One constraint, so `limit=abc` gets one message rather than three. */
function IsIntInRange(min: number, max: number) {
  return ValidateBy({
    name: 'isIntInRange',
    validator: {
      validate: (value: unknown) => Number.isInteger(value) && (value as number) >= min && (value as number) <= max,
      defaultMessage: (args) => `${args?.property} must be an integer from ${min} to ${max}`,
    },
  });
}

export class DeliveriesQueryDto {
  @ApiPropertyOptional({ enum: DELIVERY_STATUSES, example: 'failed', description: 'Only deliveries in this status' })
  @IsOptional()
  @IsIn(DELIVERY_STATUSES, { message: `status must be one of ${DELIVERY_STATUSES.join(', ')}` })
  status?: (typeof DELIVERY_STATUSES)[number];

  @ApiPropertyOptional({ example: 'payment-authorization-prod', description: 'Only alerts about this service' })
  @IsOptional()
  @IsString()
  @MaxLength(SERVICE_ID_BOUND)
  @Matches(SERVICE_ID_PATTERN, { message: `service_id ${SERVICE_ID_PATTERN_MESSAGE}` })
  service_id?: string;

  @ApiPropertyOptional({ enum: DESTINATIONS, example: 'pagerduty', description: 'Only deliveries to this destination' })
  @IsOptional()
  @IsIn(DESTINATIONS, { message: `destination must be one of ${DESTINATIONS.join(', ')}` })
  destination?: (typeof DESTINATIONS)[number];

  @ApiPropertyOptional({ example: 20, minimum: 1, maximum: MAX_DELIVERIES_LIMIT, default: DEFAULT_DELIVERIES_LIMIT })
  @IsOptional()
  @Type(() => Number)
  @IsIntInRange(1, MAX_DELIVERIES_LIMIT)
  limit?: number;
}

export class AlertDeliveryDto {
  @ApiProperty({ example: 17, description: 'Outbox row id' }) id: number;
  @ApiProperty({ enum: DESTINATIONS, example: 'webhook' }) destination: string;
  @ApiProperty({ example: 'drift.detected', enum: ['drift.detected', 'drift.resolved'] }) type: string;
  @ApiProperty({ example: 42, description: 'The drift event (GET /v1/events); also the CloudEvent id and webhook-id' }) event_id: number;
  @ApiProperty({ example: 'payment-authorization-prod' }) service_id: string;
  @ApiProperty({ enum: DELIVERY_STATUSES, example: 'pending' }) status: string;
  @ApiProperty({ example: 3, description: 'Attempts made so far' }) attempts: number;
  @ApiProperty({ example: '2026-01-12T10:31:02.180Z', description: 'When the alert was written (with its event)' }) created_at: string;
  @ApiProperty({ example: '2026-01-12T10:31:09.412Z', nullable: true, type: String, description: 'Next attempt (pending only)' })
  next_attempt_at: string | null;
  @ApiProperty({ example: '2026-01-12T10:31:04.020Z', nullable: true, type: String }) last_attempt_at: string | null;
  @ApiProperty({ example: null, nullable: true, type: String }) delivered_at: string | null;
  @ApiProperty({ example: 503, nullable: true, type: Number, description: 'HTTP status of the last answer (null: no answer)' })
  last_status: number | null;
  @ApiProperty({
    example: 'HTTP 503: upstream unavailable',
    nullable: true,
    type: String,
    description: 'Why the last attempt failed, or why the alert was given up',
  })
  last_error: string | null;
}

export class AlertDeliveryListDto {
  @ApiProperty({ enum: DESTINATIONS, isArray: true, example: ['webhook', 'pagerduty'], description: 'Destinations configured now' })
  destinations: string[];
  @ApiProperty({ type: [AlertDeliveryDto] }) deliveries: AlertDeliveryDto[];
}
