import { DetectorRegistry } from '@app/health';
import { IngestionService } from '@app/ingestion';
import { Controller, Get, HttpCode, NotFoundException, Param, Post } from '@nestjs/common';
import { ApiAcceptedResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ErrorDto } from '../common/error.dto';
import { ServiceIdPipe } from '../common/service-id.pipe';
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
  @ApiOperation({ summary: 'The baseline snapshot the service is scored against' })
  @ApiOkResponse({ type: BaselineDto })
  @ApiNotFoundResponse({ type: ErrorDto, description: 'Unknown service, or no baseline yet (says how many samples are needed)' })
  baseline(@Param('service_id', ServiceIdPipe) serviceId: string): BaselineDto {
    const detector = this.registry.get(serviceId).detector;
    if (!detector.snapshot) {
      throw new NotFoundException(
        `No baseline yet for '${serviceId}': ${detector.samplesUntilBaseline} more sample(s) needed`,
      );
    }
    return toBaselineDto(serviceId, detector.snapshot);
  }

  @Post(':service_id/reset')
  @HttpCode(202)
  @ApiOperation({ summary: 'Accept a new normal: forget the baseline and relearn (recorded as an event)' })
  @ApiAcceptedResponse({ type: ResetAcceptedDto })
  @ApiNotFoundResponse({ type: ErrorDto })
  async reset(@Param('service_id', ServiceIdPipe) serviceId: string): Promise<ResetAcceptedDto> {
    await this.ingestion.resetBaseline(serviceId);
    const detector = this.registry.get(serviceId).detector;
    return { service_id: serviceId, state: detector.state, samples_needed: detector.samplesUntilBaseline };
  }
}
