import request from 'supertest';
import { DetectorRegistry } from '@app/health';
import { RetentionService } from '../apps/api/src/retention/retention.service';
import { normalSamples } from './support/samples';
import { startTestApp, TestApp } from './support/test-app';

const DAY_MS = 86_400_000;

describe('Retention job (e2e)', () => {
  let sut: TestApp;
  const sixDaysAgo = Date.now() - 6 * DAY_MS;

  beforeAll(async () => {
    sut = await startTestApp();
    const samples = normalSamples('old-svc', 1200, sixDaysAgo, 2);
    for (let i = 0; i < samples.length; i += 400) {
      await request(sut.baseUrl).post('/v1/telemetry/batch').send({ samples: samples.slice(i, i + 400) }).expect(202);
    }
  });
  afterAll(() => sut.close());

  const status = async () => (await request(sut.baseUrl).get('/v1/system/status').expect(200)).body;

  it('should keep data younger than the retention period', async () => {
    const result = await sut.app.get(RetentionService).run(Date.now());
    expect(result).toEqual({ telemetryDeleted: 0, eventsDeleted: 0, alertsDeleted: 0, keysDeleted: 0 });
    expect((await status()).total_telemetry_records).toBe(1200);
    const chart = (await request(sut.baseUrl).get('/v1/telemetry/old-svc').query({ from: new Date(sixDaysAgo - 60_000).toISOString(), to: new Date(sixDaysAgo + 300_000).toISOString(), step: '1m' }).expect(200)).body;
    expect(chart.count.reduce((a: number, b: number) => a + b, 0)).toBe(1200);
  });

  it('should delete expired telemetry in batches but never the live baseline window', async () => {
    // Every sample is expired by then; only the window (its oldest sample and everything after) stays.
    const windowFront = sut.app.get(DetectorRegistry).get('old-svc').windowFrontSeq as number;
    expect(windowFront).toBeGreaterThan(150);
    const result = await sut.app.get(RetentionService).run(Date.now() + 2 * DAY_MS);
    expect(result.telemetryDeleted).toBe(windowFront - 1);
    expect((await status()).total_telemetry_records).toBe(1200 - (windowFront - 1));
    const health = (await request(sut.baseUrl).get('/v1/health/old-svc').expect(200)).body;
    expect(health).toMatchObject({ state: 'STABLE', samples_total: 1200 });
  });

  it("should delete the chart's per-minute rollup with the samples' retention", async () => {
    const readWeek = async () =>
      (await request(sut.baseUrl).get('/v1/telemetry/old-svc').query({ from: new Date(sixDaysAgo - 60_000).toISOString(), to: new Date(sixDaysAgo + 300_000).toISOString(), step: '1m' }).expect(200)).body;
    // The run above (two days on) already expired every minute of this service's samples.
    expect((await readWeek()).count.reduce((a: number, b: number) => a + b, 0)).toBe(0);
  });

  it('should delete drift events older than their retention period', async () => {
    const before = (await request(sut.baseUrl).get('/v1/events').expect(200)).body.events.length;
    expect(before).toBeGreaterThan(0);
    const result = await sut.app.get(RetentionService).run(Date.now() + 25 * DAY_MS);
    expect(result.eventsDeleted).toBe(before);
    expect((await request(sut.baseUrl).get('/v1/events').expect(200)).body.events).toEqual([]);
  });
});
