import type { NestExpressApplication } from '@nestjs/platform-express';
import { Test } from '@nestjs/testing';
import type { AddressInfo } from 'node:net';
import { ClusterAppModule } from '../../apps/api/src/cluster/cluster-app.module';
import { configureClusterApp } from '../../apps/api/src/cluster/configure-cluster-app';
import { freshDatabase } from './pg-test-db';

const INGEST = 'ingest-key-1';
const READ = 'read-key-2';
const ADMIN = 'admin-key-3';
const SAMPLE = { service_id: 'checkout', latency_ms: 120, payload_kb: 2.5 };

/** Issue 13's edge in cluster mode: keys and scopes, JSON-only writes, helmet, docs. */
describe('cluster-mode API keys, scopes and JSON-only writes (PostgreSQL)', () => {
  let db: Awaited<ReturnType<typeof freshDatabase>>;
  let app: NestExpressApplication;
  let base: string;
  const call = (method: string, path: string, key?: string, body?: unknown, type = 'application/json') =>
    fetch(`${base}${path}`, {
      method,
      headers: { ...(type ? { 'content-type': type } : {}), ...(key ? { 'x-api-key': key } : {}) },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });

  beforeAll(async () => {
    jest.spyOn(console, 'log').mockImplementation(() => undefined);
    db = await freshDatabase('sec', {
      DRIFTWATCH_CLUSTER_PARTITIONS: '4',
      DRIFTWATCH_HOST: '127.0.0.1',
      DRIFTWATCH_PORT: '0',
      DRIFTWATCH_CLUSTER_HEARTBEAT_MS: '20',
      DRIFTWATCH_API_KEYS: `ingest:${INGEST},read:${READ},admin:${ADMIN}`,
    });
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

  it('should answer 401 with WWW-Authenticate without a key or with an unknown one', async () => {
    for (const [method, path] of [
      ['POST', '/v1/telemetry'],
      ['POST', '/v1/telemetry/batch'],
      ['GET', '/v1/services'],
      ['GET', '/v1/system/status'],
      ['GET', '/metrics'],
      ['POST', '/v1/baseline/checkout/reset'],
      ['POST', '/v1/deployments'],
      ['GET', '/v1/gate/checkout'],
    ]) {
      const res = await call(method, path, undefined, method === 'POST' ? SAMPLE : undefined);
      expect({ path, status: res.status }).toEqual({ path, status: 401 });
      expect(await res.json()).toMatchObject({ statusCode: 401, error: 'Unauthorized' });
      expect(res.headers.get('www-authenticate')).toBe('Bearer realm="DriftWatch"');
    }
    const wrong = await call('GET', '/v1/services', 'not-a-key');
    expect(wrong.status).toBe(401);
    expect(((await wrong.json()) as { message: string }).message).toBe('The API key is not valid');
  });

  it('should answer 403 for a key of another scope and 2xx for the right one, as in embedded mode', async () => {
    const cases: Array<[string, string, string, unknown, number]> = [
      [READ, 'POST', '/v1/telemetry', SAMPLE, 403],
      [READ, 'POST', '/v1/telemetry/batch', { samples: [SAMPLE] }, 403],
      [INGEST, 'GET', '/v1/services', undefined, 403],
      [INGEST, 'GET', '/metrics', undefined, 403],
      [INGEST, 'POST', '/v1/baseline/checkout/reset', {}, 403],
      [READ, 'POST', '/v1/baseline/checkout/reset', {}, 403],
      [READ, 'POST', '/v1/deployments', { service_id: 'checkout', version: 'v1' }, 403],
      [INGEST, 'POST', '/v1/gate/checkout', {}, 403],
      [INGEST, 'POST', '/v1/telemetry', SAMPLE, 202],
      [INGEST, 'POST', '/v1/telemetry/batch', { samples: [SAMPLE] }, 202],
      [READ, 'GET', '/metrics', undefined, 200],
      [READ, 'GET', '/v1/system/status', undefined, 200],
      [READ, 'GET', '/v1/services', undefined, 200],
      [ADMIN, 'POST', '/v1/telemetry', SAMPLE, 202],
      [ADMIN, 'POST', '/v1/deployments', { service_id: 'checkout', version: 'v1' }, 201],
    ];
    for (const [key, method, path, body, status] of cases) {
      const res = await call(method, path, key, body);
      expect({ key, method, path, status: res.status }).toEqual({ key, method, path, status });
      if (status === 403) expect(await res.json()).toMatchObject({ statusCode: 403, error: 'Forbidden' });
    }
    // The gate POST needs read, as its GET: any status but 401/403 (the service may still be learning).
    expect([200, 404, 409, 503]).toContain((await call('POST', '/v1/gate/checkout', READ, {})).status);
  });

  it('should keep /health, /ready and /docs open', async () => {
    expect(await (await call('GET', '/health')).json()).toEqual({ status: 'ok' });
    expect([200, 503]).toContain((await call('GET', '/ready')).status);
    expect((await call('GET', '/docs')).status).toBe(200);
  });

  it('should refuse a form POST, or one with no Content-Type, with 415, key or not', async () => {
    const form = await call('POST', '/v1/baseline/checkout/reset', ADMIN, 'a=1', 'application/x-www-form-urlencoded');
    expect(form.status).toBe(415);
    expect(await form.json()).toMatchObject({ statusCode: 415, error: 'Unsupported Media Type' });
    expect((await call('POST', '/v1/telemetry', INGEST, 'service_id=x', 'text/plain')).status).toBe(415);
    expect((await call('POST', '/v1/telemetry', INGEST, undefined, '')).status).toBe(415);
  });

  it('should apply the slow-client limits to the HTTP server', () => {
    const server = app.getHttpServer() as import('node:http').Server;
    expect(server.headersTimeout).toBe(db.config.headersTimeoutSeconds * 1000);
    expect(server.requestTimeout).toBe(db.config.requestTimeoutSeconds * 1000);
    expect(server.maxConnections).toBe(db.config.maxConnections);
  });

  it('should send helmet headers and no CORS header without DRIFTWATCH_CORS_ORIGINS', async () => {
    const res = await fetch(`${base}/health`, { headers: { origin: 'https://evil.example' } });
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
    expect(res.headers.get('x-powered-by')).toBeNull();
  });

  it('should cap the validation messages and document the key schemes and scopes', async () => {
    const body = Object.fromEntries(Array.from({ length: 500 }, (_, i) => [`junk${i}`, 1]));
    const res = await call('POST', '/v1/deployments', ADMIN, { service_id: 'x', version: 'v', ...body });
    expect(res.status).toBe(400);
    const error = (await res.json()) as { message: string[]; more_messages: number };
    expect(error.message).toHaveLength(20);
    expect(error.more_messages).toBeGreaterThan(400);
    const doc = (await (await fetch(`${base}/docs-json`)).json()) as {
      components: { securitySchemes: Record<string, unknown> };
      paths: Record<string, Record<string, { security?: unknown[]; description?: string }>>;
    };
    expect(Object.keys(doc.components.securitySchemes).sort()).toEqual(['api-key', 'bearer']);
    expect(doc.paths['/health'].get.security).toEqual([]);
    expect(doc.paths['/ready'].get.security).toEqual([]);
    expect(doc.paths['/v1/telemetry'].post.description).toContain('Scope: `ingest`');
    expect(doc.paths['/v1/baseline/{service_id}/reset'].post.description).toContain('Scope: `admin`');
  });
});
