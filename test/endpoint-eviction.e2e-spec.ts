import { DetectorRegistry } from '@app/health';
import { SqliteDatabase } from '@app/persistence';
import request from 'supertest';
import { normalSamples } from './support/samples';
import { startTestApp, TestApp } from './support/test-app';

type Sample = ReturnType<typeof normalSamples>[number] & { endpoint?: string };

const ENDPOINTS = ['GET /cart', 'POST /pay', 'GET /search'];
const enc = encodeURIComponent;

const on = (endpoint: string, samples: Sample[]): Sample[] => samples.map((s) => ({ ...s, endpoint }));

/** Three endpoints of one service: a spike and its recovery on one, a wobble on another, one calm; interleaved. */
function traffic(service: string, t0: number): Sample[] {
  const calm = (n: number, at: number, seed: number) => normalSamples(service, n, t0 + at * 100, seed, 100, 0.5);
  const cart = [...normalSamples(service, 400, t0, 3), ...calm(400, 400, 4)];
  const spike = normalSamples(service, 8, t0 + 400 * 100, 5).map((s) => ({ ...s, latency_ms: s.latency_ms * 3 }));
  const pay = [...normalSamples(service, 400, t0, 13), ...spike, ...calm(392, 408, 14)];
  const wobble = normalSamples(service, 40, t0 + 500 * 100, 9).map((s, i) => ({ ...s, latency_ms: s.latency_ms + (i % 2) * 70 }));
  const search = [...normalSamples(service, 500, t0, 23), ...wobble, ...calm(260, 540, 24)];
  const streams = [on(ENDPOINTS[0], cart), on(ENDPOINTS[1], pay), on(ENDPOINTS[2], search)];
  const out: Sample[] = [];
  for (let i = 0; i < 800; i++) for (const s of streams) out.push(s[i]);
  return out;
}

/** Small batches, so most commits touch one or two of the three endpoint detectors and the rest are unloaded. */
async function feed(app: TestApp, samples: Sample[]): Promise<void> {
  for (let i = 0; i < samples.length; i += 5) {
    await request(app.baseUrl).post('/v1/telemetry/batch').send({ samples: samples.slice(i, i + 5) }).expect(202);
  }
}

/** Everything a client can read about the service and each endpoint, minus what belongs to the run (ids, receive times). */
async function observe(app: TestApp, service: string) {
  const events = (await request(app.baseUrl).get(`/v1/events/${service}?limit=1000`).expect(200)).body.events.map(
    ({ id: _id, received_at: _received, ...event }: { id: number; received_at: string }) => event,
  );
  const health = (await request(app.baseUrl).get(`/v1/health/${service}`).expect(200)).body;
  const perEndpoint: Record<string, unknown> = {};
  for (const endpoint of ENDPOINTS) {
    perEndpoint[endpoint] = {
      health: (await request(app.baseUrl).get(`/v1/health/${service}?endpoint=${enc(endpoint)}`).expect(200)).body,
      baseline: (await request(app.baseUrl).get(`/v1/baseline/${service}?endpoint=${enc(endpoint)}`).expect(200)).body,
      events: (await request(app.baseUrl).get(`/v1/events/${service}?endpoint=${enc(endpoint)}&limit=1000`).expect(200)).body.events.length,
    };
  }
  return { events, health, perEndpoint };
}

describe('Endpoint detectors unloaded and reloaded exactly (e2e)', () => {
  const t0 = Date.now() - 3_600_000;
  const samples = traffic('shop', t0);

  it('should give the same events and health with DRIFTWATCH_MAX_LOADED_DETECTORS=1 as without eviction', async () => {
    const resident = await startTestApp();
    const evicting = await startTestApp({ maxLoadedDetectors: 1 });
    try {
      await feed(resident, samples);
      await feed(evicting, samples);
      // Every commit leaves at most one detector loaded: the endpoints were reloaded from storage hundreds of times.
      expect(evicting.app.get(DetectorRegistry).unloadedTotal).toBeGreaterThan(200);
      expect(evicting.app.get(DetectorRegistry).loadedCount).toBeLessThanOrEqual(1);
      expect(resident.app.get(DetectorRegistry).unloadedTotal).toBe(0);

      const expected = await observe(resident, 'shop');
      expect(expected.events.map((e: { reason: string }) => e.reason)).toEqual(
        expect.arrayContaining(['baseline_ready', 'consecutive_severe_anomalies', 'recovered']),
      );
      expect(new Set(expected.events.map((e: { endpoint: string }) => e.endpoint))).toEqual(new Set(ENDPOINTS));
      expect(expected.health.samples_total).toBe(2400);
      expect(await observe(evicting, 'shop')).toEqual(expected);
    } finally {
      await resident.close();
      await evicting.close();
    }
  });

  it('should restore the endpoint detectors from their summaries after a restart and continue exactly', async () => {
    const resident = await startTestApp();
    const first = await startTestApp({ maxLoadedDetectors: 1 });
    let second: TestApp | undefined;
    try {
      await feed(resident, samples);
      const half = 1200;
      await feed(first, samples.slice(0, half));
      await first.stop();
      second = await startTestApp({ dbPath: first.dbPath, maxLoadedDetectors: 1 });
      // Restored as summaries: nothing is loaded until a sample or a read needs it.
      expect(second.app.get(DetectorRegistry).loadedCount).toBe(0);
      expect(second.app.get(DetectorRegistry).get('shop').endpoints?.size).toBe(3);
      await feed(second, samples.slice(half));
      expect(await observe(second, 'shop')).toEqual(await observe(resident, 'shop'));
    } finally {
      await resident.close();
      await second?.close();
      await first.close();
    }
  });

  it('should delete the endpoints, their samples and events with the service, and start afresh', async () => {
    const app = await startTestApp({ maxLoadedDetectors: 1 });
    try {
      await feed(app, samples.slice(0, 300));
      await feed(app, normalSamples('other', 50, t0, 7));
      const db = app.app.get(SqliteDatabase).raw;
      const count = (sql: string) => (db.prepare(sql).get() as { n: number }).n;
      const shopId = app.app.get(DetectorRegistry).get('shop').id;
      expect(count(`SELECT COUNT(*) AS n FROM endpoints WHERE service_id = ${shopId}`)).toBe(3);

      await request(app.baseUrl).delete('/v1/services/shop').expect(204);

      expect(count(`SELECT COUNT(*) AS n FROM endpoints WHERE service_id = ${shopId}`)).toBe(0);
      expect(count(`SELECT COUNT(*) AS n FROM telemetry WHERE service_id = ${shopId}`)).toBe(0);
      expect(count(`SELECT COUNT(*) AS n FROM drift_events WHERE service_id = ${shopId}`)).toBe(0);
      expect(count('SELECT COUNT(*) AS n FROM telemetry')).toBe(50);
      await request(app.baseUrl).get('/v1/health/shop').expect(404);

      // Samples after the deletion start a new service, endpoints and all.
      await feed(app, samples.slice(0, 30));
      const health = (await request(app.baseUrl).get('/v1/health/shop').expect(200)).body;
      expect(health.samples_total).toBe(30);
      expect(health.endpoints.map((e: { endpoint: string }) => e.endpoint).sort()).toEqual([...ENDPOINTS].sort());
    } finally {
      await app.close();
    }
  });
});
