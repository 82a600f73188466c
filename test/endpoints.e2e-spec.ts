import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { normalSamples } from './support/samples';
import { startTestApp, TestApp } from './support/test-app';

const ROOT = join(__dirname, '..');
type Sample = ReturnType<typeof normalSamples>[number] & { endpoint?: string };

const onEndpoint = (endpoint: string | undefined, samples: Sample[]): Sample[] => samples.map((s) => (endpoint ? { ...s, endpoint } : s));
const spike = (samples: Sample[]): Sample[] => samples.map((s) => ({ ...s, latency_ms: s.latency_ms * 3 }));

/** Round-robin merge, so endpoints interleave the way real traffic does. */
function interleave(...streams: Sample[][]): Sample[] {
  const out: Sample[] = [];
  for (let i = 0; i < Math.max(...streams.map((s) => s.length)); i++) for (const s of streams) if (i < s.length) out.push(s[i]);
  return out;
}

async function send(app: TestApp, samples: Sample[]): Promise<void> {
  for (let i = 0; i < samples.length; i += 500) {
    await request(app.baseUrl).post('/v1/telemetry/batch').send({ samples: samples.slice(i, i + 500) }).expect(202);
  }
}

const enc = encodeURIComponent;

describe('Per-endpoint baselines (e2e)', () => {
  const t0 = Date.now() - 2 * 3_600_000;

  describe('one service, two endpoints, a spike on one', () => {
    let app: TestApp;
    beforeAll(async () => {
      app = await startTestApp();
      await send(
        app,
        interleave(
          onEndpoint('GET /cart', normalSamples('shop', 300, t0, 1)),
          onEndpoint('POST /pay', [...normalSamples('shop', 200, t0, 2), ...spike(normalSamples('shop', 10, t0 + 20_000, 3))]),
        ),
      );
      await send(app, normalSamples('plain', 150, t0, 4));
    });
    afterAll(() => app.close());

    it('should put the service in drift, name the endpoint, and list each endpoint with its state', async () => {
      const body = (await request(app.baseUrl).get('/v1/health/shop').expect(200)).body;
      expect(body).toMatchObject({
        service_id: 'shop',
        state: 'DRIFT_DETECTED',
        samples_total: 510,
        baseline: null,
        metadata: { endpoint: 'POST /pay', reason: 'consecutive_severe_anomalies', metric: 'latency' },
        endpoint_overflow: { max_endpoints: 50, capped: false, other_samples: 0 },
      });
      expect(body.metadata.summary).toContain('drift on POST /pay');
      const states = Object.fromEntries(body.endpoints.map((e: { endpoint: string; state: string }) => [e.endpoint, e.state]));
      expect(states).toEqual({ 'GET /cart': 'STABLE', 'POST /pay': 'DRIFT_DETECTED' });
    });

    it('should answer for one endpoint with ?endpoint=, and 404 for an unknown one', async () => {
      const cart = (await request(app.baseUrl).get(`/v1/health/shop?endpoint=${enc('GET /cart')}`).expect(200)).body;
      expect(cart).toMatchObject({ service_id: 'shop', endpoint: 'GET /cart', state: 'STABLE', samples_total: 300, metadata: null });
      expect(cart.baseline.window_samples).toBe(300);
      const pay = (await request(app.baseUrl).get(`/v1/health/shop?endpoint=${enc('POST /pay')}`).expect(200)).body;
      expect(pay).toMatchObject({ endpoint: 'POST /pay', state: 'DRIFT_DETECTED', metadata: { endpoint: 'POST /pay' } });
      const missing = (await request(app.baseUrl).get(`/v1/health/shop?endpoint=${enc('GET /nope')}`).expect(404)).body;
      expect(missing.message).toContain("Unknown endpoint 'GET /nope'");
      await request(app.baseUrl).get(`/v1/health/shop?endpoint=`).expect(400);
      await request(app.baseUrl).get(`/v1/baseline/shop?endpoint=${enc('GET /cart')}`).expect(200);
    });

    it('should gate the whole service (fail) or one endpoint (pass)', async () => {
      const whole = (await request(app.baseUrl).get('/v1/gate/shop').expect(409)).body;
      expect(whole.reason).toContain('on POST /pay');
      expect(whole.last_drift.endpoint).toBe('POST /pay');
      const cart = (await request(app.baseUrl).get(`/v1/gate/shop?endpoint=${enc('GET /cart')}`).expect(200)).body;
      expect(cart).toMatchObject({ verdict: 'pass', endpoint: 'GET /cart', state: 'STABLE' });
      await request(app.baseUrl).get(`/v1/gate/shop?endpoint=${enc('POST /pay')}`).expect(409);
      await request(app.baseUrl).get(`/v1/gate/shop?endpoint=${enc('GET /nope')}`).expect(404);
    });

    it('should store events with their endpoint, filterable by ?endpoint=', async () => {
      const events = (await request(app.baseUrl).get(`/v1/events/shop?endpoint=${enc('POST /pay')}`).expect(200)).body.events;
      expect(events.map((e: { reason: string; endpoint: string }) => `${e.endpoint} ${e.reason}`)).toEqual([
        'POST /pay consecutive_severe_anomalies',
        'POST /pay baseline_ready',
      ]);
      await request(app.baseUrl).get(`/v1/events/shop?endpoint=${enc('GET /nope')}`).expect(404);
    });

    it('should leave a service that sends no endpoints as it was (no endpoint fields anywhere)', async () => {
      const health = (await request(app.baseUrl).get('/v1/health/plain').expect(200)).body;
      expect(health.state).toBe('STABLE');
      expect(health).not.toHaveProperty('endpoints');
      expect(health).not.toHaveProperty('endpoint_overflow');
      const events = (await request(app.baseUrl).get('/v1/events/plain').expect(200)).body.events;
      expect(events[0]).not.toHaveProperty('endpoint');
      expect((await request(app.baseUrl).get(`/v1/health/plain?endpoint=${enc('GET /x')}`).expect(404)).body.message).toContain('it sends no endpoints');
    });

    it('should refuse a bad endpoint with a 400 naming it, storing nothing of the batch', async () => {
      const before = (await request(app.baseUrl).get('/v1/health/shop').expect(200)).body.samples_total;
      const bad = [{ service_id: 'shop', latency_ms: 1, endpoint: 'GET /a' }, { service_id: 'shop', latency_ms: 1, endpoint: 'x'.repeat(201) }];
      const res = await request(app.baseUrl).post('/v1/telemetry/batch').send({ samples: bad }).expect(400);
      expect(res.body.message).toContain('samples.1.endpoint must be shorter than or equal to 200 characters');
      await request(app.baseUrl).post('/v1/telemetry').send({ service_id: 'shop', latency_ms: 1, endpoint: 42 }).expect(400);
      expect((await request(app.baseUrl).get('/v1/health/shop').expect(200)).body.samples_total).toBe(before);
    });
  });

  describe('an operator reset', () => {
    let app: TestApp;
    beforeAll(async () => {
      app = await startTestApp();
      await send(app, interleave(onEndpoint('GET /a', normalSamples('reset-me', 120, t0, 51)), onEndpoint(undefined, normalSamples('reset-me', 120, t0, 52))));
    });
    afterAll(() => app.close());

    it('should make every detector of the service relearn, each with its own baseline_reset event', async () => {
      expect((await request(app.baseUrl).get('/v1/health/reset-me').expect(200)).body.state).toBe('STABLE');
      const answer = (await request(app.baseUrl).post('/v1/baseline/reset-me/reset').set('Content-Type', 'application/json').expect(202)).body;
      expect(answer).toEqual({ service_id: 'reset-me', state: 'INSUFFICIENT_DATA', samples_needed: 100 });
      const health = (await request(app.baseUrl).get('/v1/health/reset-me').expect(200)).body;
      expect(health.endpoints.map((e: { state: string }) => e.state)).toEqual(['INSUFFICIENT_DATA']);
      const resets = (await request(app.baseUrl).get('/v1/events/reset-me?reason=baseline_reset').expect(200)).body.events;
      expect(resets.map((e: { endpoint?: string }) => e.endpoint ?? null).sort()).toEqual(['GET /a', null]);
    });
  });

  describe('the endpoint cap', () => {
    let app: TestApp;
    beforeAll(async () => {
      app = await startTestApp({ maxEndpointsPerService: 2 });
    });
    afterAll(() => app.close());

    it('should give the first endpoints their own baseline and fold the rest into _other, without an error', async () => {
      const endpoints = ['GET /1', 'GET /2', 'GET /3', 'GET /4'];
      await send(app, interleave(...endpoints.map((e, i) => onEndpoint(e, normalSamples('wide', 120, t0, 10 + i)))));
      const body = (await request(app.baseUrl).get('/v1/health/wide').expect(200)).body;
      expect(body.endpoints.map((e: { endpoint: string }) => e.endpoint)).toEqual(['GET /1', 'GET /2', '_other']);
      expect(body.endpoint_overflow).toEqual({ max_endpoints: 2, capped: true, other_samples: 240 });
      expect(body.samples_total).toBe(480);
      expect(body.state).toBe('STABLE');
    });
  });

  describe('HTTP, replay and a restart give the same transitions', () => {
    let app: TestApp;
    let dir: string;
    // The service's own samples and three endpoints; spikes on one endpoint before and after the restart.
    const part1 = interleave(
      onEndpoint('GET /cart', normalSamples('shop', 400, t0, 21)),
      onEndpoint('POST /pay', [...normalSamples('shop', 200, t0, 22), ...spike(normalSamples('shop', 8, t0 + 20_000, 23)), ...normalSamples('shop', 150, t0 + 21_000, 24, 100, 0.5)]),
      onEndpoint(undefined, normalSamples('shop', 250, t0, 25)),
      onEndpoint('GET /search', normalSamples('shop', 60, t0, 26)),
    );
    const t1 = t0 + 60_000;
    const part2 = interleave(
      onEndpoint('GET /cart', [...normalSamples('shop', 100, t1, 31), ...spike(normalSamples('shop', 8, t1 + 10_000, 32))]),
      onEndpoint('POST /pay', normalSamples('shop', 100, t1, 33, 100, 0.5)),
      onEndpoint('GET /search', normalSamples('shop', 60, t1, 34)),
    );
    const comparable = (e: Record<string, unknown>) => ({
      timestamp: e.timestamp,
      service_id: e.service_id,
      endpoint: e.endpoint ?? null,
      seq: e.seq,
      from: e.from,
      to: e.to,
      reason: e.reason,
      metric: e.metric,
      count: e.count,
      max_zscore: e.max_zscore,
      z_latency: e.z_latency,
      z_payload: e.z_payload,
    });

    beforeAll(async () => {
      dir = mkdtempSync(join(tmpdir(), 'endpoints-replay-'));
      app = await startTestApp();
    });
    afterAll(async () => {
      await app.close();
      rmSync(dir, { recursive: true, force: true });
    });

    it('should produce identical transitions through HTTP (with a restart in the middle) and the replay CLI', async () => {
      await send(app, part1);
      await app.stop();
      app = await startTestApp({ dbPath: app.dbPath });
      await send(app, part2);
      const served = ((await request(app.baseUrl).get('/v1/events/shop?limit=1000').expect(200)).body.events as Record<string, unknown>[])
        .map(comparable)
        .reverse();

      const input = join(dir, 'traffic.jsonl');
      const output = join(dir, 'transitions.jsonl');
      writeFileSync(input, [...part1, ...part2].map((s) => JSON.stringify(s)).join('\n') + '\n');
      const run = spawnSync(
        process.execPath,
        ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', join(ROOT, 'apps/api/src/cli/replay.ts'), input, '--out', output],
        { cwd: ROOT, encoding: 'utf8', env: { ...process.env, TS_NODE_PROJECT: join(ROOT, 'tsconfig.json') } },
      );
      expect(run.stderr).not.toContain('line ');
      expect(run.status).toBe(0);
      const replayed = readFileSync(output, 'utf8').trim().split('\n').map((l) => comparable(JSON.parse(l)));

      expect(served).toEqual(replayed);
      expect(replayed.map((t) => `${t.endpoint} ${t.reason}`)).toEqual(
        expect.arrayContaining([
          'null baseline_ready',
          'GET /cart baseline_ready',
          'POST /pay consecutive_severe_anomalies',
          'POST /pay recovered',
          'GET /cart consecutive_severe_anomalies',
        ]),
      );
      // The restarted service still knows its endpoints and their states.
      const health = (await request(app.baseUrl).get('/v1/health/shop').expect(200)).body;
      expect(health.metadata.endpoint).toBe('GET /cart');
      expect(health.samples_total).toBe(part1.length + part2.length);
    });
  });
});
