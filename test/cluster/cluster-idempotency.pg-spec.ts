import { ClusterRuntime } from '@app/cluster';
import { IdempotencyKeyTakenError } from '@app/ingestion';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Test } from '@nestjs/testing';
import type { AddressInfo } from 'node:net';
import { Client } from 'pg';
import { ClusterAppModule } from '../../apps/api/src/cluster/cluster-app.module';
import { configureClusterApp } from '../../apps/api/src/cluster/configure-cluster-app';
import { ClusterRetention } from '../../libs/cluster/src/cluster-retention';
import { freshDatabase } from './pg-test-db';

const HOUR_MS = 3_600_000;

/** Idempotency-Key in cluster mode: the key is written in the append's transaction, on the shared table. */
describe('cluster-mode Idempotency-Key (PostgreSQL)', () => {
  let db: Awaited<ReturnType<typeof freshDatabase>>;
  let app: NestExpressApplication;
  let runtime: ClusterRuntime;
  let base: string;
  let sql: Client;
  const post = (path: string, body: unknown, key?: string) =>
    fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...(key ? { 'idempotency-key': key } : {}) }, body: JSON.stringify(body) });
  // Heads count every record ever appended (scored records leave dw_log).
  const logRows = async () => Number((await sql.query('SELECT sum(head)::int AS n FROM dw_partitions')).rows[0].n);
  const keyRow = async (key: string) => (await sql.query('SELECT fingerprint, status, response, created_at FROM dw_idempotency_keys WHERE key = $1', [key])).rows[0];
  const T0 = Date.now() - HOUR_MS;
  const t = (s: number) => new Date(T0 + s * 1000).toISOString();

  beforeAll(async () => {
    jest.spyOn(console, 'log').mockImplementation(() => undefined);
    db = await freshDatabase('idem', { DRIFTWATCH_CLUSTER_PARTITIONS: '4', DRIFTWATCH_HOST: '127.0.0.1', DRIFTWATCH_PORT: '0', DRIFTWATCH_CLUSTER_HEARTBEAT_MS: '20' });
    const moduleRef = await Test.createTestingModule({ imports: [ClusterAppModule.forRoot(db.config)] }).compile();
    app = moduleRef.createNestApplication<NestExpressApplication>({ logger: ['error'] });
    configureClusterApp(app, db.config);
    await app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
    runtime = app.get(ClusterRuntime);
    sql = new Client({ connectionString: db.url });
    await sql.connect();
  });
  afterAll(async () => {
    await sql.end();
    await app.close();
    await db.drop();
  });

  it('should append once and replay the first answer to a retry, on both routes', async () => {
    const sample = { service_id: 'checkout', latency_ms: 120, timestamp: t(1) };
    const first = await post('/v1/telemetry', sample, 'key-one');
    expect(first.status).toBe(202);
    expect(first.headers.get('idempotent-replayed')).toBeNull();
    const firstBody = await first.json();
    expect(await logRows()).toBe(1);
    expect(await keyRow('key-one')).toMatchObject({ status: 202, response: JSON.stringify(firstBody) });
    const retry = await post('/v1/telemetry', sample, 'key-one');
    expect(retry.status).toBe(202);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect(await retry.json()).toEqual(firstBody);
    expect(await logRows()).toBe(1);

    const batch = { samples: [2, 3, 4].map((s) => ({ service_id: 'checkout', latency_ms: 100 + s, timestamp: t(s) })) };
    const b1 = await post('/v1/telemetry/batch', batch, 'key-batch');
    expect(b1.status).toBe(202);
    expect(await b1.json()).toEqual({ status: 'accepted', count: 3 });
    const b2 = await post('/v1/telemetry/batch', batch, 'key-batch');
    expect(b2.headers.get('idempotent-replayed')).toBe('true');
    expect(await b2.json()).toEqual({ status: 'accepted', count: 3 });
    expect(await logRows()).toBe(4);
  });

  it('should answer 422 for another body or another route with the key, and append nothing', async () => {
    const other = await post('/v1/telemetry', { service_id: 'checkout', latency_ms: 999, timestamp: t(5) }, 'key-one');
    expect(other.status).toBe(422);
    expect(await other.json()).toMatchObject({ statusCode: 422, error: 'Unprocessable Entity' });
    const otherRoute = await post('/v1/telemetry/batch', { samples: [{ service_id: 'checkout', latency_ms: 120, timestamp: t(1) }] }, 'key-one');
    expect(otherRoute.status).toBe(422);
    expect((await post('/v1/telemetry', { service_id: 'checkout', latency_ms: 1 }, 'bad key')).status).toBe(400);
    expect(await logRows()).toBe(4);
  });

  it('should not remember a refused request', async () => {
    expect((await post('/v1/telemetry', { service_id: 'checkout', latency_ms: -1 }, 'key-refused')).status).toBe(400);
    expect(await keyRow('key-refused')).toBeUndefined();
    expect((await post('/v1/telemetry', { service_id: 'checkout', latency_ms: 5, timestamp: t(6) }, 'key-refused')).status).toBe(202);
    expect(await logRows()).toBe(5);
  });

  it('should append once when retries race in this process', async () => {
    const sample = { service_id: 'cart', latency_ms: 50, timestamp: t(7) };
    const answers = await Promise.all(Array.from({ length: 5 }, () => post('/v1/telemetry', sample, 'key-race')));
    expect(answers.map((a) => a.status)).toEqual([202, 202, 202, 202, 202]);
    expect(answers.filter((a) => a.headers.get('idempotent-replayed') === 'true')).toHaveLength(4);
    expect(await logRows()).toBe(6);
  });

  it('should honour a key another process wrote: a replay or a 422, and nothing appended', async () => {
    // As if another process had committed this key (with this fingerprint) an instant ago.
    const sample = { service_id: 'cart', latency_ms: 51, timestamp: t(8) };
    expect((await post('/v1/telemetry', sample, 'key-elsewhere')).status).toBe(202);
    const row = await keyRow('key-elsewhere');
    await sql.query('DELETE FROM dw_idempotency_keys WHERE key = $1', ['key-elsewhere']);
    const before = await logRows();
    // The append path: the key is taken in the transaction, so the records are left out.
    await sql.query('INSERT INTO dw_idempotency_keys (key, fingerprint, status, response, created_at) VALUES ($1, $2, $3, $4, $5)', [
      'key-taken',
      row.fingerprint,
      202,
      row.response,
      Date.now(),
    ]);
    const record = { key: 'key-taken', fingerprint: 'other', status: 202, response: '{}', createdAt: Date.now() };
    await expect(
      runtime.log.append([{ kind: 'sample', serviceId: 'cart', timeMs: Date.now(), latency: 1, payload: NaN }], { record, notBeforeMs: Date.now() - HOUR_MS }),
    ).rejects.toBeInstanceOf(IdempotencyKeyTakenError);
    expect(await logRows()).toBe(before);
    expect((await keyRow('key-taken')).fingerprint).toBe(row.fingerprint);
    // Over HTTP, from this process: the other process's answer, or 422.
    const replay = await post('/v1/telemetry', sample, 'key-taken');
    expect(replay.status).toBe(202);
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect((await post('/v1/telemetry', { ...sample, latency_ms: 52 }, 'key-taken')).status).toBe(422);
    expect(await logRows()).toBe(before);
  });

  it('should treat an expired key as new and let the owner of partition 0 prune it', async () => {
    await sql.query('UPDATE dw_idempotency_keys SET created_at = $1 WHERE key = $2', [Date.now() - 25 * HOUR_MS, 'key-one']);
    const again = await post('/v1/telemetry', { service_id: 'checkout', latency_ms: 777, timestamp: t(9) }, 'key-one');
    expect(again.status).toBe(202);
    expect(again.headers.get('idempotent-replayed')).toBeNull();
    expect(JSON.parse((await keyRow('key-one')).response)).toMatchObject({ timestamp: t(9) });
    await sql.query('UPDATE dw_idempotency_keys SET created_at = $1 WHERE key = $2', [Date.now() - 25 * HOUR_MS, 'key-batch']);
    const retention = new ClusterRetention(db.config);
    const c = new Client({ connectionString: db.url });
    await c.connect();
    try {
      await retention.run(c, 1, Date.now());
      expect(await keyRow('key-batch')).toBeDefined();
      await retention.run(c, 0, Date.now());
    } finally {
      await c.end();
    }
    expect(await keyRow('key-batch')).toBeUndefined();
    expect(await keyRow('key-one')).toBeDefined();
  });
});
