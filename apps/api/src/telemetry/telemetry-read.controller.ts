import { DRIFT_CONFIG, DriftConfig } from '@app/config';
import { DetectorRegistry } from '@app/health';
import { TelemetryBucketsRepository } from '@app/persistence';
import { BadRequestException, Controller, Get, Inject, Param, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ErrorDto } from '../common/error.dto';
import { ServiceIdPipe } from '../common/service-id.pipe';
import { TelemetryReadQueryDto, TelemetrySeriesDto } from './telemetry-read.dto';
import { toTelemetrySeriesDto } from './telemetry-read.mapper';
import { resolveTelemetryRange } from './telemetry-range-query';

@ApiTags('telemetry')
@Controller('v1/telemetry')
export class TelemetryReadController {
  constructor(
    @Inject(DRIFT_CONFIG) private readonly config: DriftConfig,
    private readonly registry: DetectorRegistry,
    private readonly buckets: TelemetryBucketsRepository,
  ) {}

  @Get(':service_id')
  @ApiOperation({
    summary: 'Stored telemetry of a service, downsampled: count, min, mean, max per bucket, with the expected band',
    description:
      'Every bucket of the range is returned (empty ones with count 0 and null values), as columns ready for a chart. ' +
      "The band is the service's current model of normal (centre and ± z_limit scales; per hour of the day or week when the model uses a season).",
  })
  @ApiOkResponse({ type: TelemetrySeriesDto })
  @ApiBadRequestResponse({ type: ErrorDto, description: 'Bad from, to or step; from not before to; too many buckets; a sub-minute step over a long range' })
  @ApiNotFoundResponse({ type: ErrorDto, description: 'Unknown service' })
  read(@Param('service_id', ServiceIdPipe) serviceId: string, @Query() query: TelemetryReadQueryDto): TelemetrySeriesDto {
    const range = resolveTelemetryRange(query, Date.now(), this.config);
    if ('errors' in range) throw new BadRequestException(range.errors);
    const service = this.registry.get(serviceId);
    const rows = this.buckets.read(service.id, range.fromMs, range.toMs, range.stepMs);
    return toTelemetrySeriesDto(serviceId, range, rows, service.detector.snapshot, this.config.driftZscoreThreshold);
  }
}
