import { DetectorRegistry } from '@app/health';
import request from 'supertest';
import { normalSamples } from './support/samples';
import { startTestApp, TestApp } from './support/test-app';

type Sample = ReturnType<typeof normalSamples>[number];

/** Readiness, a spike and its recovery, a wobble: every kind of transition, for two services. */
function stream(service: string, t0: number): Sample[] {
  const calm = (n: number, at: number, seed: number) => normalSamples(service, n, t0 + at * 100, seed, 100, 0.5);
  const spike = normalSamples(service, 8, t0 + 400 * 100, 5).map((s) => ({ ...s, latency_ms: s.latency_ms * 3 }));
  const wobble = normalSamples(service, 40, t0 + 500 * 100, 9).map((s, i) => ({ ...s, latency_ms: s.latency_ms + (i % 2) * 70 }));
  return [...normalSamples(service, 400, t0, 3), ...spike, ...calm(80, 408, 4), ...wobble, ...calm(200, 540, 6), ...normalSamples(service, 300, t0 + 740 * 100, 8)];
}

/** Small batches alternating between the services, so each commit touches one and the other idles. */
async function feed(app: TestApp, a: Sample[], b: Sample[]): Promise<void> {
  const step = 37;
  for (let i = 0; i < Math.max(a.length, b.length); i += step) {
    for (const part of [a.slice(i, i + step), b.slice(i, i + step)]) {
      if (part.length > 0) await request(app.baseUrl).post('/v1/telemetry/batch').send({ samples: part }).expect(202);
    }
  }
}

async function transitions(app: TestApp, service: string) {
  const events = (await request(app.baseUrl).get(`/v1/events/${service}?limit=1000`).expect(200)).body.events;
  // Ids and receive times belong to the run; everything the detector decided must match.
  return events.map(({ id: _id, received_at: _received, ...event }: { id: number; received_at: string }) => event);
}

describe('Idle detectors unloaded and reloaded exactly (e2e)', () => {
  it('should record the same transitions and state when detectors are unloaded after every commit', async () => {
    const t0 = Date.now() - 3_600_000;
    const a = stream('evict-a', t0);
    const b = stream('evict-b', t0 + 50);

    const resident = await startTestApp();
    const evicting = await startTestApp({ maxLoadedDetectors: 1 });
    try {
      await feed(resident, a, b);
      await feed(evicting, a, b);
      const registry = evicting.app.get(DetectorRegistry);
      // Each commit of one service unloads the other: reloaded from storage dozens of times mid-stream.
      expect(registry.unloadedTotal).toBeGreaterThan(40);
      expect(resident.app.get(DetectorRegistry).unloadedTotal).toBe(0);
      for (const service of ['evict-a', 'evict-b']) {
        const expected = await transitions(resident, service);
        expect(expected.map((e: { reason: string }) => e.reason)).toEqual(expect.arrayContaining(['baseline_ready', 'consecutive_severe_anomalies', 'recovered']));
        expect(await transitions(evicting, service)).toEqual(expected);
        const health = (await request(evicting.baseUrl).get(`/v1/health/${service}`).expect(200)).body;
        expect(health).toEqual((await request(resident.baseUrl).get(`/v1/health/${service}`).expect(200)).body);
        const baseline = (await request(evicting.baseUrl).get(`/v1/baseline/${service}`).expect(200)).body;
        expect(baseline).toEqual((await request(resident.baseUrl).get(`/v1/baseline/${service}`).expect(200)).body);
      }
    } finally {
      await resident.close();
      await evicting.close();
    }
  });

  it('should unload a detector idle longer than DRIFTWATCH_DETECTOR_IDLE_SECONDS and answer from its summary', async () => {
    const app = await startTestApp({ detectorIdleSeconds: 1 });
    try {
      await request(app.baseUrl).post('/v1/telemetry/batch').send({ samples: normalSamples('idle', 120, Date.now() - 60_000) }).expect(202);
      const registry = app.app.get(DetectorRegistry);
      expect(registry.loadedCount).toBe(1);
      await new Promise((resolve) => setTimeout(resolve, 2100));
      expect(registry.loadedCount).toBe(0);
      // Listing reads the summary without loading the detector.
      const list = await request(app.baseUrl).get('/v1/services').expect(200);
      expect(list.body.services).toEqual([expect.objectContaining({ service_id: 'idle', state: 'STABLE', samples_total: 120 })]);
      expect(registry.loadedCount).toBe(0);
      await request(app.baseUrl).get('/v1/baseline/idle').expect(200);
      expect(registry.loadedCount).toBe(1);
    } finally {
      await app.close();
    }
  });
});
