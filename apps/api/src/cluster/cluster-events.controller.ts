import { ClusterRuntime } from '@app/cluster';
import { parseTimestamp } from '@app/config';
import type { DriftEventEntity, DriftEventQuery } from '@app/persistence';
import { BadRequestException, Controller, Get, NotFoundException, Param, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ErrorDto } from '../common/error.dto';
import { splitList } from '../common/query-validators';
import { ServiceIdPipe } from '../common/service-id.pipe';
import { toEventDto } from '../events/events.controller';
import { DEFAULT_EVENTS_LIMIT, EventListDto, EventsQueryDto, EVENT_RETENTION_NOTE } from '../events/events.dto';

const PAGING_NOTE =
  'Newest first, as scored so far. Page backwards with `before=<next_before of the previous page>` until `next_before` is null; ' +
  'filter with `reason` and `state` (the state the event went to) and `since`.';

/** Drift events in cluster mode: the embedded route's contract, read from the shared store. */
@ApiTags('events')
@ApiBadRequestResponse({ type: ErrorDto, description: 'Invalid query parameter (one message per parameter)' })
@Controller('v1/events')
export class ClusterEventsController {
  constructor(private readonly runtime: ClusterRuntime) {}

  @Get()
  @ApiOperation({ summary: 'Drift events of every service, newest first', description: `${PAGING_NOTE} ${EVENT_RETENTION_NOTE}` })
  @ApiOkResponse({ type: EventListDto })
  async all(@Query() query: EventsQueryDto): Promise<EventListDto> {
    const q = await this.toQuery(query);
    const rows = await this.runtime.reads.events({ ...q, limit: q.limit + 1 });
    const names = await this.runtime.reads.serviceNames([...new Set(rows.map((r) => r.serviceId))]);
    return this.page(rows, q.limit, (row) => names.get(row.serviceId) ?? String(row.serviceId));
  }

  @Get(':service_id')
  @ApiOperation({ summary: 'Drift events of one service, newest first', description: `${PAGING_NOTE} ${EVENT_RETENTION_NOTE}` })
  @ApiOkResponse({ type: EventListDto })
  @ApiNotFoundResponse({ type: ErrorDto })
  async forService(@Param('service_id', ServiceIdPipe) serviceId: string, @Query() query: EventsQueryDto): Promise<EventListDto> {
    const service = await this.runtime.reads.service(serviceId);
    if (!service) throw new NotFoundException(`Unknown service '${serviceId}'`);
    const q = await this.toQuery(query);
    const rows = await this.runtime.reads.events({ ...q, serviceId: service.id, limit: q.limit + 1 });
    return { service_id: serviceId, ...this.page(rows, q.limit, () => serviceId) };
  }

  /** Fetched one event long, so `next_before` is null exactly when nothing older matches. */
  private page(rows: DriftEventEntity[], limit: number, nameOf: (row: DriftEventEntity) => string): EventListDto {
    const more = rows.length > limit;
    const shown = more ? rows.slice(0, limit) : rows;
    return { events: shown.map((row) => toEventDto(row, nameOf(row))), next_before: more ? shown[shown.length - 1].id : null };
  }

  private async toQuery(query: EventsQueryDto): Promise<DriftEventQuery> {
    // As in embedded mode: the cursor is an event id (ids follow the order events happened).
    return {
      limit: query.limit ?? DEFAULT_EVENTS_LIMIT,
      sinceMs: query.since === undefined ? undefined : parseTimestamp(query.since),
      beforeId: query.before,
      reasons: query.reason === undefined ? undefined : splitList(query.reason),
      toStates: query.state === undefined ? undefined : splitList(query.state),
    };
  }
}
