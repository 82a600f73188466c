/**
 * The OTLP trace messages as the official generated code (@opentelemetry/otlp-transformer's
 * protobufjs static module, built from opentelemetry-proto) decodes them. Its typings declare only
 * a protobufjs Root, so the shapes DriftWatch reads are spelled out here; decoding itself is
 * entirely the official code's.
 */

/** A 64-bit integer as protobufjs gives it: a Long (toString is exact), or a number/string from JSON. */
export type Int64 = number | string | { toString(): string };

export interface AnyValue {
  stringValue?: string | null;
  intValue?: Int64 | null;
  doubleValue?: number | null;
  boolValue?: boolean | null;
}

export interface KeyValue {
  key: string;
  value?: AnyValue | null;
}

export interface OtlpSpan {
  name: string;
  kind: number;
  startTimeUnixNano: Int64;
  endTimeUnixNano: Int64;
  attributes: KeyValue[];
}

export interface ScopeSpans {
  spans: OtlpSpan[];
}

export interface ResourceSpans {
  resource?: { attributes: KeyValue[] } | null;
  scopeSpans: ScopeSpans[];
}

export interface ExportTraceServiceRequest {
  resourceSpans: ResourceSpans[];
}

/** opentelemetry.proto.trace.v1.Span.SpanKind.SPAN_KIND_SERVER */
export const SPAN_KIND_SERVER = 2;

/** A protobufjs static message codec (the generated classes' statics). */
export interface MessageCodec {
  decode(reader: Uint8Array): unknown;
  fromObject(object: Record<string, unknown>): unknown;
  encode(message: unknown): { finish(): Uint8Array };
  toObject(message: unknown, options?: Record<string, unknown>): Record<string, unknown>;
}
