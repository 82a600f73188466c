import Database from 'better-sqlite3';
import request from 'supertest';
import { normalSamples } from './support/samples';
import { startTestApp, TestApp } from './support/test-app';

const MINUTE = 60_000;

describe('GET /v1/telemetry/{service_id} (e2e)', () => {
  let sut: TestApp;
  // Two whole minutes, ten minutes ago, aligned so bucket edges are known.
  const start = Math.floor((Date.now() - 10 * MINUTE) / MINUTE) * MINUTE;
  const samples = normalSamples('read-svc', 1200, start, 7, 100);
  const from = new Date(start).toISOString();
  const to = new Date(start + 2 * MINUTE).toISOString();

  beforeAll(async () => {
    sut = await startTestApp();
    // Three requests, so the minute aggregates are built across several group commits.
    for (const part of [samples.slice(0, 250), samples.slice(250, 700), samples.slice(700)]) {
      await request(sut.baseUrl).post('/v1/telemetry/batch').send({ samples: part }).expect(202);
    }
    await request(sut.baseUrl)
      .post('/v1/telemetry/batch')
      .send({ samples: [0, 1, 2].map((i) => ({ service_id: 'lat-only', latency_ms: 10 + i, timestamp: new Date(start + i * 1000).toISOString() })) })
      .expect(202);
  });
  afterAll(() => sut.close());

  const expectedPerMinute = (minute: number) => {
    const inMinute = samples.filter((s) => Math.floor(Date.parse(s.timestamp) / MINUTE) * MINUTE === start + minute * MINUTE);
    const lat = inMinute.map((s) => s.latency_ms);
    const pay = inMinute.map((s) => s.payload_kb);
    const mean = (a: number[]) => a.reduce((x, y) => x + y, 0) / a.length;
    return { count: inMinute.length, min: Math.min(...lat), max: Math.max(...lat), mean: mean(lat), pmin: Math.min(...pay), pmax: Math.max(...pay), pmean: mean(pay) };
  };

  it('should answer whole-minute steps from the rollup with exact count, min, mean, max per bucket', async () => {
    const res = await request(sut.baseUrl).get('/v1/telemetry/read-svc').query({ from, to, step: '1m' }).expect(200);
    expect(res.body).toMatchObject({ service_id: 'read-svc', from, to, step: '1m', step_ms: MINUTE, source: 'rollup', time: [start, start + MINUTE], count: [600, 600] });
    for (const minute of [0, 1]) {
      const e = expectedPerMinute(minute);
      expect(res.body.latency.min[minute]).toBeCloseTo(e.min, 6);
      expect(res.body.latency.max[minute]).toBeCloseTo(e.max, 6);
      expect(res.body.latency.mean[minute]).toBeCloseTo(e.mean, 5);
      expect(res.body.payload.min[minute]).toBeCloseTo(e.pmin, 6);
      expect(res.body.payload.mean[minute]).toBeCloseTo(e.pmean, 5);
      expect(res.body.payload.count[minute]).toBe(e.count);
    }
  });

  it('should give the same buckets from the samples themselves at a sub-minute step', async () => {
    const fine = await request(sut.baseUrl).get('/v1/telemetry/read-svc').query({ from, to, step: '30s' }).expect(200);
    expect(fine.body.source).toBe('samples');
    expect(fine.body.count).toEqual([300, 300, 300, 300]);
    const e = expectedPerMinute(0);
    expect(Math.min(fine.body.latency.min[0], fine.body.latency.min[1])).toBeCloseTo(e.min, 6);
    expect(Math.max(fine.body.latency.max[0], fine.body.latency.max[1])).toBeCloseTo(e.max, 6);
  });

  it('should include the expected band of the current model (mean ± 3 scales for independent traffic)', async () => {
    const baseline = (await request(sut.baseUrl).get('/v1/baseline/read-svc').expect(200)).body;
    const res = await request(sut.baseUrl).get('/v1/telemetry/read-svc').query({ from, to, step: '1m' }).expect(200);
    expect(res.body.band).toMatchObject({ z_limit: 3, latency_season: 'none', payload_season: 'none' });
    const { level, residual_scale } = baseline.model.latency;
    expect(res.body.latency.expected[0]).toBeCloseTo(level, 4);
    expect(res.body.latency.upper[0]).toBeCloseTo(level + 3 * residual_scale, 4);
    expect(res.body.latency.lower[1]).toBeCloseTo(level - 3 * residual_scale, 4);
  });

  it('should return every bucket of the range, empty ones with count 0 and nulls, and no band while learning', async () => {
    const res = await request(sut.baseUrl)
      .get('/v1/telemetry/lat-only')
      .query({ from, to: new Date(start + 4000).toISOString(), step: '1s' })
      .expect(200);
    expect(res.body.count).toEqual([1, 1, 1, 0]);
    expect(res.body.latency.mean).toEqual([10, 11, 12, null]);
    expect(res.body.payload).toMatchObject({ mean: [null, null, null, null], count: [0, 0, 0, 0], expected: null });
    expect(res.body.band).toBeNull();
  });

  it('should default to the last hour with at most 1000 buckets', async () => {
    const res = await request(sut.baseUrl).get('/v1/telemetry/read-svc').expect(200);
    expect(res.body.step).toBe('5s');
    expect(res.body.time.length).toBeLessThanOrEqual(1000);
    expect(res.body.count.reduce((a: number, b: number) => a + b, 0)).toBe(1200);
  });

  it('should keep the rollup equal to the stored samples', () => {
    const db = new Database(sut.dbPath, { readonly: true });
    try {
      const rollup = db.prepare('SELECT SUM(n) AS n, SUM(latency_sum) AS s FROM telemetry_rollup').get() as { n: number; s: number };
      const raw = db.prepare('SELECT COUNT(*) AS n, SUM(latency_ms) AS s FROM telemetry').get() as { n: number; s: number };
      expect(rollup.n).toBe(raw.n);
      expect(rollup.s).toBeCloseTo(raw.s, 3);
    } finally {
      db.close();
    }
  });

  it.each([
    [{ step: 'fast' }, 'step must be a whole number with a unit: 500ms, 10s, 1m, 1h or 1d'],
    [{ from: 'yesterday' }, 'from must be an ISO-8601 time such as 2026-12-02T09:00:00Z'],
    [{ from: to, to: from }, 'from must be before to'],
    [{ step: '1s', from: '2026-01-01T00:00:00Z', to: '2026-01-02T00:00:00Z' }, /at most 6 h/],
    [{ step: '1m', from: '2025-01-01T00:00:00Z', to: '2026-01-01T00:00:00Z' }, /more than the limit of 10000/],
    [{ limit: '5' }, 'property limit should not exist'],
  ])('should refuse %j with a 400 that says why', async (query, message) => {
    const res = await request(sut.baseUrl).get('/v1/telemetry/read-svc').query(query).expect(400);
    expect(res.body).toMatchObject({ statusCode: 400, error: 'Bad Request' });
    expect(res.body.message[0]).toMatch(message);
  });

  it('should answer 404 for an unknown service and 400 for a bad id', async () => {
    await request(sut.baseUrl).get('/v1/telemetry/nobody').expect(404);
    await request(sut.baseUrl).get('/v1/telemetry/-bad-').expect(400);
  });
});

describe('GET /v1/telemetry/{service_id} and the rejected-telemetry metric (e2e)', () => {
  let sut: TestApp;
  beforeAll(async () => {
    sut = await startTestApp();
  });
  afterAll(() => sut.close());

  it('should not count a refused read as a refused telemetry request', async () => {
    await request(sut.baseUrl).get('/v1/telemetry/nobody').expect(404);
    await request(sut.baseUrl).get('/v1/telemetry/x').query({ step: 'bad' }).expect(400);
    await request(sut.baseUrl).post('/v1/telemetry').send({ service_id: 'x', latency_ms: -1 }).expect(400);
    const metrics = (await request(sut.baseUrl).get('/metrics').expect(200)).text;
    const rejected = metrics.split('\n').filter((l) => l.startsWith('driftwatch_telemetry_requests_rejected_total{'));
    const total = rejected.reduce((sum, line) => sum + Number(line.split(' ').pop()), 0);
    expect(total).toBe(1);
  });
});
