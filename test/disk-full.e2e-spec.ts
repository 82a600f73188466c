import { SqliteDatabase } from '@app/persistence';
import request from 'supertest';
import { normalSamples } from './support/samples';
import { startTestApp, TestApp } from './support/test-app';

/**
 * A full disk without root or a tmpfs: `PRAGMA max_page_count` caps the database where it is, so
 * the next group commit that needs a page fails with SQLITE_FULL exactly as on a full disk.
 */
describe('disk full during a group commit (e2e)', () => {
  let sut: TestApp;
  let db: SqliteDatabase;
  const rows = () => Number(db.raw.prepare('SELECT count(*) FROM telemetry').pluck().get());
  const START = Date.parse('2026-12-01T00:00:00Z');

  beforeAll(async () => {
    sut = await startTestApp({ storageRetryAfterSeconds: 7 });
    db = sut.app.get(SqliteDatabase);
  });
  afterAll(() => sut.close());

  it('should answer 503 + Retry-After, turn status and /health degraded, lose nothing acknowledged, and recover', async () => {
    const first = normalSamples('disk', 200, START);
    await request(sut.baseUrl).post('/v1/telemetry/batch').send({ samples: first }).expect(202);
    expect(rows()).toBe(200);

    const pages = Number(db.raw.pragma('page_count', { simple: true }));
    db.raw.pragma(`max_page_count = ${pages}`);
    const refused = await request(sut.baseUrl)
      .post('/v1/telemetry/batch')
      .send({ samples: normalSamples('disk', 2000, START + 200 * 100, 2) });
    expect(refused.status).toBe(503);
    expect(refused.headers['retry-after']).toBe('7');
    expect(refused.body).toMatchObject({ statusCode: 503, error: 'Service Unavailable' });
    expect(refused.body.message).toContain('SQLITE_FULL');
    expect(rows()).toBe(200);

    const status = (await request(sut.baseUrl).get('/v1/system/status').expect(200)).body;
    expect(status.status).toBe('degraded');
    expect(status.storage).toMatchObject({ writable: false, fault: 'SQLITE_FULL' });
    expect((await request(sut.baseUrl).get('/health').expect(200)).body).toEqual({ status: 'degraded', reason: 'database not writable: SQLITE_FULL' });
    // The detector was rolled back with the transaction: it counts only what was acknowledged.
    expect((await request(sut.baseUrl).get('/v1/health/disk').expect(200)).body.samples_total).toBe(200);

    db.raw.pragma('max_page_count = 4294967294');
    const retried = normalSamples('disk', 2000, START + 200 * 100, 2);
    await request(sut.baseUrl).post('/v1/telemetry/batch').send({ samples: retried }).expect(202);
    expect(rows()).toBe(2200);
    expect((await request(sut.baseUrl).get('/health').expect(200)).body).toEqual({ status: 'ok' });
    const recovered = (await request(sut.baseUrl).get('/v1/system/status').expect(200)).body;
    expect(recovered.status).toBe('healthy');
    expect(recovered.storage).toEqual({ writable: true, fault: null, since: null });
    expect((await request(sut.baseUrl).get('/v1/health/disk').expect(200)).body.samples_total).toBe(2200);
  });
});
