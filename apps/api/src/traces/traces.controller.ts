import { encodeTraceResponse, OtlpEncoding, OtlpTraceIngestion } from '@app/ingestion';
import { Controller, HttpCode, Post, Req, Res, UnsupportedMediaTypeException } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBody,
  ApiConsumes,
  ApiOkResponse,
  ApiOperation,
  ApiServiceUnavailableResponse,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnsupportedMediaTypeResponse,
} from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { ErrorDto } from '../common/error.dto';
import { RequireScope } from '../security/require-scope.decorator';
import { ExportTraceServiceResponseDto, TRACES_BODY_EXAMPLE, TRACES_DESCRIPTION } from './traces.dto';

const ENCODINGS: Record<string, OtlpEncoding> = { 'application/json': 'json', 'application/x-protobuf': 'protobuf' };

@ApiTags('opentelemetry')
@RequireScope('ingest')
@Controller('v1/traces')
export class TracesController {
  constructor(private readonly otlp: OtlpTraceIngestion) {}

  @Post()
  @HttpCode(200)
  @ApiOperation({ summary: 'OpenTelemetry in: OTLP/HTTP traces; each server span becomes a sample', description: TRACES_DESCRIPTION })
  @ApiConsumes('application/json', 'application/x-protobuf')
  @ApiBody({ description: 'ExportTraceServiceRequest (OTLP JSON shown; or its protobuf encoding)', schema: { type: 'object', example: TRACES_BODY_EXAMPLE } })
  @ApiOkResponse({
    type: ExportTraceServiceResponseDto,
    description: 'Stored; partialSuccess counts server spans that could not be used (late ones, beyond DRIFTWATCH_MAX_OUT_OF_ORDER_SECONDS, included)',
  })
  @ApiBadRequestResponse({ type: ErrorDto, description: 'Not an OTLP trace export, or more server spans than BATCH_MAX_SAMPLES; nothing was stored' })
  @ApiUnsupportedMediaTypeResponse({ type: ErrorDto, description: 'Content-Type other than application/json or application/x-protobuf' })
  @ApiTooManyRequestsResponse({ type: ErrorDto, description: 'A new service beyond DRIFTWATCH_MAX_SERVICES; nothing was stored' })
  @ApiServiceUnavailableResponse({ type: ErrorDto, description: 'Queue full or shutting down; retry after Retry-After (OTLP exporters do)' })
  async export(@Req() req: Request, @Res() res: Response): Promise<void> {
    const type = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
    const encoding = ENCODINGS[type];
    if (!encoding) {
      throw new UnsupportedMediaTypeException(
        `Content-Type must be application/x-protobuf or application/json (OTLP/HTTP), got ${type === '' ? 'none' : `'${type}'`}`,
      );
    }
    // The protobuf body arrives as a Buffer (raw parser), JSON already parsed (JSON parser); an empty body as neither.
    const body = encoding === 'protobuf' && !Buffer.isBuffer(req.body) ? Buffer.alloc(0) : req.body;
    const result = await this.otlp.ingest(body, encoding);
    const answer = encodeTraceResponse(result, encoding);
    res.setHeader('Cache-Control', 'no-store');
    if (Buffer.isBuffer(answer)) res.status(200).type('application/x-protobuf').send(answer);
    else res.status(200).json(answer);
  }
}
