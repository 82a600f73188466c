import Database from 'better-sqlite3';
import request from 'supertest';
import { normalSamples } from './support/samples';
import { startTestApp, TestApp } from './support/test-app';

const sample = (service: string, offsetMs = 0) => ({ service_id: service, latency_ms: 120, payload_kb: 2, timestamp: new Date(Date.now() - 60_000 + offsetMs).toISOString() });

function rows(dbPath: string, sql: string, ...params: unknown[]): number {
  const db = new Database(dbPath, { readonly: true });
  try {
    return (db.prepare(sql).pluck().get(...params) as number) ?? 0;
  } finally {
    db.close();
  }
}

describe('Bounded fleet: DRIFTWATCH_MAX_SERVICES, DELETE /v1/services/{id} (e2e)', () => {
  let sut: TestApp;
  const post = (body: object) => request(sut.baseUrl).post('/v1/telemetry').send(body);
  const batch = (samples: object[]) => request(sut.baseUrl).post('/v1/telemetry/batch').send({ samples });

  beforeEach(async () => {
    sut = await startTestApp({ maxServices: 3 });
  });
  afterEach(() => sut.close());

  it('should refuse a new service beyond the cap with 429 naming the setting, and accept known ones', async () => {
    for (const name of ['a', 'b', 'c']) await post(sample(name)).expect(202);
    const refused = await post(sample('d')).expect(429);
    expect(refused.body).toEqual({ statusCode: 429, error: 'Too Many Requests', message: expect.stringContaining('DRIFTWATCH_MAX_SERVICES=3') });
    await post(sample('a', 1000)).expect(202);
    const list = await request(sut.baseUrl).get('/v1/services').expect(200);
    expect(list.body.services.map((s: { service_id: string }) => s.service_id)).toEqual(['a', 'b', 'c']);
  });

  it('should not count endpoints against the cap, and apply it to OTLP traces too', async () => {
    await batch(['GET /a', 'GET /b', 'GET /c', 'GET /d'].map((endpoint, i) => ({ ...sample('a', i), endpoint }))).expect(202);
    for (const name of ['b', 'c']) await post(sample(name)).expect(202);
    const now = Date.now() - 30_000;
    const span = { name: 'GET /x', kind: 2, startTimeUnixNano: `${now}000000`, endTimeUnixNano: `${now + 3}000000` };
    const traces = (service: string) => ({
      resourceSpans: [{ resource: { attributes: [{ key: 'service.name', value: { stringValue: service } }] }, scopeSpans: [{ spans: [span] }] }],
    });
    await request(sut.baseUrl).post('/v1/traces').set('Content-Type', 'application/json').send(traces('d')).expect(429);
    await request(sut.baseUrl).post('/v1/traces').set('Content-Type', 'application/json').send(traces('a')).expect(200, {});
    expect(rows(sut.dbPath, 'SELECT COUNT(*) FROM services')).toBe(3);
    expect(rows(sut.dbPath, 'SELECT COUNT(*) FROM endpoints')).toBe(5);
  });

  it('should store nothing of a batch that holds one new service too many', async () => {
    for (const name of ['a', 'b', 'c']) await post(sample(name)).expect(202);
    await batch([sample('a', 1000), sample('b', 1000), sample('new-one', 1000)]).expect(429);
    expect(rows(sut.dbPath, 'SELECT COUNT(*) FROM telemetry')).toBe(3);
    expect(rows(sut.dbPath, 'SELECT COUNT(*) FROM services')).toBe(3);
  });

  it('should count services whose first samples are still queued', async () => {
    await sut.close();
    // A long group-commit wait keeps the first requests queued while the next one is checked.
    sut = await startTestApp({ maxServices: 3, flushIntervalMs: 500 });
    const queued = ['a', 'b', 'c'].map((name) => post(sample(name)).then((res) => res.status));
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(rows(sut.dbPath, 'SELECT COUNT(*) FROM services')).toBe(0);
    await post(sample('d')).expect(429);
    expect(await Promise.all(queued)).toEqual([202, 202, 202]);
  });

  it('should delete a service with its samples, events and deployment markers, free its place, then 404', async () => {
    await batch(normalSamples('a', 120, Date.now() - 120_000)).expect(202);
    await post(sample('b')).expect(202);
    await post(sample('c')).expect(202);
    await request(sut.baseUrl).post('/v1/deployments').send({ service_id: 'a', version: 'v2' }).expect(201);
    expect(rows(sut.dbPath, 'SELECT COUNT(*) FROM drift_events e JOIN services s ON s.id = e.service_id WHERE s.name = ?', 'a')).toBeGreaterThan(0);
    const id = rows(sut.dbPath, 'SELECT id FROM services WHERE name = ?', 'a');
    expect((await request(sut.baseUrl).get('/v1/system/status').expect(200)).body.total_telemetry_records).toBe(122);

    await request(sut.baseUrl).delete('/v1/services/a').expect(204);

    expect(rows(sut.dbPath, 'SELECT COUNT(*) FROM telemetry WHERE service_id = ?', id)).toBe(0);
    expect(rows(sut.dbPath, 'SELECT COUNT(*) FROM drift_events WHERE service_id = ?', id)).toBe(0);
    expect(rows(sut.dbPath, 'SELECT COUNT(*) FROM deployments WHERE service_name = ?', 'a')).toBe(0);
    expect(rows(sut.dbPath, 'SELECT COUNT(*) FROM services WHERE name = ?', 'a')).toBe(0);
    expect(rows(sut.dbPath, 'SELECT COUNT(*) FROM telemetry_rollup WHERE service_id = ?', id)).toBe(0);
    await request(sut.baseUrl).get('/v1/health/a').expect(404);
    await request(sut.baseUrl).get('/v1/events/a').expect(404);
    await request(sut.baseUrl).delete('/v1/services/a').expect(404);
    // Its place under the cap is free again.
    await post(sample('d')).expect(202);
    // Other services are untouched, and the status count follows the deletion.
    expect(rows(sut.dbPath, 'SELECT COUNT(*) FROM telemetry')).toBe(3);
    expect((await request(sut.baseUrl).get('/v1/system/status').expect(200)).body.total_telemetry_records).toBe(3);
  });

  it('should order a deletion after samples queued before it, and let later samples start a new service', async () => {
    await sut.close();
    sut = await startTestApp({ maxServices: 3, flushIntervalMs: 300 });
    await batch(normalSamples('a', 10, Date.now() - 60_000)).expect(202);
    // Sent one after the other (.then sends a supertest request), all queued in the same 300 ms group-commit wait.
    const pause = () => new Promise((resolve) => setTimeout(resolve, 50));
    const before = batch(normalSamples('a', 5, Date.now() - 50_000)).then((res) => res.status);
    await pause();
    const deletion = request(sut.baseUrl).delete('/v1/services/a').then((res) => res.status);
    await pause();
    const after = batch(normalSamples('a', 2, Date.now() - 40_000)).then((res) => res.status);
    expect(await Promise.all([before, deletion, after])).toEqual([202, 204, 202]);
    const health = await request(sut.baseUrl).get('/v1/health/a').expect(200);
    expect(health.body.samples_total).toBe(2);
    expect(rows(sut.dbPath, 'SELECT COUNT(*) FROM telemetry')).toBe(2);
    // The per-minute rollup sums exactly the rows left: the deleted service's minutes buffered in the
    // same transaction were not written back.
    expect(rows(sut.dbPath, 'SELECT COALESCE(SUM(n), 0) FROM telemetry_rollup')).toBe(2);
  });

  it('should validate the path of DELETE like every other route', async () => {
    const res = await request(sut.baseUrl).delete('/v1/services/..%2Fx').expect(400);
    expect(res.body.statusCode).toBe(400);
  });
});

