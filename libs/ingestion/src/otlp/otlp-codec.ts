import type { ExportTraceServiceRequest, MessageCodec } from './otlp-messages';

// The official generated protobuf code of the OpenTelemetry JS SDK (opentelemetry-proto compiled by
// protobufjs); the package has no exports map, so its build path is stable to require.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const root = require('@opentelemetry/otlp-transformer/build/src/generated/root') as {
  opentelemetry: { proto: { collector: { trace: { v1: Record<'ExportTraceServiceRequest' | 'ExportTraceServiceResponse', MessageCodec> } } } };
};
const traceService = root.opentelemetry.proto.collector.trace.v1;

/** A body that is not an OTLP ExportTraceServiceRequest (HTTP 400; nothing was stored). */
export class OtlpDecodeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OtlpDecodeError';
  }
}

export type OtlpEncoding = 'json' | 'protobuf';

/**
 * Decodes an OTLP/HTTP trace export. Protobuf (a Buffer) goes through the generated decoder;
 * JSON (the OTLP JSON mapping: lowerCamelCase fields, enums as numbers or names, 64-bit integers
 * as strings or numbers; a Buffer, or already parsed by the API's JSON body parser) through the
 * same message's fromObject, so both yield the same message.
 */
export function decodeTraceRequest(body: unknown, encoding: OtlpEncoding): ExportTraceServiceRequest {
  try {
    if (encoding === 'protobuf') {
      if (!Buffer.isBuffer(body)) throw new Error('expected a binary body');
      return traceService.ExportTraceServiceRequest.decode(body) as ExportTraceServiceRequest;
    }
    const parsed: unknown = Buffer.isBuffer(body) ? JSON.parse(body.toString('utf8')) : body;
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('expected a JSON object');
    return traceService.ExportTraceServiceRequest.fromObject(parsed as Record<string, unknown>) as ExportTraceServiceRequest;
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    throw new OtlpDecodeError(`body is not an OTLP ExportTraceServiceRequest in ${encoding === 'json' ? 'JSON' : 'protobuf'}: ${why}`);
  }
}

/** The OTLP answer: empty when every span was used, else partial success with the count and why. */
export interface TraceExportResult {
  rejectedSpans: number;
  errorMessage: string;
}

export function encodeTraceResponse(result: TraceExportResult, encoding: OtlpEncoding): Buffer | Record<string, unknown> {
  const partialSuccess = result.rejectedSpans > 0 || result.errorMessage !== '' ? { rejectedSpans: result.rejectedSpans, errorMessage: result.errorMessage } : null;
  if (encoding === 'json') return partialSuccess ? { partialSuccess } : {};
  const message = traceService.ExportTraceServiceResponse.fromObject(partialSuccess ? { partialSuccess } : {});
  return Buffer.from(traceService.ExportTraceServiceResponse.encode(message).finish());
}
