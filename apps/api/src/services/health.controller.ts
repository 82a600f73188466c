import { DRIFT_CONFIG, DriftConfig } from '@app/config';
import { DetectorRegistry, DriftExplainer, HealthState } from '@app/health';
import { ExplanationRepository } from '@app/persistence';
import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ErrorDto } from '../common/error.dto';
import { ServiceIdPipe } from '../common/service-id.pipe';
import { EndpointQueryDto } from './endpoint-query.dto';
import { HealthDto } from './service-views.dto';
import { toEndpointHealthDto, toHealthDto } from './service-views.mapper';

@ApiTags('health')
@Controller('v1/health')
export class HealthController {
  constructor(
    private readonly registry: DetectorRegistry,
    private readonly explainer: DriftExplainer,
    private readonly explanations: ExplanationRepository,
    @Inject(DRIFT_CONFIG) private readonly config: DriftConfig,
  ) {}

  @Get(':service_id')
  @ApiOperation({
    summary: 'State of a service (to decide a rollout, use GET /v1/gate/{service_id})',
    description:
      'A service whose samples name endpoints is the worst of its endpoints: `endpoints` lists each, `metadata.endpoint` names the ' +
      'one in drift, and `?endpoint=` answers for one endpoint alone.',
  })
  @ApiOkResponse({ type: HealthDto })
  @ApiBadRequestResponse({ type: ErrorDto })
  @ApiNotFoundResponse({ type: ErrorDto, description: 'Unknown service, or unknown endpoint of it' })
  health(@Param('service_id', ServiceIdPipe) serviceId: string, @Query() query: EndpointQueryDto): HealthDto {
    const service = this.registry.get(serviceId);
    if (query.endpoint !== undefined) return toEndpointHealthDto(service.name, this.registry.getEndpoint(service, query.endpoint));
    const dto = toHealthDto(service, this.config.maxEndpointsPerService);
    if (dto.metadata && service.state === HealthState.DRIFT_DETECTED) {
      const onset = this.explanations.lastOnset(service.id);
      dto.metadata.event_id = onset ? onset.id : null;
      dto.metadata.explanation = onset ? this.explainer.explain(onset) : null;
    }
    return dto;
  }
}
