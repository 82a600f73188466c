import { DetectorRegistry, DriftExplainer, storedExplanation } from '@app/health';
import { parseTimestamp } from '@app/config';
import { DriftEventEntity, DriftEventQuery, DriftEventRepository, ServiceRepository } from '@app/persistence';
import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ErrorDto } from '../common/error.dto';
import { splitList } from '../common/query-validators';
import { ServiceIdPipe } from '../common/service-id.pipe';
import { DEFAULT_EVENTS_LIMIT, DriftEventDto, EventListDto, EventsQueryDto, EVENT_RETENTION_NOTE, ServiceEventsQueryDto } from './events.dto';

const PAGING_NOTE =
  'Newest first, in the order they happened (by id; a late sample\'s event can have an older `timestamp` than the one before it). Page backwards with `before=<next_before of the previous page>` until `next_before` is null; ' +
  'filter with `reason` and `state` (the state the event went to) and `since`.';

@ApiTags('events')
@ApiBadRequestResponse({ type: ErrorDto, description: 'Invalid query parameter (one message per parameter)' })
@Controller('v1/events')
export class EventsController {
  constructor(
    private readonly registry: DetectorRegistry,
    private readonly events: DriftEventRepository,
    private readonly explainer: DriftExplainer,
    private readonly serviceRows: ServiceRepository,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Drift events of every service, newest first', description: `${PAGING_NOTE} ${EVENT_RETENTION_NOTE}` })
  @ApiOkResponse({ type: EventListDto })
  async all(@Query() query: EventsQueryDto): Promise<EventListDto> {
    // Names of the page's services only: the cost follows the page, not the fleet.
    return this.page(await this.toQuery(query), (ids) => this.serviceRows.namesOf(ids));
  }

  @Get(':service_id')
  @ApiOperation({ summary: 'Drift events of one service, newest first', description: `${PAGING_NOTE} ${EVENT_RETENTION_NOTE}` })
  @ApiOkResponse({ type: EventListDto })
  @ApiNotFoundResponse({ type: ErrorDto })
  async forService(@Param('service_id', ServiceIdPipe) serviceId: string, @Query() query: ServiceEventsQueryDto): Promise<EventListDto> {
    const service = this.registry.get(serviceId);
    // An endpoint the service never sent is a 404, as on /v1/health, not an empty page.
    if (query.endpoint !== undefined) this.registry.getEndpoint(service, query.endpoint);
    const page = await this.page({ ...(await this.toQuery(query)), serviceId: service.id, endpoint: query.endpoint }, () => new Map([[service.id, serviceId]]));
    return { service_id: serviceId, ...page };
  }

  /** One page, fetched one event long so `next_before` is null exactly when nothing older matches. */
  private async page(query: DriftEventQuery, namesOf: (serviceIds: number[]) => Map<number, string>): Promise<EventListDto> {
    const rows = await this.events.find({ ...query, limit: query.limit + 1 });
    const more = rows.length > query.limit;
    const shown = more ? rows.slice(0, query.limit) : rows;
    const names = namesOf(Array.from(new Set(shown.map((row) => row.serviceId))));
    return {
      events: shown.map((row) => ({ ...toEventDto(row, names.get(row.serviceId) ?? String(row.serviceId)), explanation: this.explainer.explain(row) })),
      next_before: more ? shown[shown.length - 1].id : null,
    };
  }

  // Async for callers' sake: the cursor is the id itself, valid even after retention deleted its event.
  private async toQuery(query: EventsQueryDto): Promise<DriftEventQuery> {
    const sinceMs = query.since === undefined ? undefined : parseTimestamp(query.since);
    return {
      limit: query.limit ?? DEFAULT_EVENTS_LIMIT,
      sinceMs,
      beforeId: query.before,
      reasons: query.reason === undefined ? undefined : splitList(query.reason),
      toStates: query.state === undefined ? undefined : splitList(query.state),
    };
  }
}

/** Also the `data` of every alert (AlertingModule): its explanation is the one decided at the onset. */
export function toEventDto(row: DriftEventEntity, serviceId: string): DriftEventDto {
  return {
    id: row.id,
    service_id: serviceId,
    timestamp: new Date(row.ts).toISOString(),
    received_at: row.receivedAt === null || row.receivedAt === undefined ? null : new Date(row.receivedAt).toISOString(),
    seq: row.seq,
    from: row.fromState,
    to: row.toState,
    reason: row.reason,
    metric: row.metric,
    evidence_samples: row.count,
    count: row.count,
    max_zscore: row.maxZscore,
    z_latency: row.zLatency,
    z_payload: row.zPayload,
    cusum: row.cusum,
    baseline: row.baseline ? JSON.parse(row.baseline) : null,
    deployment_id: row.deploymentId ?? null,
    explanation: storedExplanation(row.explanation),
    // Only an endpoint's event carries it, so a service without endpoints answers as it always did.
    ...(row.endpoint ? { endpoint: row.endpoint } : {}),
  };
}
