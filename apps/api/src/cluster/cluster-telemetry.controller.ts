import { ClusterIngestionService } from '@app/cluster';
import { Body, Controller, Headers, HttpCode, Post, Res } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBadRequestResponse,
  ApiBody,
  ApiHeader,
  ApiOperation,
  ApiServiceUnavailableResponse,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { ErrorDto } from '../common/error.dto';
import { RequireScope } from '../security/require-scope.decorator';
import { answer, IDEMPOTENCY_KEY_DOC } from '../telemetry/telemetry.controller';
import { TelemetryAcceptedDto, TelemetryBatchAcceptedDto, TelemetryBatchDto, TelemetryDto } from '../telemetry/telemetry.dto';

const CLUSTER_202 =
  'Cluster mode: 202 means durably in the shared sample log; the owner of the service\'s partition scores it once, in arrival order, ' +
  'usually within milliseconds (health and gate report scored_through and pending).';

@ApiTags('telemetry')
@ApiHeader({ name: 'Idempotency-Key', required: false, description: IDEMPOTENCY_KEY_DOC })
@ApiBadRequestResponse({ type: ErrorDto, description: 'Invalid sample, or a sample too late (DRIFTWATCH_MAX_OUT_OF_ORDER_SECONDS); nothing was stored' })
@ApiUnprocessableEntityResponse({ type: ErrorDto, description: 'Idempotency-Key already used with a different request; nothing was stored' })
@ApiTooManyRequestsResponse({ type: ErrorDto, description: 'A new service beyond DRIFTWATCH_MAX_SERVICES; nothing was stored' })
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
  async ingest(
    @Body() body: unknown,
    @Headers('idempotency-key') key: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ): Promise<TelemetryAcceptedDto> {
    return answer(res, await this.ingestion.ingestOne(body, Date.now(), key));
  }

  @Post('batch')
  @HttpCode(202)
  @ApiOperation({ summary: 'Send up to 10 000 samples; all are appended to the log or none', description: CLUSTER_202 })
  @ApiBody({ type: TelemetryBatchDto })
  @ApiAcceptedResponse({ type: TelemetryBatchAcceptedDto })
  async ingestBatch(
    @Body() body: unknown,
    @Headers('idempotency-key') key: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ): Promise<TelemetryBatchAcceptedDto> {
    return answer(res, await this.ingestion.ingestBatch(body, Date.now(), key));
  }
}
