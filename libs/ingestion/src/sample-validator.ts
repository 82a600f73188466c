import { DriftConfig, parseTimestamp, TIMESTAMP_FORMAT_HINT } from '@app/config';
import { ENDPOINT_PATTERN, ENDPOINT_PATTERN_MESSAGE, SERVICE_ID_PATTERN, SERVICE_ID_PATTERN_MESSAGE, TelemetrySample } from './telemetry-sample';

type Limits = Pick<
  DriftConfig,
  'serviceIdMaxLength' | 'endpointMaxLength' | 'maxLatencyMs' | 'maxPayloadKb' | 'futureToleranceSeconds' | 'telemetryRetentionDays' | 'batchMaxSamples'
>;

const FIELDS = new Set(['service_id', 'endpoint', 'latency_ms', 'payload_kb', 'timestamp']);
const DAY_MS = 86_400_000;

/**
 * Hand-written validation of the telemetry contract, the same rules and messages as the
 * class-validator DTOs (which stay for Swagger and documentation). class-validator costs
 * ~4 µs per nested sample; this costs a small fraction of that, which is what lets a batch of
 * 10 000 samples be checked without capping ingest throughput.
 */
export class SampleValidator {
  constructor(private readonly limits: Limits) {}

  /** Validates one sample; pushes messages prefixed by `path` into `errors`; returns the sample or null. */
  validate(raw: unknown, nowMs: number, errors: string[], path = ''): TelemetrySample | null {
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
      errors.push(`${path ? path.slice(0, -1) : 'body'} must be a JSON object`);
      return null;
    }
    const body = raw as Record<string, unknown>;
    const before = errors.length;
    for (const key in body) if (!FIELDS.has(key)) errors.push(`property ${path}${key} should not exist`);

    const serviceId = body.service_id;
    if (typeof serviceId !== 'string') errors.push(`${path}service_id must be a string`);
    else if (serviceId.length === 0) errors.push(`${path}service_id should not be empty`);
    else if (serviceId.length > this.limits.serviceIdMaxLength) {
      errors.push(`${path}service_id must be shorter than or equal to ${this.limits.serviceIdMaxLength} characters`);
    } else if (!SERVICE_ID_PATTERN.test(serviceId)) errors.push(`${path}service_id ${SERVICE_ID_PATTERN_MESSAGE}`);

    const latency = this.number(body.latency_ms, `${path}latency_ms`, this.limits.maxLatencyMs, errors);
    // payload_kb is optional (latency-only services): absent or null is NaN, which the detector
    // treats as "no payload" and storage keeps as NULL.
    const payload =
      body.payload_kb === undefined || body.payload_kb === null
        ? NaN
        : this.number(body.payload_kb, `${path}payload_kb`, this.limits.maxPayloadKb, errors);

    // endpoint is optional: absent or null is a sample of the service as a whole.
    const endpoint = body.endpoint === undefined || body.endpoint === null ? undefined : this.endpoint(body.endpoint, `${path}endpoint`, errors);

    let timeMs = nowMs;
    if (body.timestamp !== undefined) {
      timeMs = this.timestamp(body.timestamp, `${path}timestamp`, nowMs, errors);
    }
    if (errors.length !== before) return null;
    const sample: TelemetrySample = { serviceId: serviceId as string, timeMs, latency, payload };
    if (endpoint !== undefined) sample.endpoint = endpoint;
    return sample;
  }

  /** Validates `{samples: [...]}`; all or nothing. */
  validateBatch(raw: unknown, nowMs: number, errors: string[]): TelemetrySample[] {
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
      errors.push('body must be a JSON object with a "samples" array');
      return [];
    }
    const body = raw as Record<string, unknown>;
    for (const key in body) if (key !== 'samples') errors.push(`property ${key} should not exist`);
    const samples = body.samples;
    if (!Array.isArray(samples)) {
      errors.push('samples must be an array');
      return [];
    }
    if (samples.length === 0) errors.push('samples must contain at least 1 elements');
    if (samples.length > this.limits.batchMaxSamples) {
      errors.push(`samples must contain no more than ${this.limits.batchMaxSamples} elements`);
      return [];
    }
    const out: TelemetrySample[] = new Array(samples.length);
    for (let i = 0; i < samples.length; i++) {
      const sample = this.validate(samples[i], nowMs, errors, `samples.${i}.`);
      if (sample) out[i] = sample;
      // Enough to fix the request; a 10 000-line error body helps nobody.
      if (errors.length >= 20) {
        errors.push('… further errors omitted');
        break;
      }
    }
    return errors.length === 0 ? out : [];
  }

  private endpoint(value: unknown, name: string, errors: string[]): string | undefined {
    if (typeof value !== 'string') errors.push(`${name} must be a string`);
    else if (value.length === 0) errors.push(`${name} should not be empty`);
    else if (value.length > this.limits.endpointMaxLength) {
      errors.push(`${name} must be shorter than or equal to ${this.limits.endpointMaxLength} characters`);
    } else if (!ENDPOINT_PATTERN.test(value)) errors.push(`${name} ${ENDPOINT_PATTERN_MESSAGE}`);
    else return value;
    return undefined;
  }

  private number(value: unknown, name: string, max: number, errors: string[]): number {
    if (typeof value !== 'number' || !Number.isFinite(value)) errors.push(`${name} must be a finite number`);
    else if (value < 0) errors.push(`${name} must not be less than 0`);
    else if (value > max) errors.push(`${name} must not be greater than ${max}`);
    return value as number;
  }

  private timestamp(value: unknown, name: string, nowMs: number, errors: string[]): number {
    const timeMs = typeof value === 'string' ? parseTimestamp(value) : NaN;
    if (!Number.isFinite(timeMs)) {
      errors.push(`${name} must be ${TIMESTAMP_FORMAT_HINT}`);
    } else if (timeMs > nowMs + this.limits.futureToleranceSeconds * 1000) {
      errors.push(`${name} must not be more than ${this.limits.futureToleranceSeconds} s in the future`);
    } else if (timeMs < nowMs - this.limits.telemetryRetentionDays * DAY_MS) {
      errors.push(`${name} must not be older than the ${this.limits.telemetryRetentionDays}-day retention period`);
    }
    return timeMs;
  }
}
