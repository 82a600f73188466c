import { GateOutcome, GateService } from '@app/gate';
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
import { GateQueryDto, GateResultDto } from './gate.dto';
import { toGateDto } from './gate.mapper';
import { RequireScope } from '../security/require-scope.decorator';

/** The HTTP status that carries each answer, so that `curl -fsS` fails closed on all but a pass. */
const STATUS: Record<GateOutcome, number> = {
  pass: 200,
  drifting: 409,
  drifted: 409,
  learning: 503,
  too_few_samples: 503,
  unknown_service: 404,
};

@ApiTags('gate')
@Controller('v1/gate')
export class GateController {
  constructor(private readonly gate: GateService) {}

  @Get(':service_id')
  @ApiOperation({
    summary: 'Deployment gate: may this service be promoted? (the HTTP status carries the verdict)',
    description:
      '200 pass: STABLE with a ready baseline and no drift since the start of the period. 409 fail: in drift now, or a drift ' +
      'began in the period even if it recovered. 503 inconclusive (Retry-After): learning, or fewer than min_samples samples ' +
      'since the start. 404 inconclusive: unknown service. The period starts at `since`, at `deployment`, by default at the ' +
      "service's latest deployment marker, else now. `curl -fsS` fails on everything but a pass; see docs/deploy-gates.md.",
  })
  @ApiOkResponse({ type: GateResultDto, description: 'pass' })
  @ApiConflictResponse({ type: GateResultDto, description: 'fail: in drift now, or a drift began in the period' })
  @ApiServiceUnavailableResponse({ type: GateResultDto, description: 'inconclusive: learning or too few samples; retry after Retry-After seconds' })
  @ApiNotFoundResponse({ type: GateResultDto, description: 'inconclusive: unknown service (or, as an error body, unknown deployment)' })
  @ApiBadRequestResponse({ type: ErrorDto })
  check(
    @Param('service_id', ServiceIdPipe) serviceId: string,
    @Query() query: GateQueryDto,
    @Res({ passthrough: true }) res: Response,
  ): GateResultDto {
    return this.answer(serviceId, query, res);
  }

  // Webhook callers that can only POST (Flagger) get the same answer; their body is ignored.
  @Post(':service_id')
  @RequireScope('read')
  @ApiOperation({ summary: 'The gate for webhook callers that POST (e.g. Flagger): same answer as GET; the request body is ignored' })
  @ApiOkResponse({ type: GateResultDto, description: 'pass' })
  @ApiConflictResponse({ type: GateResultDto, description: 'fail' })
  @ApiServiceUnavailableResponse({ type: GateResultDto, description: 'inconclusive; retry after Retry-After seconds' })
  @ApiNotFoundResponse({ type: GateResultDto, description: 'inconclusive: unknown service' })
  @ApiBadRequestResponse({ type: ErrorDto })
  checkByWebhook(
    @Param('service_id', ServiceIdPipe) serviceId: string,
    @Query() query: GateQueryDto,
    @Res({ passthrough: true }) res: Response,
  ): GateResultDto {
    return this.answer(serviceId, query, res);
  }

  private answer(serviceId: string, query: GateQueryDto, res: Response): GateResultDto {
    const sinceMs = query.since === undefined ? undefined : parseTimestamp(query.since);
    if (sinceMs !== undefined && !Number.isFinite(sinceMs)) throw new BadRequestException(['since is not a valid date-time']);
    const decision = this.gate.check(
      { serviceName: serviceId, sinceMs, deploymentId: query.deployment, minSamples: query.min_samples, endpoint: query.endpoint },
      Date.now(),
    );
    res.status(query.http_status === 'always_200' ? 200 : STATUS[decision.outcome]);
    res.setHeader('Cache-Control', 'no-store');
    if (decision.retryAfterSeconds !== null) res.setHeader('Retry-After', String(decision.retryAfterSeconds));
    return toGateDto(decision);
  }
}
