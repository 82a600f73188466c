import { ClusterGateDecision, ClusterRuntime } from '@app/cluster';
import { parseTimestamp } from '@app/ingestion';
import { BadRequestException, Controller, Get, Param, Post, Query, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiServiceUnavailableResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { ErrorDto } from '../common/error.dto';
import { ServiceIdPipe } from '../common/service-id.pipe';
import { RequireScope } from '../security/require-scope.decorator';
import { GateQueryDto } from '../gate/gate.dto';
import { toGateDto } from '../gate/gate.mapper';
import { ClusterGateResultDto } from './cluster.dto';
import { toScoringDto } from './cluster-views.mapper';

const STATUS: Record<ClusterGateDecision['outcome'], number> = {
  pass: 200,
  drifting: 409,
  drifted: 409,
  lagging: 503,
  learning: 503,
  too_few_samples: 503,
  unknown_service: 404,
};

@ApiTags('gate')
@Controller('v1/gate')
export class ClusterGateController {
  constructor(private readonly runtime: ClusterRuntime) {}

  @Get(':service_id')
  @ApiOperation({
    summary: 'Deployment gate (cluster mode): any process answers; the HTTP status carries the verdict',
    description:
      '200 pass, 409 fail (in drift now, or a drift began since `since`), 503 inconclusive (Retry-After): learning, too few ' +
      'samples, or lagging: the oldest unscored sample of the partition waited longer than DRIFTWATCH_CLUSTER_MAX_LAG_MS (fail ' +
      'closed during a takeover). 404: unknown service. `scoring` says how far the state is scored. The period starts at ' +
      "`since`, at `deployment`, by default at the service's latest deployment marker, else now.",
  })
  @ApiOkResponse({ type: ClusterGateResultDto, description: 'pass' })
  @ApiConflictResponse({ type: ClusterGateResultDto, description: 'fail' })
  @ApiServiceUnavailableResponse({ type: ClusterGateResultDto, description: 'inconclusive (lagging, learning, too few samples); retry after Retry-After seconds' })
  @ApiNotFoundResponse({ type: ClusterGateResultDto, description: 'inconclusive: unknown service' })
  @ApiBadRequestResponse({ type: ErrorDto })
  check(@Param('service_id', ServiceIdPipe) serviceId: string, @Query() query: GateQueryDto, @Res({ passthrough: true }) res: Response): Promise<ClusterGateResultDto> {
    return this.answer(serviceId, query, res);
  }

  @Post(':service_id')
  @RequireScope('read')
  @ApiOperation({ summary: 'The gate for webhook callers that POST (e.g. Flagger): same answer as GET; the request body is ignored' })
  @ApiOkResponse({ type: ClusterGateResultDto, description: 'pass' })
  @ApiConflictResponse({ type: ClusterGateResultDto, description: 'fail' })
  @ApiServiceUnavailableResponse({ type: ClusterGateResultDto, description: 'inconclusive; retry after Retry-After seconds' })
  @ApiNotFoundResponse({ type: ClusterGateResultDto, description: 'inconclusive: unknown service' })
  @ApiBadRequestResponse({ type: ErrorDto })
  checkByWebhook(@Param('service_id', ServiceIdPipe) serviceId: string, @Query() query: GateQueryDto, @Res({ passthrough: true }) res: Response): Promise<ClusterGateResultDto> {
    return this.answer(serviceId, query, res);
  }

  private async answer(serviceId: string, query: GateQueryDto, res: Response): Promise<ClusterGateResultDto> {
    const sinceMs = query.since === undefined ? undefined : parseTimestamp(query.since);
    if (sinceMs !== undefined && !Number.isFinite(sinceMs)) throw new BadRequestException(['since is not a valid date-time']);
    const d = await this.runtime.gate.check({ serviceName: serviceId, sinceMs, deploymentId: query.deployment, minSamples: query.min_samples }, Date.now());
    res.status(query.http_status === 'always_200' ? 200 : STATUS[d.outcome]);
    res.setHeader('Cache-Control', 'no-store');
    if (d.retryAfterSeconds !== null) res.setHeader('Retry-After', String(d.retryAfterSeconds));
    return { ...toGateDto({ ...d, outcome: d.outcome === 'lagging' ? 'learning' : d.outcome }), outcome: d.outcome, scoring: toScoringDto(d.progress) };
  }
}
