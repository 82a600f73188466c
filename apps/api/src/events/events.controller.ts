import { DetectorRegistry, DriftExplainer, storedExplanation } from '@app/health';
import { parseTimestamp } from '@app/config';
import { DriftEventEntity, DriftEventQuery, DriftEventRepository } from '@app/persistence';
import { BadRequestException, Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ErrorDto } from '../common/error.dto';
import { splitList } from '../common/query-validators';
import { ServiceIdPipe } from '../common/service-id.pipe';
import { DEFAULT_EVENTS_LIMIT, DriftEventDto, EventListDto, EventsQueryDto, EVENT_RETENTION_NOTE, ServiceEventsQueryDto } from './events.dto';

const PAGING_NOTE =
  'Newest first. Page backwards with `before=<next_before of the previous page>` until `next_before` is null; ' +
  'filter with `reason` and `state` (the state the event went to) and `since`.';

@ApiTags('events')
@ApiBadRequestResponse({ type: ErrorDto, description: 'Invalid query parameter (one message per parameter)' })
@Controller('v1/events')
export class EventsController {
  constructor(
    private readonly registry: DetectorRegistry,
    private readonly events: DriftEventRepository,
    private readonly explainer: DriftExplainer,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Drift events of every service, newest first', description: `${PAGING_NOTE} ${EVENT_RETENTION_NOTE}` })
  @ApiOkResponse({ type: EventListDto })
  async all(@Query() query: EventsQueryDto): Promise<EventListDto> {
    const names = new Map(Array.from(this.registry.all(), (s) => [s.id, s.name]));
    return this.page(await this.toQuery(query), (row) => names.get(row.serviceId) ?? String(row.serviceId));
  }

  @Get(':service_id')
  @ApiOperation({ summary: 'Drift events of one service, newest first', description: `${PAGING_NOTE} ${EVENT_RETENTION_NOTE}` })
  @ApiOkResponse({ type: EventListDto })
  @ApiNotFoundResponse({ type: ErrorDto })
  async forService(@Param('service_id', ServiceIdPipe) serviceId: string, @Query() query: ServiceEventsQueryDto): Promise<EventListDto> {
    const service = this.registry.get(serviceId);
    // An endpoint the service never sent is a 404, as on /v1/health, not an empty page.
    if (query.endpoint !== undefined) this.registry.getEndpoint(service, query.endpoint);
    const page = await this.page({ ...(await this.toQuery(query)), serviceId: service.id, endpoint: query.endpoint }, () => serviceId);
    return { service_id: serviceId, ...page };
  }

  /** One page, fetched one event long so `next_before` is null exactly when nothing older matches. */
  private async page(query: DriftEventQuery, nameOf: (row: DriftEventEntity) => string): Promise<EventListDto> {
    const rows = await this.events.find({ ...query, limit: query.limit + 1 });
    const more = rows.length > query.limit;
    const shown = more ? rows.slice(0, query.limit) : rows;
    const events = shown.map((row) => ({ ...toEventDto(row, nameOf(row)), explanation: this.explainer.explain(row) }));
    return { events, next_before: more ? shown[shown.length - 1].id : null };
  }

  private async toQuery(query: EventsQueryDto): Promise<DriftEventQuery> {
    const sinceMs = query.since === undefined ? undefined : parseTimestamp(query.since);
    let before: DriftEventQuery['before'];
    if (query.before !== undefined) {
      const cursor = await this.events.findById(query.before);
      if (!cursor) {
        throw new BadRequestException([`before: no event with id ${query.before} (it may have been deleted by retention)`]);
      }
      before = { ts: cursor.ts, id: cursor.id };
    }
    return {
      limit: query.limit ?? DEFAULT_EVENTS_LIMIT,
      sinceMs,
      before,
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
