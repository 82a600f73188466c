import request from 'supertest';
import { normalSamples } from './support/samples';
import { startTestApp, TestApp } from './support/test-app';

describe('Overload (e2e)', () => {
  let sut: TestApp;
  const capacity = 10;

  beforeAll(async () => {
    // A tiny queue that is committed only every 3 s: easy to fill on purpose.
    sut = await startTestApp({ queueCapacity: capacity, batchMaxSamples: capacity, flushMaxSamples: capacity, flushIntervalMs: 3000 });
  });
  afterAll(() => sut.close());

  /** Waits until the queue holds `depth` samples (the request before has been parsed and queued). */
  const queued = async (depth: number) => {
    for (let i = 0; i < 200; i++) {
      const status = (await request(sut.baseUrl).get('/v1/system/status').expect(200)).body;
      if (status.queue.depth === depth) return;
      await new Promise((r) => setTimeout(r, 10));
    }
    throw new Error(`queue never reached ${depth} samples`);
  };
  const batch = (n: number, seed: number) =>
    request(sut.baseUrl).post('/v1/telemetry/batch').send({ samples: normalSamples('busy', n, Date.now() - 60_000, seed) });

  it('should answer 503 with Retry-After when the queue is full, and 202 again once it drains', async () => {
    const first = batch(6, 1).then((r) => r.status);
    await queued(6);
    // 6 of 10 queued: 5 more do not fit.
    const tooMany = await batch(5, 2);
    expect(tooMany.status).toBe(503);
    expect(tooMany.headers['retry-after']).toBe('1');
    expect(tooMany.body).toEqual({ statusCode: 503, error: 'Service Unavailable', message: 'Ingestion queue is full; retry later' });

    const fill = batch(4, 3).then((r) => r.status);
    await queued(capacity);
    // Saturated: refused before the body is parsed.
    const refused = await request(sut.baseUrl).post('/v1/telemetry').send({ service_id: 'busy', latency_ms: 1, payload_kb: 1 });
    expect(refused.status).toBe(503);
    expect(refused.headers['retry-after']).toBe('1');

    expect(await first).toBe(202);
    expect(await fill).toBe(202);
    await request(sut.baseUrl).post('/v1/telemetry').send({ service_id: 'busy', latency_ms: 1, payload_kb: 1 }).expect(202);
    const status = (await request(sut.baseUrl).get('/v1/system/status').expect(200)).body;
    expect(status.total_telemetry_records).toBe(11);
    expect(status.queue).toMatchObject({ depth: 0, refused_samples: 5, refused_requests: 1 });
  });
});
