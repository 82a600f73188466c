import request from 'supertest';
import { startTestApp, TestApp } from './support/test-app';

const DAY_MS = 86_400_000;
const FIVE_MIN = 300_000;

/** Three days of 5-minute samples ending now: latency follows the time of day, payload does not. */
function cyclicDays(service: string, days: number) {
  const end = Date.now() - 60_000;
  const count = (days * DAY_MS) / FIVE_MIN;
  return Array.from({ length: count }, (_, i) => {
    const t = end - (count - 1 - i) * FIVE_MIN;
    return {
      service_id: service,
      latency_ms: Math.round((150 + 60 * Math.sin((2 * Math.PI * (t % DAY_MS)) / DAY_MS) + (i % 7) - 3) * 100) / 100,
      payload_kb: 2 + (i % 5) / 10,
      timestamp: new Date(t).toISOString(),
    };
  });
}

describe('Daily profile (e2e)', () => {
  let sut: TestApp | undefined;
  afterEach(() => sut?.close());

  it('should score a service with a daily cycle by hour of day, show it in the baseline, and keep it over a restart', async () => {
    sut = await startTestApp();
    const samples = cyclicDays('storefront', 3);
    for (let i = 0; i < samples.length; i += 300) {
      await request(sut.baseUrl).post('/v1/telemetry/batch').send({ samples: samples.slice(i, i + 300) }).expect(202);
    }
    const before = (await request(sut.baseUrl).get('/v1/baseline/storefront').expect(200)).body.model;
    // Latency follows the hour of day; payload has no cycle and keeps a flat level.
    expect(before.latency.season).toBe('daily');
    expect(before.payload.season).toBe('none');

    // The chart's band follows the hour of day for latency and stays flat for payload.
    const day = (await request(sut.baseUrl).get('/v1/telemetry/storefront').query({ from: new Date(Date.now() - DAY_MS).toISOString(), step: '1h' }).expect(200)).body;
    expect(day.band).toMatchObject({ latency_season: 'daily', payload_season: 'none' });
    const centres: number[] = day.latency.expected;
    expect(Math.max(...centres) - Math.min(...centres)).toBeGreaterThan(80);
    // Each bucket's centre is near the cycle's value at that hour (its mean over the hour).
    day.time.forEach((t: number, i: number) => {
      if (day.latency.count[i] === 0) return;
      expect(Math.abs(centres[i] - day.latency.mean[i])).toBeLessThan(15);
    });
    expect(new Set(day.payload.expected).size).toBe(1);

    await sut.stop();
    sut = await startTestApp({ dbPath: sut.dbPath });
    const after = (await request(sut.baseUrl).get('/v1/baseline/storefront').expect(200)).body.model;
    expect(after).toEqual(before);
  });
});
