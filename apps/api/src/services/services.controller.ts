import { DetectorRegistry } from '@app/health';
import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ServiceListDto } from './service-views.dto';
import { toServiceSummaryDto } from './service-views.mapper';

@ApiTags('services')
@Controller('v1/services')
export class ServicesController {
  constructor(private readonly registry: DetectorRegistry) {}

  @Get()
  @ApiOperation({ summary: 'Every monitored service with its state and sample count' })
  @ApiOkResponse({ type: ServiceListDto })
  list(): ServiceListDto {
    return { services: Array.from(this.registry.all(), toServiceSummaryDto) };
  }
}
