import request from 'supertest';
import { startTestApp, TestApp } from './support/test-app';

const SAMPLE = { service_id: 'checkout', latency_ms: 120, payload_kb: 2.5 };
const INGEST = 'ingest-key-1';
const READ = 'read-key-2';
const ADMIN = 'admin-key-3';

describe('API keys, scopes and JSON-only state changes (e2e)', () => {
  let sut: TestApp;
  beforeAll(async () => {
    sut = await startTestApp({ apiKeys: `ingest:${INGEST},read:${READ},admin:${ADMIN}` });
  });
  afterAll(() => sut.close());

  it('should answer 401 with a JSON error and WWW-Authenticate when no key or an unknown key is sent', async () => {
    for (const [method, path] of [
      ['post', '/v1/telemetry'],
      ['post', '/v1/telemetry/batch'],
      ['get', '/v1/services'],
      ['get', '/v1/system/status'],
      ['get', '/metrics'],
      ['post', '/v1/baseline/checkout/reset'],
    ] as const) {
      const res = await request(sut.baseUrl)[method](path).set('Content-Type', 'application/json').send(method === 'post' ? SAMPLE : undefined);
      expect({ path, status: res.status }).toEqual({ path, status: 401 });
      expect(res.body).toMatchObject({ statusCode: 401, error: 'Unauthorized' });
      expect(res.headers['www-authenticate']).toBe('Bearer realm="DriftWatch"');
    }
    const wrong = await request(sut.baseUrl).get('/v1/services').set('X-API-Key', 'not-a-key');
    expect(wrong.status).toBe(401);
    expect(wrong.body.message).toBe('The API key is not valid');
  });

  it('should accept a key as Authorization: Bearer and as X-API-Key', async () => {
    await request(sut.baseUrl).post('/v1/telemetry').set('Authorization', `Bearer ${INGEST}`).send(SAMPLE).expect(202);
    await request(sut.baseUrl).post('/v1/telemetry').set('X-API-Key', INGEST).send(SAMPLE).expect(202);
    await request(sut.baseUrl).get('/v1/health/checkout').set('Authorization', `bearer ${READ}`).expect(200);
  });

  it('should answer 403 with a JSON error for a key of another scope, and let admin do everything', async () => {
    const cases: Array<[string, 'get' | 'post', string, number]> = [
      [READ, 'post', '/v1/telemetry', 403],
      [READ, 'post', '/v1/traces', 403],
      [INGEST, 'get', '/v1/services', 403],
      [INGEST, 'get', '/metrics', 403],
      [INGEST, 'post', '/v1/baseline/checkout/reset', 403],
      [READ, 'post', '/v1/baseline/checkout/reset', 403],
      [READ, 'post', '/v1/deployments', 403],
      [READ, 'get', '/metrics', 200],
      [READ, 'get', '/v1/system/status', 200],
      [ADMIN, 'post', '/v1/telemetry', 202],
      [ADMIN, 'get', '/v1/services', 200],
      [ADMIN, 'post', '/v1/baseline/checkout/reset', 202],
    ];
    for (const [key, method, path, status] of cases) {
      const res = await request(sut.baseUrl)[method](path)
        .set('X-API-Key', key)
        .set('Content-Type', 'application/json')
        .send(path === '/v1/telemetry' ? SAMPLE : undefined);
      expect({ key, path, status: res.status }).toEqual({ key, path, status });
      if (status === 403) expect(res.body).toMatchObject({ statusCode: 403, error: 'Forbidden' });
    }
  });

  it('should take OTLP protobuf on /v1/traces with an ingest key, and no key there', async () => {
    await request(sut.baseUrl).post('/v1/traces').set('Content-Type', 'application/x-protobuf').send(Buffer.alloc(0)).expect(401);
    const res = await request(sut.baseUrl).post('/v1/traces').set('X-API-Key', INGEST).set('Content-Type', 'application/x-protobuf').send(Buffer.alloc(0));
    expect(res.status).toBe(200);
    // Elsewhere protobuf is no more welcome than a form.
    await request(sut.baseUrl).post('/v1/telemetry').set('X-API-Key', INGEST).set('Content-Type', 'application/x-protobuf').send(Buffer.alloc(1)).expect(415);
  });

  it('should keep /health and /docs open', async () => {
    expect((await request(sut.baseUrl).get('/health').expect(200)).body).toEqual({ status: 'ok' });
    await request(sut.baseUrl).get('/docs').expect(200);
  });

  it('should refuse a cross-site form POST, with or without a body, with 415 and change nothing', async () => {
    const resets = async () =>
      (await request(sut.baseUrl).get('/v1/events?reason=baseline_reset').set('X-API-Key', READ).expect(200)).body.events.length as number;
    const stored = async () => (await request(sut.baseUrl).get('/v1/system/status').set('X-API-Key', READ).expect(200)).body.total_telemetry_records as number;
    const before = [await resets(), await stored()];
    const form = await request(sut.baseUrl)
      .post('/v1/baseline/checkout/reset')
      .set('X-API-Key', ADMIN)
      .set('Content-Type', 'application/x-www-form-urlencoded')
      .send('');
    expect(form.status).toBe(415);
    expect(form.body).toMatchObject({ statusCode: 415, error: 'Unsupported Media Type' });
    await request(sut.baseUrl).post('/v1/baseline/checkout/reset').set('X-API-Key', ADMIN).expect(415);
    await request(sut.baseUrl).post('/v1/telemetry').set('X-API-Key', ADMIN).set('Content-Type', 'text/plain').send(JSON.stringify(SAMPLE)).expect(415);
    expect([await resets(), await stored()]).toEqual(before);
  });

  it('should send security headers, no CORS header, and document both key schemes in /docs', async () => {
    const res = await request(sut.baseUrl).get('/v1/services').set('X-API-Key', READ).set('Origin', 'https://evil.example').expect(200);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-security-policy']).toContain("script-src 'self'");
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
    const spec = (await request(sut.baseUrl).get('/docs-json').expect(200)).body;
    expect(Object.keys(spec.components.securitySchemes).sort()).toEqual(['api-key', 'bearer']);
    expect(spec.paths['/v1/telemetry'].post.security).toEqual([{ bearer: [] }, { 'api-key': [] }]);
    expect(spec.paths['/v1/telemetry'].post.description).toContain('Scope: `ingest`');
    expect(spec.paths['/v1/baseline/{service_id}/reset'].post.description).toContain('Scope: `admin`');
    expect(spec.paths['/v1/telemetry'].post.responses['401']).toBeDefined();
    expect(spec.paths['/health'].get.security).toEqual([]);
  });
});

