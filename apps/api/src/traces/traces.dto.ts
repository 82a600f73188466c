import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class ExportTracePartialSuccessDto {
  @ApiProperty({ example: 2, description: 'Server spans that could not be used (the others were stored)' })
  rejectedSpans: number;
  @ApiProperty({ example: 'span "GET /x": its resource has no service.name', description: 'Why, for the first few' })
  errorMessage: string;
}

/** OTLP ExportTraceServiceResponse, in JSON (a protobuf request gets it protobuf-encoded). */
export class ExportTraceServiceResponseDto {
  @ApiPropertyOptional({ type: ExportTracePartialSuccessDto, description: 'Absent when every server span was used' })
  partialSuccess?: ExportTracePartialSuccessDto;
}

export const TRACES_DESCRIPTION =
  'OTLP/HTTP trace export (what an OpenTelemetry SDK or Collector `otlphttp` exporter sends), as protobuf ' +
  '(Content-Type application/x-protobuf) or JSON (application/json); gzip Content-Encoding is honoured. Each SERVER span ' +
  'becomes a sample: service_id = resource attribute service.name, endpoint = http.request.method (or http.method) + ' +
  'http.route, else the span name, latency_ms = end − start, timestamp = end, payload_kb = http.response.body.size ' +
  '(or http.response_content_length) / 1024 when present. Other span kinds are ignored. The samples go through the same ' +
  'validation, service cap and queue as POST /v1/telemetry/batch and are stored in one transaction before the answer. 200 with an ' +
  'ExportTraceServiceResponse (partialSuccess counts the server spans that could not be used, spans more than ' +
  'DRIFTWATCH_MAX_OUT_OF_ORDER_SECONDS older than their service\'s newest included); 400 for an undecodable ' +
  'body; 415 for another Content-Type; 429 for a new service beyond DRIFTWATCH_MAX_SERVICES; 503 + Retry-After when the queue is full.';

export const TRACES_BODY_EXAMPLE = {
  resourceSpans: [
    {
      resource: { attributes: [{ key: 'service.name', value: { stringValue: 'checkout-api' } }] },
      scopeSpans: [
        {
          spans: [
            {
              traceId: '5b8efff798038103d269b633813fc60c',
              spanId: 'eee19b7ec3c1b174',
              name: 'POST /pay',
              kind: 2,
              startTimeUnixNano: '1764662400000000000',
              endTimeUnixNano: '1764662400156700000',
              attributes: [
                { key: 'http.request.method', value: { stringValue: 'POST' } },
                { key: 'http.route', value: { stringValue: '/pay' } },
                { key: 'http.response.body.size', value: { intValue: '2355' } },
              ],
            },
          ],
        },
      ],
    },
  ],
};
