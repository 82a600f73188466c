import Database from 'better-sqlite3';
import request from 'supertest';
import { normalSamples } from './support/samples';
import { startTestApp, TestApp } from './support/test-app';

const MINUTE = 60_000;
const at = (service: string, ms: number, latency = 120) => ({ service_id: service, latency_ms: latency, payload_kb: 2, timestamp: new Date(ms).toISOString() });

function storedCount(dbPath: string): number {
  const db = new Database(dbPath, { readonly: true });
  try {
    return db.prepare('SELECT COUNT(*) FROM telemetry').pluck().get() as number;
  } finally {
    db.close();
  }
}

describe('Sample order: DRIFTWATCH_MAX_OUT_OF_ORDER_SECONDS, events in the order they happened (e2e)', () => {
  let sut: TestApp;
  const post = (body: object) => request(sut.baseUrl).post('/v1/telemetry').send(body);
  const batch = (samples: object[]) => request(sut.baseUrl).post('/v1/telemetry/batch').send({ samples });

  beforeEach(async () => {
    sut = await startTestApp();
  });
  afterEach(() => sut.close());

  it('should refuse a sample older than the newest by more than the tolerance, naming the newest timestamp', async () => {
    const now = Date.now();
    await post(at('svc', now - MINUTE)).expect(202);
    const sixDaysAgo = now - 6 * 24 * 60 * MINUTE;
    const res = await post(at('svc', sixDaysAgo)).expect(400);
    expect(res.body).toEqual({
      statusCode: 400,
      error: 'Bad Request',
      message: [
        `timestamp ${new Date(sixDaysAgo).toISOString()} is more than 300 s older than the newest sample of 'svc' ` +
          `(${new Date(now - MINUTE).toISOString()}); late samples are refused (DRIFTWATCH_MAX_OUT_OF_ORDER_SECONDS)`,
      ],
    });
    // Within the tolerance a late sample is accepted (and scored in arrival order).
    await post(at('svc', now - 5 * MINUTE)).expect(202);
    expect(storedCount(sut.dbPath)).toBe(2);
  });

  it('should refuse a whole batch holding one late sample, naming its index, and store nothing', async () => {
    const now = Date.now();
    await post(at('svc', now - MINUTE)).expect(202);
    const res = await batch([at('svc', now - 30_000), at('other', now - 30_000), at('svc', now - 10 * MINUTE)]).expect(400);
    expect(res.body.message).toEqual([expect.stringMatching(/^samples\.2\.timestamp .* older than the newest sample of 'svc' \(/)]);
    expect(storedCount(sut.dbPath)).toBe(1);
  });

  it('should compare within a batch too: a sample far behind an earlier one of the same batch is late', async () => {
    const now = Date.now();
    const res = await batch([at('fresh', now - MINUTE), at('fresh', now - 20 * MINUTE)]).expect(400);
    expect(res.body.message).toEqual([expect.stringContaining("samples.1.timestamp")]);
    expect(storedCount(sut.dbPath)).toBe(0);
  });

  it('should compare with samples accepted but still queued', async () => {
    await sut.close();
    sut = await startTestApp({ flushIntervalMs: 400 });
    const now = Date.now();
    // .then sends the request now (supertest is lazy) without waiting for its answer.
    const queued = post(at('svc', now - MINUTE)).then((res) => res.status);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(storedCount(sut.dbPath)).toBe(0);
    const late = await post(at('svc', now - 30 * MINUTE)).expect(400);
    expect(late.body.message[0]).toContain(new Date(now - MINUTE).toISOString());
    expect(await queued).toBe(202);
  });

  it('should list events in the order they happened, each with sample time and receive time', async () => {
    const start = Date.now() - 30 * MINUTE;
    await batch(normalSamples('a', 110, start)).expect(202);
    // b's samples are older than a's, but its events happen later: they are listed first (newest first).
    await batch(normalSamples('b', 110, start - 10 * MINUTE)).expect(202);
    await request(sut.baseUrl).post('/v1/baseline/a/reset').set('Content-Type', 'application/json').expect(202);
    const events = (await request(sut.baseUrl).get('/v1/events').expect(200)).body.events as { id: number; service_id: string; reason: string; timestamp: string; received_at: string }[];
    expect(events.map((e) => `${e.service_id}:${e.reason}`)).toEqual(['a:baseline_reset', 'b:baseline_ready', 'a:baseline_ready']);
    expect(events.map((e) => e.id)).toEqual([...events.map((e) => e.id)].sort((x, y) => y - x));
    for (const e of events) {
      expect(Date.parse(e.received_at)).toBeGreaterThanOrEqual(Date.parse(e.timestamp) - 1);
      expect(Math.abs(Date.parse(e.received_at) - Date.now())).toBeLessThan(MINUTE);
    }
  });
});
