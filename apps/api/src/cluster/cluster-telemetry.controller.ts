import { ClusterIngestionService } from '@app/cluster';
import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBadRequestResponse, ApiBody, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { ErrorDto } from '../common/error.dto';
import { RequireScope } from '../security/require-scope.decorator';
import { TelemetryAcceptedDto, TelemetryBatchAcceptedDto, TelemetryBatchDto, TelemetryDto } from '../telemetry/telemetry.dto';

const CLUSTER_202 =
  'Cluster mode: 202 means durably in the shared sample log; the owner of the service\'s partition scores it once, in arrival order, ' +
  'usually within milliseconds (health and gate report scored_through and pending).';

@ApiTags('telemetry')
@ApiBadRequestResponse({ type: ErrorDto, description: 'Invalid sample; nothing was stored' })
@ApiServiceUnavailableResponse({ type: ErrorDto, description: 'Append queue full or shutting down; see Retry-After' })
@RequireScope('ingest')
@Controller('v1/telemetry')
export class ClusterTelemetryController {
  constructor(private readonly ingestion: ClusterIngestionService) {}

  // The body is validated by the same hand-written validator as in embedded mode; the DTO documents it.
  @Post()
  @HttpCode(202)
  @ApiOperation({ summary: 'Send one sample; 202 once it is durably in the sample log', description: CLUSTER_202 })
  @ApiBody({ type: TelemetryDto })
  @ApiAcceptedResponse({ type: TelemetryAcceptedDto })
  async ingest(@Body() body: unknown): Promise<TelemetryAcceptedDto> {
    const sample = await this.ingestion.ingestOne(body);
    return { status: 'accepted', service_id: sample.serviceId, timestamp: new Date(sample.timeMs).toISOString() };
  }

  @Post('batch')
  @HttpCode(202)
  @ApiOperation({ summary: 'Send up to 10 000 samples; all are appended to the log or none', description: CLUSTER_202 })
  @ApiBody({ type: TelemetryBatchDto })
  @ApiAcceptedResponse({ type: TelemetryBatchAcceptedDto })
  async ingestBatch(@Body() body: unknown): Promise<TelemetryBatchAcceptedDto> {
    return { status: 'accepted', count: await this.ingestion.ingestBatch(body) };
  }
}
