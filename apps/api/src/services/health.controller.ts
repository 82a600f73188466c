import { DetectorRegistry, DriftExplainer, HealthState } from '@app/health';
import { ExplanationRepository } from '@app/persistence';
import { Controller, Get, Param } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ErrorDto } from '../common/error.dto';
import { ServiceIdPipe } from '../common/service-id.pipe';
import { HealthDto } from './service-views.dto';
import { toHealthDto } from './service-views.mapper';

@ApiTags('health')
@Controller('v1/health')
export class HealthController {
  constructor(
    private readonly registry: DetectorRegistry,
    private readonly explainer: DriftExplainer,
    private readonly explanations: ExplanationRepository,
  ) {}

  @Get(':service_id')
  @ApiOperation({ summary: 'State of a service (to decide a rollout, use GET /v1/gate/{service_id})' })
  @ApiOkResponse({ type: HealthDto })
  @ApiNotFoundResponse({ type: ErrorDto })
  health(@Param('service_id', ServiceIdPipe) serviceId: string): HealthDto {
    const service = this.registry.get(serviceId);
    const dto = toHealthDto(service);
    if (dto.metadata && service.state === HealthState.DRIFT_DETECTED) {
      const onset = this.explanations.lastOnset(service.id);
      dto.metadata.event_id = onset ? onset.id : null;
      dto.metadata.explanation = onset ? this.explainer.explain(onset) : null;
    }
    return dto;
  }
}
