import { ClusterIngestionService, ClusterRuntime } from '@app/cluster';
import { parseDetectorState } from '@app/health';
import { BadRequestException, Controller, Get, HttpCode, NotFoundException, Param, Post, Query } from '@nestjs/common';
import { ApiAcceptedResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ErrorDto } from '../common/error.dto';
import { ServiceIdPipe } from '../common/service-id.pipe';
import { decodeServicesCursor, encodeServicesCursor } from '../services/services-page';
import { BaselineDto, DEFAULT_SERVICES_LIMIT, ResetAcceptedDto, ServiceListDto, ServicesQueryDto } from '../services/service-views.dto';
import { toBaselineDto } from '../services/service-views.mapper';
import { ClusterHealthDto } from './cluster.dto';
import { toHealthDtoFromState, toScoringDto } from './cluster-views.mapper';

const notFound = (name: string) => new NotFoundException(`Unknown service '${name}' (or its first samples are not scored yet)`);

/** Health and baseline in cluster mode: read from the shared store, as scored through `scoring.scored_through`. */
@Controller()
export class ClusterServicesController {
  constructor(
    private readonly runtime: ClusterRuntime,
    private readonly ingestion: ClusterIngestionService,
  ) {}

  @ApiTags('services')
  @Get('v1/services')
  @ApiOperation({ summary: 'Every monitored service with its state and sample count, as scored so far' })
  @ApiOkResponse({ type: ServiceListDto })
  async list(@Query() query: ServicesQueryDto): Promise<ServiceListDto> {
    const limit = query.limit ?? DEFAULT_SERVICES_LIMIT;
    const afterId = query.cursor === undefined ? 0 : decodeServicesCursor(query.cursor);
    if (afterId === null) throw new BadRequestException(['cursor must be a next_cursor returned by this API']);
    // One row more than the page, so next_cursor is null exactly when nothing follows.
    const fetched = await this.runtime.reads.serviceSummaries(afterId, limit + 1);
    const rows = fetched.length > limit ? fetched.slice(0, limit) : fetched;
    return {
      next_cursor: fetched.length > limit ? encodeServicesCursor(rows[rows.length - 1].id) : null,
      services: rows.map((r) => ({
        service_id: r.name,
        state: r.state,
        samples_total: r.sampleCount,
        sample_count: r.sampleCount,
        transition_timestamp: r.transitionAt === null ? null : new Date(r.transitionAt).toISOString(),
      })),
    };
  }

  @ApiTags('health')
  @Get('v1/health/:service_id')
  @ApiOperation({ summary: 'State of a service as scored so far (to decide a rollout, use GET /v1/gate/{service_id})' })
  @ApiOkResponse({ type: ClusterHealthDto })
  @ApiNotFoundResponse({ type: ErrorDto })
  async health(@Param('service_id', ServiceIdPipe) serviceId: string): Promise<ClusterHealthDto> {
    const row = await this.runtime.reads.service(serviceId);
    if (!row) throw notFound(serviceId);
    const progress = await this.runtime.reads.progress(row.partition);
    return { ...toHealthDtoFromState(serviceId, parseDetectorState(row.detector), this.runtime.config.minSamplesForBaseline), scoring: toScoringDto(progress) };
  }

  @ApiTags('baseline')
  @Get('v1/baseline/:service_id')
  @ApiOperation({ summary: 'The baseline snapshot the service is scored against' })
  @ApiOkResponse({ type: BaselineDto })
  @ApiNotFoundResponse({ type: ErrorDto, description: 'Unknown service, or no baseline yet (says how many samples are needed)' })
  async baseline(@Param('service_id', ServiceIdPipe) serviceId: string): Promise<BaselineDto> {
    const row = await this.runtime.reads.service(serviceId);
    if (!row) throw notFound(serviceId);
    const state = parseDetectorState(row.detector);
    if (!state.snapshot) {
      const needed = Math.max(0, this.runtime.config.minSamplesForBaseline - state.windowSize);
      throw new NotFoundException(`No baseline yet for '${serviceId}': ${needed} more sample(s) needed`);
    }
    return toBaselineDto(serviceId, state.snapshot);
  }

  @ApiTags('baseline')
  @Post('v1/baseline/:service_id/reset')
  @HttpCode(202)
  @ApiOperation({ summary: 'Accept a new normal: the reset is appended to the log behind every sample already accepted, and scored in order' })
  @ApiAcceptedResponse({ type: ResetAcceptedDto })
  @ApiNotFoundResponse({ type: ErrorDto })
  async reset(@Param('service_id', ServiceIdPipe) serviceId: string): Promise<ResetAcceptedDto> {
    const row = await this.runtime.reads.service(serviceId);
    if (!row) throw notFound(serviceId);
    await this.ingestion.resetBaseline(serviceId);
    return { service_id: serviceId, state: 'INSUFFICIENT_DATA', samples_needed: this.runtime.config.minSamplesForBaseline };
  }
}
