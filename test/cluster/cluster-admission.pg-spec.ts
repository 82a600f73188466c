import { ClusterRuntime } from '@app/cluster';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Test } from '@nestjs/testing';
import type { AddressInfo } from 'node:net';
import { ClusterAppModule } from '../../apps/api/src/cluster/cluster-app.module';
import { configureClusterApp } from '../../apps/api/src/cluster/configure-cluster-app';
import { STORE_REFRESH_MS } from '../../libs/cluster/src/cluster-admission-registry';
import { freshDatabase } from './pg-test-db';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** DRIFTWATCH_MAX_SERVICES and DRIFTWATCH_MAX_OUT_OF_ORDER_SECONDS in cluster mode. */
describe('cluster-mode fleet cap and late samples (PostgreSQL)', () => {
  let db: Awaited<ReturnType<typeof freshDatabase>>;
  let app: NestExpressApplication;
  let runtime: ClusterRuntime;
  let base: string;
  const T0 = Date.now() - 3_600_000;
  const t = (s: number) => new Date(T0 + s * 1000).toISOString();
  const post = (path: string, body: unknown) => fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const one = (service: string, s: number) => post('/v1/telemetry', { service_id: service, latency_ms: 10, timestamp: t(s) });
  const pending = async () => Number((await runtime.database.pool.query('SELECT count(*)::int AS n FROM dw_log')).rows[0].n);
  const scored = async () => {
    for (let i = 0; i < 200 && (await pending()) > 0; i++) await sleep(25);
  };

  beforeAll(async () => {
    jest.spyOn(console, 'log').mockImplementation(() => undefined);
    db = await freshDatabase('adm', {
      DRIFTWATCH_CLUSTER_PARTITIONS: '4',
      DRIFTWATCH_HOST: '127.0.0.1',
      DRIFTWATCH_PORT: '0',
      DRIFTWATCH_CLUSTER_HEARTBEAT_MS: '20',
      DRIFTWATCH_MAX_SERVICES: '3',
      DRIFTWATCH_MAX_OUT_OF_ORDER_SECONDS: '60',
    });
    const moduleRef = await Test.createTestingModule({ imports: [ClusterAppModule.forRoot(db.config)] }).compile();
    app = moduleRef.createNestApplication<NestExpressApplication>({ logger: ['error'] });
    configureClusterApp(app, db.config);
    await app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
    runtime = app.get(ClusterRuntime);
  });
  afterAll(async () => {
    await app.close();
    await db.drop();
  });

  it('should refuse a sample more than MAX_OUT_OF_ORDER_SECONDS older than the newest of its service (400), in one request and across requests', async () => {
    expect((await one('a', 100)).status).toBe(202);
    expect((await one('a', 50)).status).toBe(202);
    const late = await one('a', 39);
    expect(late.status).toBe(400);
    expect(JSON.stringify(await late.json())).toContain('DRIFTWATCH_MAX_OUT_OF_ORDER_SECONDS');
    const batch = await post('/v1/telemetry/batch', { samples: [{ service_id: 'a', latency_ms: 1, timestamp: t(300) }, { service_id: 'a', latency_ms: 1, timestamp: t(200) }] });
    expect(batch.status).toBe(400);
    expect(JSON.stringify(await batch.json())).toContain('samples.1.timestamp');
    await scored();
    // Nothing of the refused batch was stored: 100 is still the newest.
    expect((await one('a', 45)).status).toBe(202);
  });

  it('should know the newest timestamp the store holds, written by another process', async () => {
    await scored();
    // As if another process had appended (and scored) a later sample of 'a'.
    await runtime.log.append([{ kind: 'sample', serviceId: 'a', timeMs: T0 + 1000_000, latency: 10, payload: NaN }]);
    await sleep(STORE_REFRESH_MS + 50);
    const late = await one('a', 500);
    expect(late.status).toBe(400);
    expect(JSON.stringify(await late.json())).toContain(new Date(T0 + 1000_000).toISOString());
  });

  it('should refuse a new service beyond MAX_SERVICES with 429 naming the setting, counting services not yet scored', async () => {
    await scored();
    expect((await one('b', 1)).status).toBe(202);
    // 'c' is appended, not scored yet, or scored: counted either way.
    expect((await one('c', 1)).status).toBe(202);
    const refused = await one('d', 1);
    expect(refused.status).toBe(429);
    expect(((await refused.json()) as { message: string }).message).toContain('DRIFTWATCH_MAX_SERVICES=3');
    const batch = await post('/v1/telemetry/batch', { samples: [{ service_id: 'b', latency_ms: 1, timestamp: t(2) }, { service_id: 'e', latency_ms: 1, timestamp: t(2) }] });
    expect(batch.status).toBe(429);
    // Known services still go in.
    expect((await one('b', 3)).status).toBe(202);
    await scored();
    expect((await runtime.database.pool.query('SELECT name FROM services ORDER BY name')).rows.map((r) => r.name)).toEqual(['a', 'b', 'c']);
  });

  it('should count a new service another process appended but nobody scored yet', async () => {
    await runtime.database.pool.query("DELETE FROM services WHERE name = 'c'");
    // Now two services are stored; a record of 'x' waits in the log (as if appended elsewhere, unscored).
    await runtime.database.pool.query(
      `INSERT INTO dw_log (partition, log_offset, kind, service_name, ts, latency_ms, payload_kb, appended_at) VALUES (0, 1000000, 0, 'x', 0, 1, NULL, 0)`,
    );
    expect((await one('y', 1)).status).toBe(429);
  });
});
