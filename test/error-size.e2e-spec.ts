import request from 'supertest';
import { startTestApp, TestApp } from './support/test-app';

describe('error responses stay small (e2e)', () => {
  let sut: TestApp;
  beforeAll(async () => {
    sut = await startTestApp();
  });
  afterAll(() => sut.close());

  /** The probe: 1.7 MB of unknown keys used to come back as a 5.3 MB error of 150 000 messages. */
  function unknownKeys(bytes: number, sample: Record<string, unknown>): string {
    const parts: string[] = [];
    let size = 0;
    for (let i = 0; size < bytes; i++) {
      const part = `"unknown_key_${i}":1`;
      parts.push(part);
      size += part.length + 1;
    }
    return JSON.stringify(sample).slice(0, -1) + ',' + parts.join(',') + '}';
  }

  it.each([
    ['/v1/telemetry', (body: string) => body],
    ['/v1/telemetry/batch', (body: string) => `{"samples":[${body}]}`],
    ['/v1/deployments', (body: string) => body],
  ])('should answer 1.7 MB of unknown keys on %s with 20 messages and a count of the rest', async (path, wrap) => {
    const sample = path === '/v1/deployments' ? { service_id: 'a', deployment_id: 'v1' } : { service_id: 'a', latency_ms: 1, payload_kb: 1 };
    const body = wrap(unknownKeys(1.7 * 1024 * 1024, sample));
    const res = await request(sut.baseUrl).post(path).set('Content-Type', 'application/json').send(body);
    expect(res.status).toBe(400);
    expect(res.body.message).toHaveLength(20);
    expect(res.body.more_messages).toBeGreaterThan(80_000);
    expect(res.text.length).toBeLessThan(5000);
    expect((await request(sut.baseUrl).get('/v1/system/status').expect(200)).body.total_telemetry_records).toBe(0);
  });

  it('should leave a short list of messages whole', async () => {
    const res = await request(sut.baseUrl).post('/v1/telemetry').send({ service_id: 'a', latency_ms: -1, payload_kb: -1 }).expect(400);
    expect(res.body.more_messages).toBeUndefined();
    expect(res.body.message.length).toBeGreaterThanOrEqual(2);
  });
});
