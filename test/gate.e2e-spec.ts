import { DRIFT_CONFIG_DEFAULTS as D } from '@app/config';
import request from 'supertest';
import { normalSamples } from './support/samples';
import { startTestApp, TestApp } from './support/test-app';

type Sample = ReturnType<typeof normalSamples>[number];

/**
 * The deployment gate and deployment markers through the public API: every outcome of
 * GET /v1/gate/{service_id} with the HTTP status that carries it, markers and their comparison,
 * and drift events naming the deployment they followed.
 */
describe('Deployment gate (e2e)', () => {
  let sut: TestApp;
  // Sample times: three hours ago onwards, 100 ms apart (the helper's default step).
  const t0 = Date.now() - 3 * 3_600_000;
  const at = (offsetMs: number) => new Date(t0 + offsetMs).toISOString();

  beforeAll(async () => {
    sut = await startTestApp();
  });
  afterAll(() => sut.close());

  const send = (samples: Sample[]) => request(sut.baseUrl).post('/v1/telemetry/batch').send({ samples }).expect(202);
  const gate = (service: string, query = '') => request(sut.baseUrl).get(`/v1/gate/${service}${query}`);
  const mark = async (service: string, version: string, offsetMs: number): Promise<number> => {
    const res = await request(sut.baseUrl).post('/v1/deployments').send({ service_id: service, version, timestamp: at(offsetMs) }).expect(201);
    return res.body.id as number;
  };
  const baseline = (service: string, count: number, offsetMs = 0, seed = 1) => send(normalSamples(service, count, t0 + offsetMs, seed));
  const calm = (service: string, count: number, offsetMs: number, seed = 11) => normalSamples(service, count, t0 + offsetMs, seed, 100, 0.5);
  const spike = (service: string, offsetMs: number) =>
    normalSamples(service, D.driftConsecutiveThreshold, t0 + offsetMs, 7).map((s) => ({ ...s, latency_ms: s.latency_ms * 3 }));
  const health = async (service: string) => (await request(sut.baseUrl).get(`/v1/health/${service}`).expect(200)).body;

  describe('GET /v1/gate/{service_id}', () => {
    it('should answer 404 inconclusive for an unknown service (curl -f fails)', async () => {
      const res = await gate('no-such-service').expect(404);
      expect(res.body).toMatchObject({ service_id: 'no-such-service', verdict: 'inconclusive', outcome: 'unknown_service', state: null });
      expect(res.body.reason).toContain("unknown service 'no-such-service'");
      expect(res.headers['cache-control']).toBe('no-store');
    });

    it('should answer 503 inconclusive with Retry-After while learning', async () => {
      await baseline('gate-learning', 40);
      const res = await gate('gate-learning').expect(503);
      expect(res.headers['retry-after']).toBe(String(D.gateRetryAfterSeconds));
      expect(res.body).toMatchObject({ verdict: 'inconclusive', outcome: 'learning', state: 'INSUFFICIENT_DATA', retry_after_seconds: D.gateRetryAfterSeconds });
      expect(res.body.reason).toContain(`${D.minSamplesForBaseline - 40} more sample(s) needed`);
    });

    it('should pass a STABLE service without a marker, judging its current state', async () => {
      await baseline('gate-stable', 200);
      const before = Date.now();
      const res = await gate('gate-stable').expect(200);
      expect(res.body).toMatchObject({
        service_id: 'gate-stable',
        verdict: 'pass',
        outcome: 'pass',
        state: 'STABLE',
        since_source: 'now',
        deployment: null,
        samples_since: null,
        min_samples: D.gateMinSamples,
        drifts_since: 0,
        last_drift: null,
        retry_after_seconds: null,
      });
      expect(Date.parse(res.body.checked_at)).toBeGreaterThanOrEqual(before - 5);
      expect(res.body.since).toBe(res.body.checked_at);
      expect(res.headers['retry-after']).toBeUndefined();
    });

    it('should wait for min_samples after the latest marker (503), then pass (200)', async () => {
      const id = await mark('gate-stable', 'v2', 20_000);
      const early = await gate('gate-stable').expect(503);
      expect(early.body).toMatchObject({ verdict: 'inconclusive', outcome: 'too_few_samples', since_source: 'latest_deployment', samples_since: 0 });
      expect(early.body.deployment).toMatchObject({ id, service_id: 'gate-stable', version: 'v2', timestamp: at(20_000) });
      expect(early.headers['retry-after']).toBe(String(D.gateRetryAfterSeconds));
      await send(normalSamples('gate-stable', 60, t0 + 20_000, 3));
      const res = await gate('gate-stable').expect(200);
      expect(res.body).toMatchObject({ verdict: 'pass', since: at(20_000), since_source: 'latest_deployment', samples_since: 60 });
      expect(res.body.reason).toContain('no drift since');
      // min_samples overrides the default either way.
      await gate('gate-stable', '?min_samples=61').expect(503);
      await gate('gate-stable', '?min_samples=0').expect(200);
    });

    it('should fail (409) while in drift, and name the deployment the drift followed', async () => {
      await baseline('gate-drift', 200);
      const id = await mark('gate-drift', 'v7', 20_000);
      await send(calm('gate-drift', 60, 20_000));
      await gate('gate-drift').expect(200);
      await send(spike('gate-drift', 30_000));
      expect((await health('gate-drift')).state).toBe('DRIFT_DETECTED');
      const res = await gate('gate-drift').expect(409);
      expect(res.body).toMatchObject({ verdict: 'fail', outcome: 'drifting', state: 'DRIFT_DETECTED', drifts_since: 1 });
      expect(res.body.reason).toMatch(/^in drift now since \S+ \(\w+, latency\)$/);
      expect(res.body.last_drift).toMatchObject({ metric: 'latency', deployment_id: id });
      const events = (await request(sut.baseUrl).get('/v1/events/gate-drift').expect(200)).body.events;
      const onset = events.find((e: { to: string }) => e.to === 'DRIFT_DETECTED');
      expect(onset.deployment_id).toBe(id);
      expect(events.find((e: { reason: string }) => e.reason === 'baseline_ready').deployment_id).toBeNull();
    });

    it('should still fail (409) once recovered: a drift began since the deployment', async () => {
      await send(calm('gate-drift', D.recoveryConsecutiveNormal, 40_000));
      expect((await health('gate-drift')).state).toBe('STABLE');
      const res = await gate('gate-drift').expect(409);
      expect(res.body).toMatchObject({ verdict: 'fail', outcome: 'drifted', state: 'STABLE', drifts_since: 1 });
      expect(res.body.reason).toContain('it has recovered');
      expect(res.body.last_drift.reason).toBe(
        (await request(sut.baseUrl).get('/v1/events/gate-drift?limit=2').expect(200)).body.events[1].reason,
      );
    });

    it('should judge the period given by since or deployment', async () => {
      // Since after the drift: only the recovery samples count.
      const afterDrift = at(40_000);
      const res = await gate('gate-drift', `?since=${encodeURIComponent(afterDrift)}`).expect(200);
      expect(res.body).toMatchObject({ verdict: 'pass', since: afterDrift, since_source: 'since', deployment: null, samples_since: D.recoveryConsecutiveNormal });
      await gate('gate-drift', `?since=${encodeURIComponent(at(0))}`).expect(409);
      // A later marker starts a new period; the earlier one, asked for by id, still fails.
      const first = (await request(sut.baseUrl).get('/v1/deployments?service_id=gate-drift').expect(200)).body.deployments[0].id;
      const second = await mark('gate-drift', 'v8', 40_000);
      const latest = await gate('gate-drift').expect(200);
      expect(latest.body.deployment.id).toBe(second);
      const byId = await gate('gate-drift', `?deployment=${first}`).expect(409);
      expect(byId.body).toMatchObject({ since_source: 'deployment', outcome: 'drifted' });
      expect(byId.body.deployment.id).toBe(first);
    });

    it('should not name a deployment in a drift that began more than the naming window after it', async () => {
      await baseline('gate-late', 200);
      await mark('gate-late', 'v1', 20_000);
      const late = 20_000 + (D.deploymentNamingWindowMinutes + 1) * 60_000;
      await send(calm('gate-late', 20, late - 10_000));
      await send(spike('gate-late', late));
      const res = await gate('gate-late').expect(409);
      expect(res.body.last_drift.deployment_id).toBeNull();
    });

    it('should answer 200 with the verdict in the body when asked (http_status=always_200), and the same to a POST', async () => {
      // Since the first marker (the test above added a later one), gate-drift has drifted.
      const sinceFirst = `since=${encodeURIComponent(at(20_000))}`;
      const drifted = await gate('gate-drift', `?${sinceFirst}&http_status=always_200`).expect(200);
      expect(drifted.body).toMatchObject({ verdict: 'fail', outcome: 'drifted' });
      const unknown = await gate('no-such-service', '?http_status=always_200').expect(200);
      expect(unknown.body.verdict).toBe('inconclusive');
      const learning = await gate('gate-learning', '?http_status=always_200').expect(200);
      expect(learning.headers['retry-after']).toBe(String(D.gateRetryAfterSeconds));
      // Flagger POSTs {name, namespace, phase, metadata}; the gate ignores the body.
      const flagger = { name: 'gate-drift', namespace: 'prod', phase: 'Progressing', metadata: { any: 'thing' } };
      const posted = await request(sut.baseUrl).post(`/v1/gate/gate-drift?${sinceFirst}`).send(flagger).expect(409);
      expect(posted.body).toMatchObject({ verdict: 'fail', outcome: 'drifted' });
      await request(sut.baseUrl).post('/v1/gate/gate-stable').send(flagger).expect(200);
      await request(sut.baseUrl).post('/v1/gate/no-such-service').set('Content-Type', 'application/json').expect(404);
    });

    it.each([
      ['?http_status=yes', 'http_status must be one of: verdict, always_200'],
      ['?since=yesterday', 'since must be an ISO-8601 date-time string'],
      ['?since=2026-02-31T00:00:00Z', 'since is not a valid date-time'],
      [`?since=${encodeURIComponent(new Date(Date.now() + 86_400_000).toISOString())}`, 'since must not be in the future'],
      ['?min_samples=abc', 'min_samples must be an integer from 0 to 1000000'],
      ['?min_samples=-1', 'min_samples must be an integer from 0 to 1000000'],
      ['?deployment=0', 'deployment must be a positive integer'],
      ['?deployment=1.5', 'deployment must be a positive integer'],
      ['?deployment=1&since=2026-01-01T00:00:00Z', 'give since or deployment, not both'],
      ['?verbose=1', 'property verbose should not exist'],
    ])('should answer 400 for %s', async (query, message) => {
      const res = await gate('gate-stable', query).expect(400);
      expect(res.body).toEqual({ statusCode: 400, error: 'Bad Request', message: expect.any(Array) });
      expect(res.body.message).toHaveLength(1);
      expect(res.body.message[0]).toContain(message);
    });

    it('should answer 400 for a bad service id and for a deployment of another service, 404 for an unknown deployment', async () => {
      await gate('bad%20id').expect(400);
      const other = await mark('gate-other', 'v1', 0);
      const res = await gate('gate-stable', `?deployment=${other}`).expect(400);
      expect(res.body.message[0]).toContain(`deployment ${other} is a deployment of 'gate-other'`);
      const missing = await gate('gate-stable', '?deployment=999999').expect(404);
      expect(missing.body).toEqual({ statusCode: 404, error: 'Not Found', message: 'Unknown deployment 999999: no marker has this id' });
    });
  });

  describe('/v1/deployments', () => {
    it('should create a marker (201), default its time to now, and list markers newest first', async () => {
      const before = Date.now();
      const res = await request(sut.baseUrl).post('/v1/deployments').send({ service_id: 'deploy-list', version: 'v1.0.0' }).expect(201);
      expect(res.body).toEqual({ id: expect.any(Number), service_id: 'deploy-list', version: 'v1.0.0', timestamp: expect.any(String), created_at: expect.any(String) });
      expect(Date.parse(res.body.timestamp)).toBeGreaterThanOrEqual(before - 5);
      const second = await mark('deploy-list', 'v1.0.1', 0);
      const list = (await request(sut.baseUrl).get('/v1/deployments?service_id=deploy-list').expect(200)).body.deployments;
      expect(list.map((d: { id: number }) => d.id)).toEqual([second, res.body.id]);
      const paged = (await request(sut.baseUrl).get(`/v1/deployments?service_id=deploy-list&limit=1&before=${second}`).expect(200)).body.deployments;
      expect(paged.map((d: { id: number }) => d.id)).toEqual([res.body.id]);
      const all = (await request(sut.baseUrl).get('/v1/deployments').expect(200)).body.deployments;
      expect(all.length).toBeGreaterThanOrEqual(2);
    });

    it.each([
      [{ version: 'v1' }, 'service_id must be a string'],
      [{ service_id: 'a', version: '' }, 'version should not be empty'],
      [{ service_id: 'a', version: 'v1', timestamp: 'soon' }, 'timestamp must be an ISO-8601 date-time string'],
      [{ service_id: 'a', version: 'v1', timestamp: new Date(Date.now() + 86_400_000).toISOString() }, 'timestamp must not be more than'],
      [{ service_id: 'a', version: 'v1', color: 'blue' }, 'property color should not exist'],
    ])('should answer 400 for a bad marker %j', async (body, message) => {
      const res = await request(sut.baseUrl).post('/v1/deployments').send(body).expect(400);
      expect(res.body.statusCode).toBe(400);
      expect(res.body.message.join(' ')).toContain(message);
    });

    it('should answer 400 for a bad id or query and 404 for an unknown marker', async () => {
      await request(sut.baseUrl).get('/v1/deployments/abc').expect(400);
      await request(sut.baseUrl).get('/v1/deployments/0').expect(400);
      await request(sut.baseUrl).get('/v1/deployments?limit=abc').expect(400);
      const res = await request(sut.baseUrl).get('/v1/deployments/999999').expect(404);
      expect(res.body.message).toContain('Unknown deployment 999999');
    });

    describe('GET /v1/deployments/{id} (comparison)', () => {
      const service = 'deploy-compare';
      let slower: number;
      let identical: number;
      let tooFew: number;

      beforeAll(async () => {
        // Three releases of one service, each judged against the baseline before its marker.
        await baseline(service, 300);
        identical = await mark(service, 'v1-same', 30_000);
        await send(normalSamples(service, 200, t0 + 30_000, 5));
        slower = await mark(service, 'v2-slow', 60_000);
        await send(normalSamples(service, 120, t0 + 60_000, 6).map((s) => ({ ...s, latency_ms: Math.round(s.latency_ms * 1.4 * 100) / 100 })));
        tooFew = await mark(service, 'v3-fresh', 80_000);
        await send(normalSamples(service, 10, t0 + 80_000, 9));
      });

      it('should pass a release from the same distribution', async () => {
        const res = await request(sut.baseUrl).get(`/v1/deployments/${identical}`).expect(200);
        expect(res.body).toMatchObject({
          deployment: { id: identical, service_id: service, version: 'v1-same' },
          next_deployment: { id: slower, version: 'v2-slow' },
          verdict: 'pass',
          rule: { alpha: D.deploymentCompareAlpha, band_percent: D.deploymentCompareBandPercent, min_samples: D.gateMinSamples, max_before: D.baselineWindowSize, max_after: D.deploymentCompareMaxAfter },
        });
        expect(res.body.reason).toMatch(/^no regression: latency/);
        const latency = res.body.metrics.latency;
        expect(latency.before.count).toBe(300);
        expect(latency.after.count).toBe(200);
        expect(latency.verdict).toBe('pass');
        expect(latency.median_ratio.lower).toBeLessThan(1);
        expect(latency.median_ratio.upper).toBeGreaterThan(1);
        expect(latency.median_ratio.confidence).toBeCloseTo(1 - D.deploymentCompareAlpha, 12);
        expect(latency.mann_whitney.p_value).toBeGreaterThan(D.deploymentCompareAlpha);
        expect(res.body.metrics.payload.verdict).toBe('pass');
      });

      it('should fail a clearly slower release, with the numbers in words', async () => {
        const res = await request(sut.baseUrl).get(`/v1/deployments/${slower}`).expect(200);
        expect(res.body.verdict).toBe('fail');
        const latency = res.body.metrics.latency;
        expect(latency).toMatchObject({ verdict: 'fail', change: 'increase' });
        expect(latency.after.count).toBe(120);
        expect(latency.after.median).toBeGreaterThan(latency.before.median * 1.3);
        expect(latency.after.p95).toBeGreaterThan(latency.before.p95);
        expect(latency.median_ratio.lower).toBeGreaterThan(1 + D.deploymentCompareBandPercent / 100);
        expect(latency.mann_whitney.p_value).toBeLessThan(1e-6);
        expect(latency.mann_whitney.probability_greater).toBeGreaterThan(0.8);
        expect(res.body.reason).toMatch(/^latency rose beyond the ±5 % band: median/);
        // Before = the baseline before the marker: the slow samples are not in it, nor the previous release's window.
        expect(latency.before.count).toBeGreaterThanOrEqual(300);
        expect(res.body.metrics.payload.verdict).toBe('pass');
      });

      it('should be inconclusive with too few samples after the marker, and honour min_samples', async () => {
        const res = await request(sut.baseUrl).get(`/v1/deployments/${tooFew}`).expect(200);
        expect(res.body.verdict).toBe('inconclusive');
        expect(res.body.reason).toContain(`10 after; ${D.gateMinSamples} needed on each side`);
        expect(res.body.metrics.latency).toMatchObject({ verdict: 'inconclusive', median_ratio: null, mann_whitney: null, after: { count: 10 } });
        const relaxed = await request(sut.baseUrl).get(`/v1/deployments/${tooFew}?min_samples=5`).expect(200);
        expect(relaxed.body.verdict).not.toBe('inconclusive');
        await request(sut.baseUrl).get(`/v1/deployments/${tooFew}?min_samples=x`).expect(400);
      });

      it('should be inconclusive for a service that has sent nothing yet', async () => {
        const id = await mark('deploy-not-yet', 'v1', 0);
        const res = await request(sut.baseUrl).get(`/v1/deployments/${id}`).expect(200);
        expect(res.body.verdict).toBe('inconclusive');
        expect(res.body.reason).toContain("no telemetry from 'deploy-not-yet' yet");
        expect(res.body.metrics.latency).toMatchObject({ verdict: 'not_compared', before: { count: 0, median: null, p95: null } });
      });
    });
  });

  it('should list every new route in Swagger', async () => {
    const doc = (await request(sut.baseUrl).get('/docs-json').expect(200)).body;
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/v1/gate/{service_id}', '/v1/deployments', '/v1/deployments/{id}']));
    expect(Object.keys(doc.paths['/v1/gate/{service_id}'].get.responses)).toEqual(expect.arrayContaining(['200', '400', '404', '409', '503']));
  });
});
