import { DRIFT_CONFIG_DEFAULTS as D } from '@app/config';
import request from 'supertest';
import { normalSamples } from './support/samples';
import { startTestApp, TestApp } from './support/test-app';

/** The seed's example: baseline → spike → recovery, through the public API only. */
describe('Seed example flow (e2e)', () => {
  let sut: TestApp;
  const service = 'test-payment-service';
  const start = Date.now() - 3_600_000;

  beforeAll(async () => {
    sut = await startTestApp();
  });
  afterAll(() => sut.close());

  const send = (samples: object[]) => request(sut.baseUrl).post('/v1/telemetry/batch').send({ samples }).expect(202);
  const health = async () => (await request(sut.baseUrl).get(`/v1/health/${service}`).expect(200)).body;

  it('should stay INSUFFICIENT_DATA for the first 99 samples and say how many are missing', async () => {
    const samples = normalSamples(service, D.minSamplesForBaseline, start);
    await send(samples.slice(0, -1));
    expect(await health()).toMatchObject({ state: 'INSUFFICIENT_DATA', samples_needed: 1, baseline: null });
    const res = await request(sut.baseUrl).get(`/v1/baseline/${service}`).expect(404);
    expect(res.body.message).toContain('1 more sample(s) needed');
    await send(samples.slice(-1));
  });

  it('should be STABLE with a baseline after the 100th sample', async () => {
    const h = await health();
    expect(h).toMatchObject({ state: 'STABLE', samples_total: D.minSamplesForBaseline, metadata: null });
    expect(h.baseline.mean_latency).toBeGreaterThan(130);
    expect(h.baseline.mean_latency).toBeLessThan(170);
    const b = (await request(sut.baseUrl).get(`/v1/baseline/${service}`).expect(200)).body;
    expect(b.window_samples).toBe(D.minSamplesForBaseline);
    expect(b.p50_latency).toBeLessThanOrEqual(b.p95_latency);
    expect(b.p95_latency).toBeLessThanOrEqual(b.p99_latency);
  });

  it('should detect drift on the 5th consecutive sample with z > 3', async () => {
    const spike = normalSamples(service, D.driftConsecutiveThreshold, start + 200_000, 7).map((s) => ({ ...s, latency_ms: s.latency_ms * 3 }));
    await send(spike.slice(0, -1));
    expect((await health()).state).toBe('STABLE');
    await send(spike.slice(-1));
    const h = await health();
    expect(h.state).toBe('DRIFT_DETECTED');
    expect(h.metadata).toMatchObject({ reason: 'consecutive_severe_anomalies', metric: 'latency', evidence_samples: D.driftConsecutiveThreshold });
    expect(h.metadata.consecutive_count).toBe(h.metadata.evidence_samples); // deprecated name, same number
    expect(h.metadata.max_zscore).toBeGreaterThan(D.driftZscoreThreshold);
  });

  it('should recover after 50 consecutive normal samples, not 49', async () => {
    // Calm samples (|z| well under 2): recovery needs every one of the 50 to be normal.
    const normal = normalSamples(service, D.recoveryConsecutiveNormal, start + 300_000, 11, 100, 0.5);
    await send(normal.slice(0, -1));
    expect((await health()).state).toBe('DRIFT_DETECTED');
    await send(normal.slice(-1));
    expect((await health()).state).toBe('STABLE');
  });

  it('should list every transition as an event, newest first', async () => {
    const res = await request(sut.baseUrl).get(`/v1/events/${service}`).expect(200);
    expect(res.body.events.map((e: { reason: string }) => e.reason)).toEqual([
      'recovered',
      'consecutive_severe_anomalies',
      'baseline_ready',
    ]);
    const drift = res.body.events[1];
    expect(drift).toMatchObject({ from: 'STABLE', to: 'DRIFT_DETECTED', metric: 'latency', seq: 105 });
    expect(drift.baseline.latency.mean).toBeGreaterThan(0);
    const limited = await request(sut.baseUrl).get(`/v1/events/${service}?limit=1`).expect(200);
    expect(limited.body.events).toHaveLength(1);
    expect(limited.body.events[0].reason).toBe('recovered');
    const since = await request(sut.baseUrl).get(`/v1/events/${service}?since=${encodeURIComponent(drift.timestamp)}`).expect(200);
    expect(since.body.events).toHaveLength(2);
  });
});
