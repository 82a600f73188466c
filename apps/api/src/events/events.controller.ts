import { DetectorRegistry } from '@app/health';
import { parseTimestamp } from '@app/ingestion';
import { DriftEventEntity, DriftEventRepository } from '@app/persistence';
import { BadRequestException, Controller, Get, Param, Query } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ErrorDto } from '../common/error.dto';
import { ServiceIdPipe } from '../common/service-id.pipe';
import { DEFAULT_EVENTS_LIMIT, DriftEventDto, EventListDto, EventsQueryDto, EVENT_RETENTION_NOTE } from './events.dto';

@ApiTags('events')
@Controller('v1/events')
export class EventsController {
  constructor(
    private readonly registry: DetectorRegistry,
    private readonly events: DriftEventRepository,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Drift events of every service, newest first', description: EVENT_RETENTION_NOTE })
  @ApiOkResponse({ type: EventListDto })
  async all(@Query() query: EventsQueryDto): Promise<EventListDto> {
    const names = new Map(Array.from(this.registry.all(), (s) => [s.id, s.name]));
    const rows = await this.events.find(this.toQuery(query));
    return { events: rows.map((row) => toEventDto(row, names.get(row.serviceId) ?? String(row.serviceId))) };
  }

  @Get(':service_id')
  @ApiOperation({ summary: 'Drift events of one service, newest first', description: EVENT_RETENTION_NOTE })
  @ApiOkResponse({ type: EventListDto })
  @ApiNotFoundResponse({ type: ErrorDto })
  async forService(@Param('service_id', ServiceIdPipe) serviceId: string, @Query() query: EventsQueryDto): Promise<EventListDto> {
    const service = this.registry.get(serviceId);
    const rows = await this.events.find({ ...this.toQuery(query), serviceId: service.id });
    return { service_id: serviceId, events: rows.map((row) => toEventDto(row, serviceId)) };
  }

  private toQuery(query: EventsQueryDto): { limit: number; sinceMs?: number } {
    const sinceMs = query.since === undefined ? undefined : parseTimestamp(query.since);
    if (sinceMs !== undefined && !Number.isFinite(sinceMs)) throw new BadRequestException(['since is not a valid date-time']);
    return { limit: query.limit ?? DEFAULT_EVENTS_LIMIT, sinceMs };
  }
}

/** Also the `data` of every alert (AlertingModule). */
export function toEventDto(row: DriftEventEntity, serviceId: string): DriftEventDto {
  return {
    id: row.id,
    service_id: serviceId,
    timestamp: new Date(row.ts).toISOString(),
    seq: row.seq,
    from: row.fromState,
    to: row.toState,
    reason: row.reason,
    metric: row.metric,
    count: row.count,
    max_zscore: row.maxZscore,
    z_latency: row.zLatency,
    z_payload: row.zPayload,
    cusum: row.cusum,
    baseline: row.baseline ? JSON.parse(row.baseline) : null,
    deployment_id: row.deploymentId ?? null,
  };
}
