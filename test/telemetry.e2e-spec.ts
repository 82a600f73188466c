import { DRIFT_CONFIG_DEFAULTS, TIMESTAMP_FORMAT_HINT } from '@app/config';
import request from 'supertest';
import { normalSamples } from './support/samples';
import { startTestApp, TestApp } from './support/test-app';

describe('POST /v1/telemetry (e2e)', () => {
  let sut: TestApp;
  const valid = { service_id: 'checkout-api', latency_ms: 151.2, payload_kb: 2.4 };

  beforeAll(async () => {
    sut = await startTestApp({ bodyLimitKb: 64 });
  });
  afterAll(() => sut.close());

  const post = (body: unknown) => request(sut.baseUrl).post('/v1/telemetry').send(body as object);
  const storedCount = async () => (await request(sut.baseUrl).get('/v1/system/status')).body.total_telemetry_records as number;

  it('should answer 202 with the stored sample time once committed', async () => {
    const res = await post({ ...valid, timestamp: new Date(Date.now() - 1000).toISOString() }).expect(202);
    expect(res.body).toEqual({ status: 'accepted', service_id: 'checkout-api', timestamp: expect.any(String) });
    const health = await request(sut.baseUrl).get('/v1/health/checkout-api').expect(200);
    expect(health.body.samples_total).toBe(1);
    // The old name stays (deprecated) for existing clients.
    expect(health.body.sample_count).toBe(1);
  });

  it('should accept the timestamp forms replay accepts: a space instead of T, no zone (UTC)', async () => {
    const ms = Math.floor((Date.now() - 60_000) / 1000) * 1000;
    const spaced = new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
    const res = await post({ ...valid, timestamp: spaced }).expect(202);
    expect(res.body.timestamp).toBe(new Date(ms).toISOString());
    const offset = await post({ ...valid, timestamp: new Date(ms + 2 * 3_600_000).toISOString().slice(0, 19) + '+02:00' }).expect(202);
    expect(offset.body.timestamp).toBe(new Date(ms).toISOString());
  });

  it('should stamp samples without a timestamp with the time of receipt', async () => {
    const before = Date.now();
    const res = await post(valid).expect(202);
    expect(Date.parse(res.body.timestamp)).toBeGreaterThanOrEqual(before - 5);
  });

  it.each([
    ['missing service_id', { latency_ms: 1, payload_kb: 1 }, 'service_id must be a string'],
    ['empty service_id', { ...valid, service_id: '' }, 'service_id should not be empty'],
    ['odd characters in service_id', { ...valid, service_id: 'a b/c' }, 'service_id must start with a letter or digit'],
    ['oversized service_id', { ...valid, service_id: 'x'.repeat(DRIFT_CONFIG_DEFAULTS.serviceIdMaxLength + 1) }, 'service_id must be shorter than or equal to'],
    ['missing latency', { service_id: 'a', payload_kb: 1 }, 'latency_ms must be a finite number'],
    ['string latency', { ...valid, latency_ms: '150' }, 'latency_ms must be a finite number'],
    ['negative latency', { ...valid, latency_ms: -0.5 }, 'latency_ms must not be less than 0'],
    ['NaN latency (as a string)', { ...valid, latency_ms: 'NaN' }, 'latency_ms must be a finite number'],
    ['absurd latency', { ...valid, latency_ms: 1e300 }, 'latency_ms must not be greater than'],
    ['string payload', { service_id: 'a', latency_ms: 1, payload_kb: '2' }, 'payload_kb must be a finite number'],
    ['unparseable timestamp', { ...valid, timestamp: 'yesterday' }, 'timestamp must be an ISO-8601 date-time'],
    ['a calendar date that does not exist', { ...valid, timestamp: '2026-02-31T10:00:00Z' }, 'timestamp must be an ISO-8601 date-time'],
    ['numeric timestamp', { ...valid, timestamp: 1700000000 }, 'timestamp must be an ISO-8601 date-time'],
    ['epoch seconds as a string', { ...valid, timestamp: '1700000000' }, 'no zone = UTC'],
    ['timestamp far in the future', { ...valid, timestamp: '2999-01-01T00:00:00Z' }, 'timestamp must not be more than'],
    ['timestamp older than retention', { ...valid, timestamp: '2001-01-01T00:00:00Z' }, 'timestamp must not be older than'],
    ['unknown field', { ...valid, region: 'eu' }, 'property region should not exist'],
    ['an array body', [valid], 'body must be a JSON object'],
  ])('should reject %s with 400 and store nothing', async (_name, body, message) => {
    const before = await storedCount();
    const res = await post(body).expect(400);
    expect(res.body.statusCode).toBe(400);
    expect(res.body.error).toBe('Bad Request');
    expect(res.body.message.join('\n')).toContain(message);
    expect(await storedCount()).toBe(before);
  });

  it('should reject Infinity (a JSON number that overflows) with 400', async () => {
    const res = await request(sut.baseUrl)
      .post('/v1/telemetry')
      .set('content-type', 'application/json')
      .send('{"service_id":"a","latency_ms":1e999,"payload_kb":1}')
      .expect(400);
    expect(res.body.message).toContain('latency_ms must be a finite number');
  });

  it('should reject malformed JSON with a JSON 400', async () => {
    const res = await request(sut.baseUrl).post('/v1/telemetry').set('content-type', 'application/json').send('{"service_id":').expect(400);
    expect(res.body).toMatchObject({ statusCode: 400, error: 'Bad Request' });
  });

  it('should reject a body over the size limit with a JSON 413', async () => {
    const res = await post({ ...valid, padding: 'x'.repeat(70 * 1024) }).expect(413);
    expect(res.body).toMatchObject({ statusCode: 413, error: 'Payload Too Large' });
  });

  describe('POST /v1/telemetry/batch', () => {
    const batch = (body: unknown) => request(sut.baseUrl).post('/v1/telemetry/batch').send(body as object);

    it('should store every sample of a valid batch', async () => {
      const samples = normalSamples('batch-svc', 250, Date.now() - 60_000);
      const res = await batch({ samples }).expect(202);
      expect(res.body).toEqual({ status: 'accepted', count: 250 });
      const health = await request(sut.baseUrl).get('/v1/health/batch-svc').expect(200);
      expect(health.body).toMatchObject({ samples_total: 250, state: 'STABLE' });
    });

    it('should name the failing index and field and store nothing', async () => {
      const samples = normalSamples('batch-bad', 20, Date.now() - 60_000);
      (samples[7] as Record<string, unknown>).latency_ms = -3;
      (samples[12] as Record<string, unknown>).timestamp = 'soon';
      const before = await storedCount();
      const res = await batch({ samples }).expect(400);
      expect(res.body.message).toEqual([
        'samples.7.latency_ms must not be less than 0',
        `samples.12.timestamp must be ${TIMESTAMP_FORMAT_HINT}`,
      ]);
      expect(await storedCount()).toBe(before);
      await request(sut.baseUrl).get('/v1/health/batch-bad').expect(404);
    });

    it.each([
      ['an empty batch', { samples: [] }, 'samples must contain at least 1 elements'],
      ['a missing samples array', {}, 'samples must be an array'],
      ['samples that is not an array', { samples: 'many' }, 'samples must be an array'],
      ['an unknown top-level field', { samples: [valid], extra: 1 }, 'property extra should not exist'],
    ])('should reject %s', async (_name, body, message) => {
      const res = await batch(body).expect(400);
      expect(res.body.message).toContain(message);
    });

    it('should reject a batch over the sample limit', async () => {
      const big = await startTestApp({ batchMaxSamples: 5 });
      try {
        const res = await request(big.baseUrl)
          .post('/v1/telemetry/batch')
          .send({ samples: normalSamples('x', 6, Date.now() - 10_000) })
          .expect(400);
        expect(res.body.message).toContain('samples must contain no more than 5 elements');
      } finally {
        await big.close();
      }
    });
  });
});
