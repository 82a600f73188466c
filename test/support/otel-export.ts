/**
 * A real OpenTelemetry client, run as its own process by otlp-traces.e2e-spec.ts (the OTLP
 * exporters load their HTTP transport with a dynamic import, which Jest's module sandbox cannot
 * run). It records server spans with the SDK's BasicTracerProvider, the way HTTP server
 * instrumentation records them, exports them with the OTLP exporter named in the job, and prints
 * the exporter's result as one JSON line.
 *
 * Usage: node -r ts-node/register test/support/otel-export.ts <job.json>
 */
import { SpanKind } from '@opentelemetry/api';
import { ExportResult, ExportResultCode } from '@opentelemetry/core';
import { OTLPTraceExporter as OtlpHttpJsonExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { OTLPTraceExporter as OtlpProtoExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { CompressionAlgorithm } from '@opentelemetry/otlp-exporter-base';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, InMemorySpanExporter, ReadableSpan, SimpleSpanProcessor, SpanExporter } from '@opentelemetry/sdk-trace-base';
import { ATTR_HTTP_REQUEST_METHOD, ATTR_HTTP_ROUTE, ATTR_SERVICE_NAME } from '@opentelemetry/semantic-conventions';
import { readFileSync } from 'node:fs';

// Experimental (incubating) semantic convention, spelled out: the stable entry point does not export it.
const HTTP_RESPONSE_BODY_SIZE = 'http.response.body.size';

export interface FakeRequest {
  kind: 'server' | 'client';
  name: string;
  route?: string;
  method?: string;
  latencyMs: number;
  bytes?: number;
  endMs: number;
}

export interface ExportJob {
  url: string;
  exporter: 'proto' | 'json';
  gzip: boolean;
  serviceName: string;
  requests: FakeRequest[];
}

function recordSpans(job: ExportJob): ReadableSpan[] {
  const memory = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ [ATTR_SERVICE_NAME]: job.serviceName }),
    spanProcessors: [new SimpleSpanProcessor(memory)],
  });
  const tracer = provider.getTracer('driftwatch-e2e');
  for (const r of job.requests) {
    const attributes: Record<string, string | number> = {};
    if (r.method) attributes[ATTR_HTTP_REQUEST_METHOD] = r.method;
    if (r.route) attributes[ATTR_HTTP_ROUTE] = r.route;
    if (r.bytes !== undefined) attributes[HTTP_RESPONSE_BODY_SIZE] = r.bytes;
    const kind = r.kind === 'server' ? SpanKind.SERVER : SpanKind.CLIENT;
    const span = tracer.startSpan(r.name, { kind, startTime: new Date(r.endMs - r.latencyMs), attributes });
    span.end(new Date(r.endMs));
  }
  return memory.getFinishedSpans();
}

async function main(): Promise<void> {
  const job = JSON.parse(readFileSync(process.argv[2], 'utf8')) as ExportJob;
  const config = { url: job.url, compression: job.gzip ? CompressionAlgorithm.GZIP : CompressionAlgorithm.NONE };
  const exporter: SpanExporter = job.exporter === 'proto' ? new OtlpProtoExporter(config) : new OtlpHttpJsonExporter(config);
  const spans = recordSpans(job);
  const result = await new Promise<ExportResult>((resolve) => exporter.export(spans, resolve));
  await exporter.shutdown();
  process.stdout.write(
    `${JSON.stringify({ success: result.code === ExportResultCode.SUCCESS, spans: spans.length, error: result.error?.message ?? null })}\n`,
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
