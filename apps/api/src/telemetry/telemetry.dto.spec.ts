import { DRIFT_CONFIG_DEFAULTS } from '@app/config';
import { SampleValidator } from '@app/ingestion';
import { plainToInstance } from 'class-transformer';
import { validateSync, ValidationError } from 'class-validator';
import { TelemetryBatchDto, TelemetryDto } from './telemetry.dto';

/** Flattens class-validator errors the way Nest's ValidationPipe does ("samples.3.latency_ms …"). */
function messages(errors: ValidationError[], prefix = ''): string[] {
  return errors.flatMap((e) => [
    ...Object.values(e.constraints ?? {}).map((m) => (prefix ? `${prefix}${m}` : m)),
    ...messages(e.children ?? [], `${prefix}${e.property}.`),
  ]);
}

const options = { whitelist: true, forbidNonWhitelisted: true };
const valid = { service_id: 'checkout-api', latency_ms: 151.2, payload_kb: 2.4, timestamp: new Date().toISOString() };

describe('TelemetryDto and SampleValidator', () => {
  const sut = new SampleValidator(DRIFT_CONFIG_DEFAULTS);

  it.each([
    ['valid', valid],
    ['no timestamp', { service_id: 'a', latency_ms: 0, payload_kb: 0 }],
    ['no payload (latency-only)', { service_id: 'a', latency_ms: 12 }],
    ['null payload', { service_id: 'a', latency_ms: 12, payload_kb: null }],
    ['space-separated zoneless timestamp', { ...valid, timestamp: new Date().toISOString().slice(0, 19).replace('T', ' ') }],
    ['epoch timestamp', { ...valid, timestamp: '1764651600' }],
    ['string latency', { ...valid, latency_ms: '1' }],
    ['negative payload', { ...valid, payload_kb: -1 }],
    ['empty id', { ...valid, service_id: '' }],
    ['odd id', { ...valid, service_id: '../etc' }],
    ['long id', { ...valid, service_id: 'x'.repeat(DRIFT_CONFIG_DEFAULTS.serviceIdMaxLength + 1) }],
    ['bad timestamp', { ...valid, timestamp: '12/01/2026' }],
    ['unknown field', { ...valid, host: 'a' }],
    ['endpoint', { ...valid, endpoint: 'POST /pay' }],
    ['null endpoint', { ...valid, endpoint: null }],
    ['empty endpoint', { ...valid, endpoint: '' }],
    ['numeric endpoint', { ...valid, endpoint: 7 }],
    ['long endpoint', { ...valid, endpoint: 'x'.repeat(DRIFT_CONFIG_DEFAULTS.endpointMaxLength + 1) }],
    ['endpoint with a newline', { ...valid, endpoint: 'GET /a\nGET /b' }],
  ])('should agree on the first message per field for %s', (_name, body) => {
    const dtoErrors = messages(validateSync(plainToInstance(TelemetryDto, body), options));
    const fastErrors: string[] = [];
    sut.validate(body, Date.now(), fastErrors);
    // The DTO may list several messages per field; the fast path stops at the first one.
    expect(fastErrors.every((m) => dtoErrors.includes(m))).toBe(true);
    expect(fastErrors.length === 0).toBe(dtoErrors.length === 0);
  });

  it('should read an absent payload as NaN (no payload)', () => {
    expect(sut.validate({ service_id: 'a', latency_ms: 12 }, Date.now(), [])).toMatchObject({ serviceId: 'a', latency: 12, payload: NaN });
  });

  it('should carry the endpoint, and leave it out when none was sent', () => {
    expect(sut.validate({ ...valid, endpoint: 'POST /pay' }, Date.now(), [])).toMatchObject({ endpoint: 'POST /pay' });
    expect(sut.validate(valid, Date.now(), [])).not.toHaveProperty('endpoint');
    expect(sut.validate({ ...valid, endpoint: null }, Date.now(), [])).not.toHaveProperty('endpoint');
  });

  it('should name the failing index and field in a batch, as the nested DTO does', () => {
    const body = { samples: [valid, { ...valid, latency_ms: -5 }] };
    const dtoErrors = messages(validateSync(plainToInstance(TelemetryBatchDto, body), options));
    const fastErrors: string[] = [];
    expect(sut.validateBatch(body, Date.now(), fastErrors)).toEqual([]);
    expect(fastErrors).toEqual(['samples.1.latency_ms must not be less than 0']);
    expect(dtoErrors).toContain('samples.1.latency_ms must not be less than 0');
  });
});
