import { DetectorRegistry } from '@app/health';
import { Controller, Get, Param } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ErrorDto } from '../common/error.dto';
import { ServiceIdPipe } from '../common/service-id.pipe';
import { HealthDto } from './service-views.dto';
import { toHealthDto } from './service-views.mapper';

@ApiTags('health')
@Controller('v1/health')
export class HealthController {
  constructor(private readonly registry: DetectorRegistry) {}

  @Get(':service_id')
  @ApiOperation({ summary: 'State of a service (to decide a rollout, use GET /v1/gate/{service_id})' })
  @ApiOkResponse({ type: HealthDto })
  @ApiNotFoundResponse({ type: ErrorDto })
  health(@Param('service_id', ServiceIdPipe) serviceId: string): HealthDto {
    return toHealthDto(this.registry.get(serviceId));
  }
}
