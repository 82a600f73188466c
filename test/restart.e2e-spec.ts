import { DetectorRegistry } from '@app/health';
import request from 'supertest';
import { normalSamples } from './support/samples';
import { startTestApp, TestApp } from './support/test-app';

type Sample = ReturnType<typeof normalSamples>[number];

/** A stream with every kind of transition: readiness, a spike, recovery, a moderate drift. */
function stream(service: string): Sample[] {
  const t0 = Date.now() - 3_600_000;
  const calm = (n: number, at: number, seed: number) => normalSamples(service, n, t0 + at * 100, seed, 100, 0.5);
  const spike = normalSamples(service, 8, t0 + 400 * 100, 5).map((s) => ({ ...s, latency_ms: s.latency_ms * 3 }));
  const wobble = normalSamples(service, 40, t0 + 500 * 100, 9).map((s, i) => ({ ...s, latency_ms: s.latency_ms + (i % 2) * 70 }));
  return [...normalSamples(service, 400, t0, 3), ...spike, ...calm(80, 408, 4), ...wobble, ...calm(200, 540, 6), ...normalSamples(service, 300, t0 + 740 * 100, 8)];
}

async function feed(app: TestApp, samples: Sample[]): Promise<void> {
  for (let i = 0; i < samples.length; i += 97) {
    await request(app.baseUrl).post('/v1/telemetry/batch').send({ samples: samples.slice(i, i + 97) }).expect(202);
  }
}

async function observable(app: TestApp, service: string) {
  const health = (await request(app.baseUrl).get(`/v1/health/${service}`).expect(200)).body;
  const baseline = (await request(app.baseUrl).get(`/v1/baseline/${service}`)).body;
  // Ids and receive times belong to the run, not to the detection.
  const events = (await request(app.baseUrl).get(`/v1/events/${service}?limit=1000`).expect(200)).body.events.map(
    ({ id: _id, received_at: _received, ...event }: { id: number; received_at: string }) => event,
  );
  return { health, baseline, events };
}

describe('Restart (e2e)', () => {
  const service = 'restart-svc';
  const samples = stream(service);
  const cut = 437; // in the middle of the recovery run after the spike

  it('should end in the same state, baseline and events with a restart in the middle of the stream', async () => {
    const straight = await startTestApp();
    await feed(straight, samples);
    const expected = await observable(straight, service);
    await straight.close();

    const first = await startTestApp();
    await feed(first, samples.slice(0, cut));
    await first.stop();
    const second = await startTestApp({ dbPath: first.dbPath });
    try {
      await feed(second, samples.slice(cut));
      const actual = await observable(second, service);
      expect(actual).toEqual(expected);
      expect(expected.events.map((e: { reason: string }) => e.reason)).toEqual(
        expect.arrayContaining(['baseline_ready', 'consecutive_severe_anomalies', 'recovered']),
      );
    } finally {
      await second.close();
    }
  });

  it('should keep every sample stored across restarts (count survives)', async () => {
    const first = await startTestApp();
    await feed(first, samples.slice(0, 150));
    await first.stop();
    const second = await startTestApp({ dbPath: first.dbPath });
    try {
      // Windows are read back on first use: listing services must not page them all in.
      const restored = second.app.get(DetectorRegistry).get(service);
      await request(second.baseUrl).get('/v1/services').expect(200);
      expect(restored.isLoaded).toBe(false);
      const status = (await request(second.baseUrl).get('/v1/system/status').expect(200)).body;
      expect(status).toMatchObject({ services_monitored: 1, detectors_loaded: 0, total_telemetry_records: 150 });
      const health = (await request(second.baseUrl).get(`/v1/health/${service}`).expect(200)).body;
      expect(health).toMatchObject({ state: 'STABLE', samples_total: 150 });
      expect(restored.isLoaded).toBe(true);
      expect((await request(second.baseUrl).get('/v1/system/status').expect(200)).body.detectors_loaded).toBe(1);
    } finally {
      await second.close();
    }
  });
});
