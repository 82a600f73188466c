import { Answered, IngestionService } from '@app/ingestion';
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
import { TelemetryAcceptedDto, TelemetryBatchAcceptedDto, TelemetryBatchDto, TelemetryDto } from './telemetry.dto';

export const IDEMPOTENCY_KEY_DOC =
  'Optional, any 1-255 printable ASCII characters (a UUID is typical). A retry with the same key within ' +
  'DRIFTWATCH_IDEMPOTENCY_TTL_HOURS gets the first 202 answer (with `Idempotent-Replayed: true`) and stores nothing; ' +
  'the same key with another body or route gets 422. Refused requests are not remembered.';

/** Sent with a replayed answer, so a client can tell a retry's answer from a first one. */
export const REPLAYED_HEADER = 'Idempotent-Replayed';

@ApiTags('telemetry')
@ApiHeader({ name: 'Idempotency-Key', required: false, description: IDEMPOTENCY_KEY_DOC })
@ApiBadRequestResponse({ type: ErrorDto, description: 'Invalid sample, or a sample too late (DRIFTWATCH_MAX_OUT_OF_ORDER_SECONDS); nothing was stored' })
@ApiUnprocessableEntityResponse({ type: ErrorDto, description: 'Idempotency-Key already used with a different request; nothing was stored' })
@ApiTooManyRequestsResponse({ type: ErrorDto, description: 'A new service beyond DRIFTWATCH_MAX_SERVICES; nothing was stored' })
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
  async ingest(
    @Body() body: unknown,
    @Headers('idempotency-key') key: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ): Promise<TelemetryAcceptedDto> {
    return answer(res, await this.ingestion.ingestOne(body, Date.now(), key));
  }

  @Post('batch')
  @HttpCode(202)
  @ApiOperation({ summary: 'Send up to 10 000 samples; all are stored or none (errors name index and field)' })
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

/** The answer, with Idempotent-Replayed: true when it is a retry's (also the cluster controller's). */
export function answer<T>(res: Response, answered: Answered<T>): T {
  if (answered.replayed) res.setHeader(REPLAYED_HEADER, 'true');
  return answered.answer;
}
