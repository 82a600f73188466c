import { IngestionService } from '@app/ingestion';
import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBadRequestResponse, ApiBody, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { ErrorDto } from '../common/error.dto';
import { RequireScope } from '../security/require-scope.decorator';
import { TelemetryAcceptedDto, TelemetryBatchAcceptedDto, TelemetryBatchDto, TelemetryDto } from './telemetry.dto';

@ApiTags('telemetry')
@ApiBadRequestResponse({ type: ErrorDto, description: 'Invalid sample; nothing was stored' })
@ApiServiceUnavailableResponse({ type: ErrorDto, description: 'Queue full or shutting down; see Retry-After' })
@RequireScope('ingest')
@Controller('v1/telemetry')
export class TelemetryController {
  constructor(private readonly ingestion: IngestionService) {}

  // The body is typed `unknown` on purpose: IngestionService validates it (same rules as the DTO)
  // at a fraction of class-validator's cost; the DTO documents it.
  @Post()
  @HttpCode(202)
  @ApiOperation({ summary: 'Send one sample; 202 once it is committed and scored' })
  @ApiBody({ type: TelemetryDto })
  @ApiAcceptedResponse({ type: TelemetryAcceptedDto })
  async ingest(@Body() body: unknown): Promise<TelemetryAcceptedDto> {
    const sample = await this.ingestion.ingestOne(body);
    return { status: 'accepted', service_id: sample.serviceId, timestamp: new Date(sample.timeMs).toISOString() };
  }

  @Post('batch')
  @HttpCode(202)
  @ApiOperation({ summary: 'Send up to 10 000 samples; all are stored or none (errors name index and field)' })
  @ApiBody({ type: TelemetryBatchDto })
  @ApiAcceptedResponse({ type: TelemetryBatchAcceptedDto })
  async ingestBatch(@Body() body: unknown): Promise<TelemetryBatchAcceptedDto> {
    return { status: 'accepted', count: await this.ingestion.ingestBatch(body) };
  }
}
