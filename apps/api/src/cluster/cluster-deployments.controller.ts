import { ClusterRuntime } from '@app/cluster';
import { parseTimestamp } from '@app/ingestion';
import { BadRequestException, Body, Controller, Get, Param, ParseIntPipe, Post, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ErrorDto } from '../common/error.dto';
import {
  CompareQueryDto,
  CreateDeploymentDto,
  DEFAULT_DEPLOYMENTS_LIMIT,
  DeploymentComparisonDto,
  DeploymentDto,
  DeploymentListDto,
  DeploymentListQueryDto,
} from '../deployments/deployments.dto';
import { toComparisonDto, toDeploymentDto } from '../deployments/deployments.mapper';

const idPipe = new ParseIntPipe({ exceptionFactory: () => new BadRequestException(['id must be a positive integer']) });

/** Deployment markers in cluster mode: the embedded routes and DTOs, on the shared store (any process answers). */
@ApiTags('deployments')
@ApiBadRequestResponse({ type: ErrorDto })
@Controller('v1/deployments')
export class ClusterDeploymentsController {
  constructor(private readonly runtime: ClusterRuntime) {}

  @Post()
  @ApiOperation({
    summary: 'Record a deployment marker',
    description:
      'Marks when a version of a service went out. The gate then judges the period since the latest marker, GET ' +
      '/v1/deployments/{id} compares the samples after it with the baseline before it, and a drift that begins within ' +
      'DRIFTWATCH_DEPLOYMENT_NAMING_WINDOW_MINUTES after it (and is scored after the marker was recorded) names it (deployment_id).',
  })
  @ApiCreatedResponse({ type: DeploymentDto })
  async create(@Body() body: CreateDeploymentDto): Promise<DeploymentDto> {
    const nowMs = Date.now();
    const timeMs = body.timestamp === undefined ? undefined : parseTimestamp(body.timestamp);
    if (timeMs !== undefined && !Number.isFinite(timeMs)) throw new BadRequestException(['timestamp is not a valid date-time']);
    return toDeploymentDto(await this.runtime.deployments.create(body.service_id, body.version, timeMs, nowMs));
  }

  @Get()
  @ApiOperation({ summary: 'Deployment markers, newest first' })
  @ApiOkResponse({ type: DeploymentListDto })
  async list(@Query() query: DeploymentListQueryDto): Promise<DeploymentListDto> {
    const rows = await this.runtime.deployments.list({ serviceName: query.service_id, beforeId: query.before, limit: query.limit ?? DEFAULT_DEPLOYMENTS_LIMIT });
    return { deployments: rows.map(toDeploymentDto) };
  }

  @Get(':id')
  @ApiOperation({
    summary: 'Compare a deployment with the baseline before it (samples scored so far)',
    description: 'As in embedded mode (docs/deploy-gates.md): always 200, read `verdict`, or gate on GET /v1/gate/{service_id}?deployment={id}.',
  })
  @ApiOkResponse({ type: DeploymentComparisonDto })
  @ApiNotFoundResponse({ type: ErrorDto, description: 'No marker has this id' })
  async compare(@Param('id', idPipe) id: number, @Query() query: CompareQueryDto): Promise<DeploymentComparisonDto> {
    if (id < 1) throw new BadRequestException(['id must be a positive integer']);
    const report = await this.runtime.deployments.compare(id, query.min_samples, Date.now());
    return toComparisonDto(report, this.runtime.config.baselineWindowSize, this.runtime.config.deploymentCompareMaxAfter);
  }
}
