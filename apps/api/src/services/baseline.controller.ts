import { DetectorRegistry } from '@app/health';
import { IngestionService } from '@app/ingestion';
import { Controller, Get, HttpCode, NotFoundException, Param, Post, Query } from '@nestjs/common';
import { ApiAcceptedResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ErrorDto } from '../common/error.dto';
import { ServiceIdPipe } from '../common/service-id.pipe';
import { EndpointQueryDto } from './endpoint-query.dto';
import { BaselineDto, ResetAcceptedDto } from './service-views.dto';
import { toBaselineDto } from './service-views.mapper';

@ApiTags('baseline')
@Controller('v1/baseline')
export class BaselineController {
  constructor(
    private readonly registry: DetectorRegistry,
    private readonly ingestion: IngestionService,
  ) {}

  @Get(':service_id')
  @ApiOperation({
    summary: 'The baseline snapshot the service is scored against',
    description: "Without `endpoint`: the baseline of the service's samples that name no endpoint; with it, that endpoint's.",
  })
  @ApiOkResponse({ type: BaselineDto })
  @ApiNotFoundResponse({ type: ErrorDto, description: 'Unknown service or endpoint, or no baseline yet (says how many samples are needed)' })
  baseline(@Param('service_id', ServiceIdPipe) serviceId: string, @Query() query: EndpointQueryDto): BaselineDto {
    const service = this.registry.get(serviceId);
    const detector = (query.endpoint === undefined ? service : this.registry.getEndpoint(service, query.endpoint)).detector;
    const what = query.endpoint === undefined ? `'${serviceId}'` : `endpoint '${query.endpoint}' of '${serviceId}'`;
    if (!detector.snapshot) {
      throw new NotFoundException(`No baseline yet for ${what}: ${detector.samplesUntilBaseline} more sample(s) needed`);
    }
    const dto = toBaselineDto(serviceId, detector.snapshot);
    return query.endpoint === undefined ? dto : { ...dto, endpoint: query.endpoint };
  }

  @Post(':service_id/reset')
  @HttpCode(202)
  @ApiOperation({ summary: 'Accept a new normal: forget the baseline and relearn (recorded as an event)' })
  @ApiAcceptedResponse({ type: ResetAcceptedDto })
  @ApiNotFoundResponse({ type: ErrorDto })
  async reset(@Param('service_id', ServiceIdPipe) serviceId: string): Promise<ResetAcceptedDto> {
    await this.ingestion.resetBaseline(serviceId);
    const service = this.registry.get(serviceId);
    return { service_id: serviceId, state: service.state, samples_needed: service.samplesUntilBaseline };
  }
}
