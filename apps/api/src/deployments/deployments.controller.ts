import { DRIFT_CONFIG, DriftConfig } from '@app/config';
import { DeploymentService } from '@app/gate';
import { parseTimestamp } from '@app/ingestion';
import { BadRequestException, Body, Controller, Get, Inject, Param, ParseIntPipe, Post, Query } from '@nestjs/common';
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
} from './deployments.dto';
import { toComparisonDto, toDeploymentDto } from './deployments.mapper';

const idPipe = new ParseIntPipe({ exceptionFactory: () => new BadRequestException(['id must be a positive integer']) });

@ApiTags('deployments')
@ApiBadRequestResponse({ type: ErrorDto })
@Controller('v1/deployments')
export class DeploymentsController {
  constructor(
    private readonly deployments: DeploymentService,
    @Inject(DRIFT_CONFIG) private readonly config: DriftConfig,
  ) {}

  @Post()
  @ApiOperation({
    summary: 'Record a deployment marker',
    description:
      'Marks when a version of a service went out. The gate (GET /v1/gate/{service_id}) then judges the period since the ' +
      'latest marker, GET /v1/deployments/{id} compares the samples after it with the baseline before it, and a drift ' +
      'that begins within DRIFTWATCH_DEPLOYMENT_NAMING_WINDOW_MINUTES after it names it (deployment_id).',
  })
  @ApiCreatedResponse({ type: DeploymentDto })
  create(@Body() body: CreateDeploymentDto): DeploymentDto {
    const nowMs = Date.now();
    const timeMs = body.timestamp === undefined ? undefined : parseTimestamp(body.timestamp);
    if (timeMs !== undefined && !Number.isFinite(timeMs)) throw new BadRequestException(['timestamp is not a valid date-time']);
    return toDeploymentDto(this.deployments.create(body.service_id, body.version, timeMs, nowMs));
  }

  @Get()
  @ApiOperation({ summary: 'Deployment markers, newest first' })
  @ApiOkResponse({ type: DeploymentListDto })
  list(@Query() query: DeploymentListQueryDto): DeploymentListDto {
    const rows = this.deployments.list({ serviceName: query.service_id, beforeId: query.before, limit: query.limit ?? DEFAULT_DEPLOYMENTS_LIMIT });
    return { deployments: rows.map(toDeploymentDto) };
  }

  @Get(':id')
  @ApiOperation({
    summary: 'Compare a deployment with the baseline before it',
    description:
      'Per metric: counts, median and p95 before/after, the ratio of medians with a (1 − alpha) confidence interval and a ' +
      'Mann–Whitney U test. A metric fails when the U test is significant (p < alpha) and the whole interval lies beyond the ' +
      'practical band (latency: slower only; payload: either way); inconclusive below min_samples on either side. Always 200: ' +
      'read `verdict` (or gate on GET /v1/gate/{service_id}?deployment={id}). docs/deploy-gates.md explains the rule.',
  })
  @ApiOkResponse({ type: DeploymentComparisonDto })
  @ApiNotFoundResponse({ type: ErrorDto, description: 'No marker has this id' })
  compare(@Param('id', idPipe) id: number, @Query() query: CompareQueryDto): DeploymentComparisonDto {
    if (id < 1) throw new BadRequestException(['id must be a positive integer']);
    const report = this.deployments.compare(id, query.min_samples, Date.now());
    return toComparisonDto(report, this.config.baselineWindowSize, this.config.deploymentCompareMaxAfter);
  }
}
