import { AlertOutbox } from '@app/alerting';
import { AlertDeliveryRow, AlertOutboxRepository } from '@app/persistence';
import { Controller, Get, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ErrorDto } from '../common/error.dto';
import { AlertDeliveryDto, AlertDeliveryListDto, DEFAULT_DELIVERIES_LIMIT, DeliveriesQueryDto } from './alerts.dto';

const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

@ApiTags('alerts')
@Controller('v1/alerts')
export class AlertsController {
  constructor(
    private readonly alerts: AlertOutbox,
    private readonly outbox: AlertOutboxRepository,
  ) {}

  @Get('deliveries')
  @ApiOperation({
    summary: 'Alert deliveries, newest first: what was sent, what is still pending, what failed and why',
    description: 'One row per drift event and destination. See docs/alerting.md for the retry policy.',
  })
  @ApiOkResponse({ type: AlertDeliveryListDto })
  @ApiBadRequestResponse({ type: ErrorDto })
  deliveries(@Query() query: DeliveriesQueryDto): AlertDeliveryListDto {
    const rows = this.outbox.list({
      status: query.status,
      serviceName: query.service_id,
      destination: query.destination,
      limit: query.limit ?? DEFAULT_DELIVERIES_LIMIT,
    });
    return { destinations: this.alerts.destinations, deliveries: rows.map(toDeliveryDto) };
  }
}

function toDeliveryDto(row: AlertDeliveryRow): AlertDeliveryDto {
  return {
    id: row.id,
    destination: row.destination,
    type: row.type,
    event_id: row.eventId,
    service_id: row.serviceName,
    status: row.status,
    attempts: row.attempts,
    created_at: new Date(row.createdAt).toISOString(),
    next_attempt_at: row.status === 'pending' ? iso(row.nextAttemptAt) : null,
    last_attempt_at: iso(row.lastAttemptAt),
    delivered_at: iso(row.deliveredAt),
    last_status: row.lastStatus,
    last_error: row.lastError,
  };
}
