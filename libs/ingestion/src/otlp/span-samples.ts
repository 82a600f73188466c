import type { SampleValidator } from '../sample-validator';
import type { TelemetrySample } from '../telemetry-sample';
import { AnyValue, ExportTraceServiceRequest, Int64, KeyValue, OtlpSpan, SPAN_KIND_SERVER } from './otlp-messages';

/** What a trace export turns into: one sample per usable server span, and why the others were refused. */
export interface SpanSamples {
  samples: TelemetrySample[];
  /** Server spans that could not be used (no service.name, bad times, out of limits). */
  rejected: number;
  /** The first few reasons, for the OTLP partial-success message. */
  problems: string[];
  /** Spans of other kinds (client, internal, …): not requests served, so not samples; not an error. */
  skipped: number;
}

const MAX_PROBLEMS = 5;
const NS_PER_MS = 1_000_000n;
const BYTES_PER_KB = 1024;
// Semantic conventions: the stable names first, then the older ones SDKs still emit.
const METHOD_KEYS = ['http.request.method', 'http.method'];
const RESPONSE_SIZE_KEYS = ['http.response.body.size', 'http.response_content_length'];

const toBigInt = (v: Int64): bigint => BigInt(typeof v === 'number' ? Math.trunc(v) : v.toString());

function attribute(attributes: readonly KeyValue[], keys: readonly string[]): AnyValue | null {
  for (const key of keys) {
    const kv = attributes.find((a) => a.key === key);
    if (kv?.value) return kv.value;
  }
  return null;
}

function text(value: AnyValue | null): string | null {
  return value && typeof value.stringValue === 'string' && value.stringValue !== '' ? value.stringValue : null;
}

/** A size attribute as a number; one that is not a number is as good as absent (the span still has its latency). */
function numeric(value: AnyValue | null): number | null {
  if (!value) return null;
  let n: number | null = null;
  if (value.intValue !== undefined && value.intValue !== null) n = Number(value.intValue.toString());
  else if (typeof value.doubleValue === 'number') n = value.doubleValue;
  // Some instrumentations send sizes as strings.
  else if (typeof value.stringValue === 'string' && value.stringValue.trim() !== '') n = Number(value.stringValue);
  return n !== null && Number.isFinite(n) ? n : null;
}

/**
 * The endpoint of a server span: method and route ("POST /pay") when the instrumentation knows
 * the route, else the span name (which instrumentations set to the route or the operation).
 * Cut to the longest accepted endpoint rather than refused: a long name is still this endpoint.
 */
function endpointOf(span: OtlpSpan, maxLength: number): string {
  const route = text(attribute(span.attributes, ['http.route']));
  const method = text(attribute(span.attributes, METHOD_KEYS));
  const name = route ? (method ? `${method} ${route}` : route) : span.name;
  return name.length > maxLength ? name.slice(0, maxLength) : name;
}

/**
 * Turns every SERVER span of a trace export into a telemetry sample, validated by the same rules
 * as POST /v1/telemetry: service_id = the resource's `service.name`, endpoint as above,
 * latency_ms = end − start, timestamp = end, payload_kb = the response body size in kB when
 * the span records it (else none: the payload rules do not run for that service).
 */
export function spansToSamples(
  request: ExportTraceServiceRequest,
  validator: SampleValidator,
  endpointMaxLength: number,
  nowMs: number,
): SpanSamples {
  const out: SpanSamples = { samples: [], rejected: 0, problems: [], skipped: 0 };
  const reject = (problem: string) => {
    out.rejected++;
    if (out.problems.length < MAX_PROBLEMS) out.problems.push(problem);
  };
  for (const resourceSpans of request.resourceSpans ?? []) {
    const serviceName = text(attribute(resourceSpans.resource?.attributes ?? [], ['service.name']));
    for (const scopeSpans of resourceSpans.scopeSpans ?? []) {
      for (const span of scopeSpans.spans ?? []) {
        if (span.kind !== SPAN_KIND_SERVER) {
          out.skipped++;
          continue;
        }
        if (!serviceName) {
          reject(`span "${span.name}": its resource has no service.name`);
          continue;
        }
        const startNs = toBigInt(span.startTimeUnixNano ?? 0);
        const endNs = toBigInt(span.endTimeUnixNano ?? 0);
        if (startNs <= 0n || endNs < startNs) {
          reject(`span "${span.name}" of ${serviceName}: end time must be at or after a non-zero start time`);
          continue;
        }
        const durationNs = endNs - startNs;
        const latencyMs = Number(durationNs / NS_PER_MS) + Number(durationNs % NS_PER_MS) / 1e6;
        const sizeBytes = numeric(attribute(span.attributes, RESPONSE_SIZE_KEYS));
        const raw: Record<string, unknown> = {
          service_id: serviceName,
          endpoint: endpointOf(span, endpointMaxLength),
          latency_ms: latencyMs,
          timestamp: new Date(Number(endNs / NS_PER_MS)).toISOString(),
        };
        if (sizeBytes !== null) raw.payload_kb = sizeBytes / BYTES_PER_KB;
        const errors: string[] = [];
        const sample = validator.validate(raw, nowMs, errors);
        if (sample) out.samples.push(sample);
        else reject(`span "${span.name}" of ${serviceName}: ${errors.join('; ')}`);
      }
    }
  }
  return out;
}
