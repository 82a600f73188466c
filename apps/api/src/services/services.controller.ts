import { DetectorRegistry } from '@app/health';
import { IngestionService } from '@app/ingestion';
import { ServiceRepository } from '@app/persistence';
import { BadRequestException, Controller, Delete, Get, HttpCode, Param, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiNoContentResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { ErrorDto } from '../common/error.dto';
import { ServiceIdPipe } from '../common/service-id.pipe';
import { decodeServicesCursor, encodeServicesCursor } from './services-page';
import { DEFAULT_SERVICES_LIMIT, ServiceListDto, ServicesQueryDto, ServiceSummaryDto } from './service-views.dto';
import { toServiceSummaryDto } from './service-views.mapper';

@ApiTags('services')
@Controller('v1/services')
export class ServicesController {
  constructor(
    private readonly registry: DetectorRegistry,
    private readonly serviceRows: ServiceRepository,
    private readonly ingestion: IngestionService,
  ) {}

  @Get()
  @ApiOperation({
    summary: 'Monitored services with their state and sample count, a page at a time',
    description: 'In the order they were first seen. Follow `next_cursor` (pass it as `cursor`) until it is null.',
  })
  @ApiOkResponse({ type: ServiceListDto })
  @ApiBadRequestResponse({ type: ErrorDto, description: 'Invalid limit or cursor' })
  list(@Query() query: ServicesQueryDto): ServiceListDto {
    const limit = query.limit ?? DEFAULT_SERVICES_LIMIT;
    let afterId = 0;
    if (query.cursor !== undefined) {
      const decoded = decodeServicesCursor(query.cursor);
      if (decoded === null) throw new BadRequestException(['cursor must be a next_cursor returned by this API']);
      afterId = decoded;
    }
    // One row more than the page, so next_cursor is null exactly when nothing follows.
    const rows = this.serviceRows.pageAfter(afterId, limit + 1);
    const shown = rows.length > limit ? rows.slice(0, limit) : rows;
    const services: ServiceSummaryDto[] = [];
    for (const row of shown) {
      const service = this.registry.find(row.name);
      if (service) services.push(toServiceSummaryDto(service));
    }
    return { services, next_cursor: rows.length > limit ? encodeServicesCursor(shown[shown.length - 1].id) : null };
  }

  @Delete(':service_id')
  @HttpCode(204)
  @ApiOperation({
    summary: 'Delete a service: its samples, drift events, deployment markers and alert deliveries, and its detector',
    description:
      'Queued behind the samples already accepted for the service and done in the ingestion transaction, so no queued sample ' +
      'is lost or left behind; samples sent after it start a new service. It frees a place under DRIFTWATCH_MAX_SERVICES.',
  })
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiNotFoundResponse({ type: ErrorDto, description: 'Unknown service (or its first samples are still queued)' })
  @ApiServiceUnavailableResponse({ type: ErrorDto, description: 'Queue full or shutting down; see Retry-After' })
  async remove(@Param('service_id', ServiceIdPipe) serviceId: string): Promise<void> {
    await this.ingestion.deleteService(serviceId);
  }
}
