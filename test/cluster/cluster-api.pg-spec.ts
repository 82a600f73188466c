import type { NestExpressApplication } from '@nestjs/platform-express';
import { Test } from '@nestjs/testing';
import type { AddressInfo } from 'node:net';
import { ClusterAppModule } from '../../apps/api/src/cluster/cluster-app.module';
import { configureClusterApp } from '../../apps/api/src/cluster/configure-cluster-app';
import { freshDatabase } from './pg-test-db';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The API in cluster mode, in-process on a fresh database: the routes' contract, errors and readiness. */
describe('cluster-mode API (PostgreSQL)', () => {
  let db: Awaited<ReturnType<typeof freshDatabase>>;
  let app: NestExpressApplication;
  let base: string;
  const post = (path: string, body: unknown) => fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const get = async (path: string) => {
    const res = await fetch(`${base}${path}`);
    return { status: res.status, body: (await res.json()) as Record<string, any> };
  };
  const until = async (path: string, ok: (r: { status: number; body: Record<string, any> }) => boolean) => {
    for (let i = 0; i < 100; i++) {
      const r = await get(path);
      if (ok(r)) return r;
      await sleep(50);
    }
    throw new Error(`${path} never satisfied the condition`);
  };

  beforeAll(async () => {
    jest.spyOn(console, 'log').mockImplementation(() => undefined);
    db = await freshDatabase('api', { DRIFTWATCH_CLUSTER_PARTITIONS: '8', DRIFTWATCH_HOST: '127.0.0.1', DRIFTWATCH_PORT: '0', DRIFTWATCH_CLUSTER_HEARTBEAT_MS: '20' });
    const moduleRef = await Test.createTestingModule({ imports: [ClusterAppModule.forRoot(db.config)] }).compile();
    app = moduleRef.createNestApplication<NestExpressApplication>({ logger: ['error'] });
    configureClusterApp(app, db.config);
    await app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await app.close();
    await db.drop();
  });

  it('should be ready once it holds its partitions', async () => {
    const r = await until('/ready', (x) => x.status === 200 && x.body.partitions_owned === 8);
    expect(r.body).toMatchObject({ status: 'ready', lease_connected: true, partitions_owned: 8, partitions_total: 8, members: 1 });
  });

  it('should refuse an invalid sample with 400 and append nothing', async () => {
    const res = await post('/v1/telemetry/batch', { samples: [{ service_id: 'ok', latency_ms: 1 }, { service_id: 'bad id!', latency_ms: -1 }] });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { message: string[] }).message.join(' ')).toContain('samples.1.latency_ms');
    const withEndpoint = await post('/v1/telemetry', { service_id: 'ok', endpoint: 'GET /x', latency_ms: 1 });
    expect(withEndpoint.status).toBe(400);
    expect(JSON.stringify(await withEndpoint.json())).toContain('endpoint is not supported in cluster mode');
    expect((await get('/v1/system/status')).body).toMatchObject({ appended_samples: 0, pending: 0 });
    expect((await get('/v1/health/ok')).status).toBe(404);
  });

  it('should accept samples, score them, and report the scoring progress on health, gate, baseline and events', async () => {
    const t0 = Date.now() - 3_600_000;
    const samples = Array.from({ length: 120 }, (_, i) => ({ service_id: 'checkout', latency_ms: 100 + (i % 7), payload_kb: 3, timestamp: new Date(t0 + i * 1000).toISOString() }));
    const res = await post('/v1/telemetry/batch', { samples });
    expect(res.status).toBe(202);
    const health = await until('/v1/health/checkout', (r) => r.status === 200 && r.body.samples_total === 120);
    expect(health.body).toMatchObject({ state: 'STABLE', scoring: { pending: 0, lag_ms: 0 } });
    expect(health.body.scoring.scored_through).not.toBeNull();
    const gate = await get('/v1/gate/checkout');
    expect(gate).toMatchObject({ status: 200, body: { outcome: 'pass', scoring: { pending: 0 } } });
    expect((await get('/v1/gate/checkout?deployment=3')).status).toBe(404);
    expect((await get('/v1/baseline/checkout')).body).toMatchObject({ service_id: 'checkout', window_samples: 100 });
    const events = await get('/v1/events/checkout');
    expect(events.body.events.map((e: { reason: string }) => e.reason)).toEqual(['baseline_ready']);
    expect((await get('/v1/services')).body.services).toEqual([expect.objectContaining({ service_id: 'checkout', state: 'STABLE', samples_total: 120 })]);
  });

  it('should record deployment markers, judge the gate since the latest one and compare around it', async () => {
    const t0 = Date.now() - 1_800_000;
    const created = await post('/v1/deployments', { service_id: 'cart', version: 'v7', timestamp: new Date(t0 + 150_000).toISOString() });
    expect(created.status).toBe(201);
    const marker = (await created.json()) as { id: number };
    const samples = Array.from({ length: 220 }, (_, i) => ({ service_id: 'cart', latency_ms: i < 150 ? 100 + (i % 7) : 400, payload_kb: 3, timestamp: new Date(t0 + i * 1000).toISOString() }));
    expect((await post('/v1/telemetry/batch', { samples })).status).toBe(202);
    await until('/v1/health/cart', (r) => r.status === 200 && r.body.samples_total === 220);
    const gate = await get('/v1/gate/cart');
    expect(gate).toMatchObject({ status: 409, body: { outcome: 'drifting', since_source: 'latest_deployment', deployment: { id: marker.id, version: 'v7' } } });
    const drift = (await get('/v1/events/cart?state=DRIFT_DETECTED')).body.events[0];
    expect(drift.deployment_id).toBe(marker.id);
    expect((await get(`/v1/deployments/${marker.id}`)).body).toMatchObject({ verdict: 'fail' });
    expect((await get('/v1/deployments?service_id=cart')).body.deployments).toEqual([expect.objectContaining({ id: marker.id, version: 'v7' })]);
    expect((await get('/v1/deployments/9999')).status).toBe(404);
  });

  it('should queue a reset behind the samples and answer 404 for an unknown service', async () => {
    expect((await post('/v1/baseline/nobody/reset', {})).status).toBe(404);
    expect((await post('/v1/baseline/checkout/reset', {})).status).toBe(202);
    await until('/v1/health/checkout', (r) => r.body.state === 'INSUFFICIENT_DATA');
    expect((await get('/v1/gate/checkout')).body.outcome).toBe('learning');
    expect((await get('/v1/gate/nobody')).status).toBe(404);
  });

  it('should export the cluster metrics for Prometheus', async () => {
    const res = await fetch(`${base}/metrics`);
    expect(res.headers.get('content-type')).toContain('text/plain');
    const text = await res.text();
    expect(text).toMatch(/^driftwatch_cluster_partitions_owned 8$/m);
    expect(text).toMatch(/^driftwatch_cluster_partitions 8$/m);
    expect(text).toMatch(/^driftwatch_cluster_lease_connected 1$/m);
    expect(text).toMatch(/^driftwatch_cluster_samples_appended_total 340$/m);
    expect(text).toMatch(/^driftwatch_cluster_pending_samples 0$/m);
    expect(text).toMatch(/^driftwatch_samples_rejected_total\{reason="invalid"\} 3$/m);
    expect(text).toMatch(/^driftwatch_cluster_lease_changes_total\{kind="acquired"\} 8$/m);
    expect(text).toMatch(/^driftwatch_services\{state="INSUFFICIENT_DATA"\} 1$/m);
    expect(text).toMatch(/^driftwatch_services\{state="DRIFT_DETECTED"\} 1$/m);
  });

  it('should document the cluster routes in Swagger', async () => {
    const doc = (await (await fetch(`${base}/docs-json`)).json()) as { paths: Record<string, unknown>; info: { description: string } };
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/v1/telemetry', '/v1/telemetry/batch', '/v1/gate/{service_id}', '/ready', '/v1/health/{service_id}', '/v1/events', '/metrics']));
    expect(doc.info.description).toContain('durably in the shared log');
  });
});
