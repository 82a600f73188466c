import { SqliteDatabase } from '@app/persistence';
import fc from 'fast-check';
import request from 'supertest';
import { startTestApp, TestApp } from './support/test-app';

const KEYS = { ingest: 'fuzz-ingest', read: 'fuzz-read', admin: 'fuzz-admin' };
const RUNS = 250;

/** What a refused request must leave untouched. */
const TABLES = ['telemetry', 'services', 'drift_events', 'deployments'] as const;

const SERVICE_IDS = ['svc', 'checkout-api', 'a.b_c-d', '', ' ', 'x'.repeat(200), 'ünïcødé', '../etc', 'a/b', '%00'];
const anyNumber = fc.oneof(fc.double(), fc.integer(), fc.constantFrom(0, -1, 1e308, -0, 3_600_001), fc.string(), fc.constant(null), fc.boolean());
const timestamp = fc.oneof(
  fc.date({ min: new Date('1960-01-01'), max: new Date('2100-01-01'), noInvalidDate: true }).map((d) => d.toISOString()),
  fc.string(),
  fc.integer(),
  fc.constant(new Date().toISOString()),
);
const sample = fc.record(
  {
    service_id: fc.oneof(fc.constantFrom(...SERVICE_IDS), fc.string(), fc.integer()),
    latency_ms: anyNumber,
    payload_kb: anyNumber,
    timestamp,
    extra: fc.jsonValue(),
  },
  { requiredKeys: [] },
);
/** Valid samples, so that part of the run gets through the guards and is stored. */
const validSample = fc.record({
  service_id: fc.constantFrom('svc', 'checkout-api'),
  latency_ms: fc.double({ min: 0, max: 10_000, noNaN: true }),
  payload_kb: fc.double({ min: 0, max: 1000, noNaN: true }),
});
const body = fc.oneof(
  { weight: 3, arbitrary: validSample.map((s) => JSON.stringify(s)) },
  { weight: 2, arbitrary: fc.array(validSample, { minLength: 1, maxLength: 20 }).map((samples) => JSON.stringify({ samples })) },
  sample.map((s) => JSON.stringify(s)),
  fc.array(sample, { maxLength: 30 }).map((samples) => JSON.stringify({ samples })),
  fc.record({ service_id: fc.oneof(fc.constantFrom(...SERVICE_IDS), fc.string()), deployment_id: fc.string(), timestamp, version: fc.jsonValue() }, { requiredKeys: [] }).map((d) => JSON.stringify(d)),
  fc.jsonValue().map((v) => JSON.stringify(v)),
  // Not JSON at all, or JSON cut short.
  fc.string({ maxLength: 300 }),
  fc.jsonValue().map((v) => JSON.stringify(v).slice(0, -1)),
);
const path = fc.constantFrom(
  '/v1/telemetry',
  '/v1/telemetry',
  '/v1/telemetry/batch',
  '/v1/telemetry/batch',
  '/v1/baseline/svc/reset',
  '/v1/baseline/..%2F/reset',
  '/v1/deployments',
  '/v1/gate/svc',
  '/v1/telemetry?x=1',
  '/v1/traces',
);
const contentType = fc.oneof(
  { weight: 4, arbitrary: fc.constant('application/json') },
  fc.constantFrom('application/json', 'application/json; charset=utf-8', 'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/x-protobuf', 'application/json; charset=latin1', 'APPLICATION/JSON', ''),
  fc.constant(undefined),
);
const apiKey = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(KEYS.ingest, KEYS.admin) },
  fc.constant(KEYS.read),
  fc.string({ maxLength: 60 }),
  fc.constant(undefined),
);
const header = fc.constantFrom('x-api-key', 'authorization', 'idempotency-key', 'content-encoding', 'x-forwarded-for', 'origin', 'accept');

describe('fuzzing the POST routes (e2e, fast-check)', () => {
  let sut: TestApp;
  let db: SqliteDatabase;
  const counts = () => TABLES.map((t) => Number(db.raw.prepare(`SELECT count(*) FROM ${t}`).pluck().get()));

  beforeAll(async () => {
    sut = await startTestApp({ apiKeys: `ingest:${KEYS.ingest},read:${KEYS.read},admin:${KEYS.admin}`, batchMaxSamples: 20 });
    db = sut.app.get(SqliteDatabase);
  });
  afterAll(() => sut.close());

  it('should never answer 5xx, and a refused request should write nothing', async () => {
    const statuses = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(
        path,
        body,
        contentType,
        apiKey,
        fc.boolean(),
        fc.array(fc.tuple(header, fc.string({ maxLength: 40 })), { maxLength: 3 }),
        async (route, payload, type, key, asBearer, extraHeaders) => {
          const before = counts();
          let req = request(sut.baseUrl).post(route);
          for (const [name, value] of extraHeaders) {
            // Header values must be printable ASCII on the wire; anything else is the client library's error, not ours.
            if (/^[\x20-\x7e]*$/.test(value)) req = req.set(name, value);
          }
          if (key !== undefined && /^[\x21-\x7e]*$/.test(key)) req = asBearer ? req.set('Authorization', `Bearer ${key}`) : req.set('X-API-Key', key);
          if (type !== undefined) req = req.set('Content-Type', type);
          const res = await req.send(payload);
          statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
          // The gate's "inconclusive" verdict is a designed 503 (with Retry-After), not a failure.
          const verdict = route.startsWith('/v1/gate/') && res.status === 503 && res.body.verdict === 'inconclusive';
          if (!verdict) expect(res.status).toBeLessThan(500);
          expect(res.headers['content-type'] ?? '').toMatch(/json/);
          if (res.status >= 400) expect(counts()).toEqual(before);
        },
      ),
      { numRuns: RUNS },
    );
    // The generators reach past the guards: some requests are accepted, most are refused for many reasons.
    expect([...statuses.keys()].some((s) => s === 202)).toBe(true);
    for (const refused of [400, 401, 403, 415]) expect(statuses.has(refused)).toBe(true);
  }, 120_000);
});