describe('GET /v1/services paging (e2e)', () => {
  let sut: TestApp;
  const names = Array.from({ length: 25 }, (_, i) => `svc-${String(i).padStart(2, '0')}`);

  beforeAll(async () => {
    sut = await startTestApp();
    await request(sut.baseUrl).post('/v1/telemetry/batch').send({ samples: names.map((n) => sample(n)) }).expect(202);
  });
  afterAll(() => sut.close());

  it('should page with limit and an opaque cursor, every service once, in the order first seen', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res: request.Response = await request(sut.baseUrl)
        .get(`/v1/services?limit=10${cursor === null ? '' : `&cursor=${cursor}`}`)
        .expect(200);
      seen.push(...res.body.services.map((s: { service_id: string }) => s.service_id));
      expect(res.body.services[0]).toMatchObject({ state: 'INSUFFICIENT_DATA', samples_total: 1, sample_count: 1, transition_timestamp: null });
      cursor = res.body.next_cursor;
      pages++;
    } while (cursor !== null);
    expect(pages).toBe(3);
    expect(seen).toEqual(names);
  });

  it('should answer a first page of 100 by default with next_cursor null when all fit', async () => {
    const res = await request(sut.baseUrl).get('/v1/services').expect(200);
    expect(res.body.services).toHaveLength(25);
    expect(res.body.next_cursor).toBeNull();
  });

  it.each([
    ['limit=0', 'limit must be an integer from 1 to 1000'],
    ['limit=1001', 'limit must be an integer from 1 to 1000'],
    ['cursor=not*base64', 'cursor must be a next_cursor returned by this API'],
    [`cursor=${Buffer.from('x.1').toString('base64url')}`, 'cursor must be a next_cursor returned by this API'],
  ])('should answer %s with a 400 naming the parameter', async (query, message) => {
    const res = await request(sut.baseUrl).get(`/v1/services?${query}`).expect(400);
    expect(res.body).toEqual({ statusCode: 400, error: 'Bad Request', message: [message] });
  });
});
