import { DRIFT_CONFIG_DEFAULTS } from '@app/config';
import { SampleValidator } from '../sample-validator';
import { decodeTraceRequest, encodeTraceResponse } from './otlp-codec';
import { spansToSamples } from './span-samples';

const NOW = Date.parse('2026-12-02T09:00:00Z');
const ns = (ms: number, extraNs = 0) => `${BigInt(ms) * 1_000_000n + BigInt(extraNs)}`;
const str = (key: string, value: string) => ({ key, value: { stringValue: value } });

function exportOf(spans: Record<string, unknown>[], resource = [str('service.name', 'checkout-api')]) {
  return decodeTraceRequest({ resourceSpans: [{ resource: { attributes: resource }, scopeSpans: [{ spans }] }] }, 'json');
}

describe('spansToSamples', () => {
  const validator = new SampleValidator(DRIFT_CONFIG_DEFAULTS);
  const max = DRIFT_CONFIG_DEFAULTS.endpointMaxLength;
  const end = NOW - 1000;

  it('should turn a server span into a sample: method + route, end − start to the nanosecond, end time, size in kB', () => {
    const request = exportOf([
      {
        name: 'POST /pay',
        kind: 2,
        startTimeUnixNano: ns(end - 156, -700_000),
        endTimeUnixNano: ns(end),
        attributes: [str('http.request.method', 'POST'), str('http.route', '/pay'), { key: 'http.response.body.size', value: { intValue: '2048' } }],
      },
    ]);
    const out = spansToSamples(request, validator, max, NOW);
    expect(out).toMatchObject({ rejected: 0, skipped: 0, problems: [] });
    expect(out.samples).toEqual([{ serviceId: 'checkout-api', endpoint: 'POST /pay', latency: 156.7, payload: 2, timeMs: end }]);
  });

  it('should read the older conventions, fall back to the span name, and leave the payload out without a size', () => {
    const request = exportOf([
      { name: 'x', kind: 2, startTimeUnixNano: ns(end - 5), endTimeUnixNano: ns(end), attributes: [str('http.method', 'GET'), str('http.route', '/a'), { key: 'http.response_content_length', value: { doubleValue: 512 } }] },
      { name: 'checkout', kind: 2, startTimeUnixNano: ns(end - 5), endTimeUnixNano: ns(end), attributes: [] },
    ]);
    const [a, b] = spansToSamples(request, validator, max, NOW).samples;
    expect(a).toMatchObject({ endpoint: 'GET /a', payload: 0.5 });
    expect(b.endpoint).toBe('checkout');
    expect(b.payload).toBeNaN();
  });

  it('should skip other span kinds and reject, with a reason, server spans it cannot use', () => {
    const request = exportOf([
      { name: 'db', kind: 3, startTimeUnixNano: ns(end - 5), endTimeUnixNano: ns(end) },
      { name: 'backwards', kind: 2, startTimeUnixNano: ns(end), endTimeUnixNano: ns(end - 5) },
      { name: 'ancient', kind: 2, startTimeUnixNano: ns(end - 30 * 86_400_000 - 5), endTimeUnixNano: ns(end - 30 * 86_400_000) },
    ]);
    const out = spansToSamples(request, validator, max, NOW);
    expect(out).toMatchObject({ samples: [], skipped: 1, rejected: 2 });
    expect(out.problems[0]).toContain('span "backwards" of checkout-api: end time must be at or after');
    expect(out.problems[1]).toContain('span "ancient" of checkout-api: timestamp must not be older than the 7-day retention period');
  });

  it('should reject spans of a resource without service.name or with one that is not a valid service_id', () => {
    const span = { name: 'GET /', kind: 2, startTimeUnixNano: ns(end - 5), endTimeUnixNano: ns(end) };
    expect(spansToSamples(exportOf([span], []), validator, max, NOW).problems).toEqual(['span "GET /": its resource has no service.name']);
    expect(spansToSamples(exportOf([span], [str('service.name', 'my service')]), validator, max, NOW).problems[0]).toContain('service_id must start with');
  });

  it('should take a span whose size attribute is not a number as one without a payload', () => {
    const request = exportOf([{ name: 'GET /', kind: 2, startTimeUnixNano: ns(end - 5), endTimeUnixNano: ns(end), attributes: [{ key: 'http.response.body.size', value: { stringValue: 'lots' } }] }]);
    const out = spansToSamples(request, validator, max, NOW);
    expect(out.rejected).toBe(0);
    expect(out.samples[0].payload).toBeNaN();
  });

  it('should cut a span name longer than an endpoint may be', () => {
    const request = exportOf([{ name: 'n'.repeat(max + 50), kind: 2, startTimeUnixNano: ns(end - 5), endTimeUnixNano: ns(end) }]);
    expect(spansToSamples(request, validator, max, NOW).samples[0].endpoint).toHaveLength(max);
  });
});

describe('OTLP codec', () => {
  it('should decode the protobuf encoding of a request to the same message as its JSON', () => {
    const json = { resourceSpans: [{ resource: { attributes: [str('service.name', 'a')] }, scopeSpans: [{ spans: [{ name: 's', kind: 2, startTimeUnixNano: '1', endTimeUnixNano: '2' }] }] }] };
    const fromJson = decodeTraceRequest(json, 'json');
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const root = require('@opentelemetry/otlp-transformer/build/src/generated/root');
    const bytes = Buffer.from(root.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest.encode(fromJson).finish());
    const fromProto = decodeTraceRequest(bytes, 'protobuf');
    expect(fromProto.resourceSpans[0].scopeSpans[0].spans[0]).toMatchObject({ name: 's', kind: 2 });
    expect(String(fromProto.resourceSpans[0].scopeSpans[0].spans[0].endTimeUnixNano)).toBe('2');
  });

  it('should refuse what is not an export request', () => {
    expect(() => decodeTraceRequest(Buffer.from([0xff, 0xff, 0xff]), 'protobuf')).toThrow('not an OTLP ExportTraceServiceRequest in protobuf');
    expect(() => decodeTraceRequest([1, 2], 'json')).toThrow('expected a JSON object');
    expect(() => decodeTraceRequest({ resourceSpans: 5 }, 'json')).toThrow('in JSON');
  });

  it('should answer {} when all was used, and a partial success otherwise, in both encodings', () => {
    expect(encodeTraceResponse({ rejectedSpans: 0, errorMessage: '' }, 'json')).toEqual({});
    expect(encodeTraceResponse({ rejectedSpans: 2, errorMessage: 'why' }, 'json')).toEqual({ partialSuccess: { rejectedSpans: 2, errorMessage: 'why' } });
    const bytes = encodeTraceResponse({ rejectedSpans: 2, errorMessage: 'why' }, 'protobuf') as Buffer;
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const root = require('@opentelemetry/otlp-transformer/build/src/generated/root');
    const decoded = root.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse.decode(bytes);
    expect(Number(decoded.partialSuccess.rejectedSpans)).toBe(2);
    expect(decoded.partialSuccess.errorMessage).toBe('why');
    expect((encodeTraceResponse({ rejectedSpans: 0, errorMessage: '' }, 'protobuf') as Buffer).length).toBe(0);
  });
});