describe('without API keys (e2e)', () => {
  let sut: TestApp;
  beforeAll(async () => {
    sut = await startTestApp({ corsOrigins: 'https://ops.example.com' });
  });
  afterAll(() => sut.close());

  it('should leave every route open but still refuse form POSTs', async () => {
    await request(sut.baseUrl).post('/v1/telemetry').send(SAMPLE).expect(202);
    await request(sut.baseUrl).get('/v1/services').expect(200);
    await request(sut.baseUrl).post('/v1/baseline/checkout/reset').set('Content-Type', 'application/json').expect(202);
    await request(sut.baseUrl).post('/v1/baseline/checkout/reset').set('Content-Type', 'application/x-www-form-urlencoded').expect(415);
  });

  it('should allow only the configured CORS origins', async () => {
    const allowed = await request(sut.baseUrl)
      .options('/v1/telemetry')
      .set('Origin', 'https://ops.example.com')
      .set('Access-Control-Request-Method', 'POST')
      .set('Access-Control-Request-Headers', 'content-type,x-api-key');
    expect(allowed.status).toBe(204);
    expect(allowed.headers['access-control-allow-origin']).toBe('https://ops.example.com');
    expect(allowed.headers['access-control-allow-headers']).toContain('X-API-Key');
    const other = await request(sut.baseUrl).get('/v1/services').set('Origin', 'https://evil.example').expect(200);
    expect(other.headers['access-control-allow-origin']).toBeUndefined();
  });
});
