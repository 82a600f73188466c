import request from 'supertest';
import { normalSamples } from './support/samples';
import { startTestApp, TestApp } from './support/test-app';

describe('Service, baseline, event and system routes (e2e)', () => {
  let sut: TestApp;

  beforeAll(async () => {
    sut = await startTestApp();
    const start = Date.now() - 600_000;
    await request(sut.baseUrl).post('/v1/telemetry/batch').send({ samples: normalSamples('orders', 120, start) }).expect(202);
    await request(sut.baseUrl).post('/v1/telemetry/batch').send({ samples: normalSamples('billing', 30, start) }).expect(202);
  });
  afterAll(() => sut.close());

  it('GET /v1/services should list every service with its state and sample count', async () => {
    const res = await request(sut.baseUrl).get('/v1/services').expect(200);
    expect(res.body.services).toEqual([
      expect.objectContaining({ service_id: 'orders', state: 'STABLE', samples_total: 120 }),
      expect.objectContaining({ service_id: 'billing', state: 'INSUFFICIENT_DATA', samples_total: 30 }),
    ]);
  });

  it.each(['/v1/health/nope', '/v1/baseline/nope', '/v1/events/nope'])('GET %s should be 404 for an unknown service', async (path) => {
    const res = await request(sut.baseUrl).get(path).expect(404);
    expect(res.body).toEqual({ statusCode: 404, error: 'Not Found', message: expect.stringContaining("'nope'") });
  });

  it('should reject a malformed service id in the path with 400', async () => {
    const res = await request(sut.baseUrl).get('/v1/health/bad%20id').expect(400);
    expect(res.body.message[0]).toContain('service_id must start with a letter or digit');
  });

  it('GET /v1/events should list events of all services and validate its parameters', async () => {
    const res = await request(sut.baseUrl).get('/v1/events?limit=10').expect(200);
    expect(res.body.events).toEqual([expect.objectContaining({ service_id: 'orders', reason: 'baseline_ready', to: 'STABLE' })]);
    await request(sut.baseUrl).get('/v1/events?limit=0').expect(400);
    await request(sut.baseUrl).get('/v1/events?since=last-week').expect(400);
    await request(sut.baseUrl).get('/v1/events?unknown=1').expect(400);
  });

  it('POST /v1/baseline/{id}/reset should send the service back to INSUFFICIENT_DATA and record it', async () => {
    const res = await request(sut.baseUrl).post('/v1/baseline/orders/reset').set('Content-Type', 'application/json').expect(202);
    expect(res.body).toEqual({ service_id: 'orders', state: 'INSUFFICIENT_DATA', samples_needed: 100 });
    await request(sut.baseUrl).get('/v1/baseline/orders').expect(404);
    const events = (await request(sut.baseUrl).get('/v1/events/orders?limit=1').expect(200)).body.events;
    expect(events[0]).toMatchObject({ from: 'STABLE', to: 'INSUFFICIENT_DATA', reason: 'baseline_reset', seq: null });
    await request(sut.baseUrl).post('/v1/baseline/nope/reset').set('Content-Type', 'application/json').expect(404);
  });

  it('GET /v1/system/status should report services, records, size and queue', async () => {
    const res = await request(sut.baseUrl).get('/v1/system/status').expect(200);
    expect(res.body).toMatchObject({ status: 'healthy', services_monitored: 2, detectors_loaded: 2, total_telemetry_records: 150 });
    expect(res.body.database_size_mb).toBeGreaterThan(0);
    expect(res.body.queue).toMatchObject({ depth: 0, refused_samples: 0, committed_samples: 150 });
    expect(res.body.memory.rss_mb).toBeGreaterThan(res.body.memory.heap_used_mb);
    expect(res.body.memory.heap_total_mb).toBeGreaterThanOrEqual(res.body.memory.heap_used_mb);
  });

  it('GET /health should answer for load balancers', async () => {
    await request(sut.baseUrl).get('/health').expect(200, { status: 'ok' });
  });

  it('GET /docs should serve Swagger UI documenting every route', async () => {
    await request(sut.baseUrl).get('/docs').expect(200).expect('content-type', /html/);
    const spec = (await request(sut.baseUrl).get('/docs-json').expect(200)).body;
    expect(Object.keys(spec.paths).sort()).toEqual([
      '/health',
      '/metrics',
      '/v1/alerts/deliveries',
      '/v1/baseline/{service_id}',
      '/v1/baseline/{service_id}/reset',
      '/v1/deployments',
      '/v1/deployments/{id}',
      '/v1/events',
      '/v1/events/{service_id}',
      '/v1/gate/{service_id}',
      '/v1/health/{service_id}',
      '/v1/incidents',
      '/v1/services',
      '/v1/services/{service_id}',
      '/v1/system/status',
      '/v1/telemetry',
      '/v1/telemetry/batch',
      '/v1/telemetry/{service_id}',
      '/v1/traces',
    ]);
    expect(spec.paths['/v1/telemetry/{service_id}'].get.parameters.map((p: { name: string }) => p.name).sort()).toEqual(['from', 'service_id', 'step', 'to']);
    expect(JSON.stringify(spec.components.schemas.TelemetrySeriesDto.properties.latency)).toContain('MetricSeriesDto');
    expect(spec.components.schemas.TelemetryDto.properties.latency_ms.example).toBe(156.7);
    expect(spec.components.schemas.TelemetryDto.required).toEqual(['service_id', 'latency_ms']);
    expect(spec.components.schemas.HealthDto.properties.sample_count.deprecated).toBe(true);
    expect(spec.paths['/v1/events'].get.parameters.map((p: { name: string }) => p.name).sort()).toEqual(['before', 'limit', 'reason', 'since', 'state']);
    expect(spec.paths['/metrics'].get.responses['200'].content['text/plain']).toBeDefined();
    // Every reason an event can carry is listed, so a client can switch on them.
    expect(spec.components.schemas.DriftEventDto.properties.reason.enum).toEqual(
      expect.arrayContaining(['recovered', 'persistent_shift', 'tail_drift', 'new_normal_adopted']),
    );
  });
});
