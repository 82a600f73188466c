import { RetentionService } from '../apps/api/src/retention/retention.service';
import Database from 'better-sqlite3';
import request from 'supertest';
import { normalSamples } from './support/samples';
import { startTestApp, TestApp } from './support/test-app';

function count(dbPath: string, sql: string): number {
  const db = new Database(dbPath, { readonly: true });
  try {
    return db.prepare(sql).pluck().get() as number;
  } finally {
    db.close();
  }
}

describe('Idempotency-Key on the telemetry routes (e2e)', () => {
  let sut: TestApp;
  const one = { service_id: 'svc', latency_ms: 120, payload_kb: 2, timestamp: new Date(Date.now() - 60_000).toISOString() };
  const post = (key: string, body: object) => request(sut.baseUrl).post('/v1/telemetry').set('Idempotency-Key', key).send(body);
  const batch = (key: string, samples: object[]) => request(sut.baseUrl).post('/v1/telemetry/batch').set('Idempotency-Key', key).send({ samples });
  const stored = () => count(sut.dbPath, 'SELECT COUNT(*) FROM telemetry');

  beforeEach(async () => {
    sut = await startTestApp();
  });
  afterEach(() => sut.close());

  it('should answer a retry of a sample with the first answer and store nothing', async () => {
    const first = await post('k-1', one).expect(202);
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    const retry = await post('k-1', one).expect(202);
    expect(retry.body).toEqual(first.body);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(stored()).toBe(1);
    const health = await request(sut.baseUrl).get('/v1/health/svc').expect(200);
    expect(health.body.samples_total).toBe(1);
  });

  it('should answer a retried batch with the first answer, so a duplicate delivery is scored once', async () => {
    const samples = normalSamples('svc', 150, Date.now() - 120_000);
    const first = await batch('batch-1', samples).expect(202);
    expect(first.body).toEqual({ status: 'accepted', count: 150 });
    await batch('batch-1', samples).expect(202).expect('Idempotent-Replayed', 'true');
    expect(stored()).toBe(150);
    const events = await request(sut.baseUrl).get('/v1/events/svc').expect(200);
    expect(events.body.events).toHaveLength(1);
  });

  it('should refuse the same key with another body, or on the other route, with 422 and store nothing', async () => {
    await post('k-2', one).expect(202);
    const other = await post('k-2', { ...one, latency_ms: 999 }).expect(422);
    expect(other.body).toEqual({ statusCode: 422, error: 'Unprocessable Entity', message: expect.stringContaining('Idempotency-Key') });
    await batch('k-2', [one]).expect(422);
    expect(stored()).toBe(1);
  });

  it('should store a key only with its samples: a refused request leaves no record and may be retried', async () => {
    await post('k-3', { ...one, latency_ms: -1 }).expect(400);
    expect(count(sut.dbPath, 'SELECT COUNT(*) FROM idempotency_keys')).toBe(0);
    await post('k-3', one).expect(202);
    expect(count(sut.dbPath, 'SELECT COUNT(*) FROM idempotency_keys')).toBe(1);
    expect(stored()).toBe(1);
  });

  it('should store once when two deliveries with the same key arrive together', async () => {
    const answers = await Promise.all([post('k-4', one), post('k-4', one), post('k-4', one)]);
    expect(answers.map((a) => a.status)).toEqual([202, 202, 202]);
    expect(answers.filter((a) => a.headers['idempotent-replayed'] === 'true')).toHaveLength(2);
    expect(stored()).toBe(1);
  });

  it('should refuse a key that is not 1-255 printable ASCII characters with 400', async () => {
    const res = await post('x'.repeat(256), one).expect(400);
    expect(res.body.message).toEqual(['Idempotency-Key must be 1 to 255 printable ASCII characters']);
    expect(stored()).toBe(0);
  });

  it('should prune expired keys in the retention job', async () => {
    await post('k-5', one).expect(202);
    const retention = sut.app.get(RetentionService);
    expect((await retention.run(Date.now())).keysDeleted).toBe(0);
    const result = await retention.run(Date.now() + (sut.config.idempotencyTtlHours + 1) * 3_600_000);
    expect(result.keysDeleted).toBe(1);
    // Forgotten: the same key is a new request again.
    await post('k-5', one).expect(202).expect((res) => expect(res.headers['idempotent-replayed']).toBeUndefined());
  });
});
