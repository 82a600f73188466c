import request from 'supertest';
import { normalSamples } from './support/samples';
import { startTestApp, TestApp } from './support/test-app';

interface Member {
  service_id: string;
  event_id: number;
  onset: string;
  reason: string;
  kind: string | null;
  ended: string | null;
}
interface IncidentBody {
  start: string;
  end: string | null;
  open: boolean;
  first_mover: Member;
  member_count: number;
  members: Member[];
}

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const STEP = 100;

/**
 * A service's stream: a calm baseline, then from sample 110 a change (`latency` gives the changed
 * value), then calm samples so the episode can end. The change starts at `changeAtMs`.
 */
function stream(service: string, changeAtMs: number, seed: number, change: (i: number) => number, changed: number, calmAfter: number, payload?: (i: number) => number) {
  const startMs = changeAtMs - 110 * STEP;
  const samples = normalSamples(service, 110 + changed, startMs, seed);
  // Calmer than the baseline (spread 0.5): every one stays inside |z| ≤ 2, so a spike recovers after 50 of them.
  samples.push(...normalSamples(service, calmAfter, changeAtMs + changed * STEP, seed + 100, STEP, 0.5));
  for (let i = 0; i < changed; i++) {
    samples[110 + i].latency_ms = change(i);
    if (payload) samples[110 + i].payload_kb = payload(i);
  }
  return samples;
}

const spike = (service: string, atMs: number, seed: number) => stream(service, atMs, seed, () => 2000, 8, 80);
const step = (service: string, atMs: number, seed: number) => stream(service, atMs, seed, () => 400 + (seed % 7), 260, 0);

describe('GET /v1/incidents and drift explanations (e2e)', () => {
  let sut: TestApp;
  const get = (path: string) => request(sut.baseUrl).get(path);
  const base = Date.now() - 3 * 60 * MINUTE;
  const burst1 = Array.from({ length: 10 }, (_, i) => `db-client-${i}`);
  const burst2 = ['edge-a', 'edge-b'];
  const burst2At = base + 40 * MINUTE;

  beforeAll(async () => {
    sut = await startTestApp();
    // The deployment marker for db-client-0, 2 minutes before its drift.
    await request(sut.baseUrl)
      .post('/v1/deployments')
      .send({ service_id: 'db-client-0', version: 'v9.1.0', timestamp: new Date(base - 2 * MINUTE).toISOString() })
      .expect(201);
    // Ten services spike within a minute (5 s apart). They are sent last-first, so the first mover
    // is found by onset time, not by arrival order.
    for (let i = burst1.length - 1; i >= 0; i--) {
      const samples = i === 3 ? stream(burst1[i], base + i * 5 * SECOND, i + 1, () => 2000, 8, 80, () => 40) : spike(burst1[i], base + i * 5 * SECOND, i + 1);
      await request(sut.baseUrl).post('/v1/telemetry/batch').send({ samples }).expect(202);
    }
    // Forty minutes later, two services shift their level for good.
    for (const [i, name] of burst2.entries()) {
      await request(sut.baseUrl).post('/v1/telemetry/batch').send({ samples: step(name, burst2At + i * 20 * SECOND, 20 + i) }).expect(202);
    }
  });
  afterAll(() => sut.close());

  it('should read ten drifts within a minute as one incident with the right first mover, and a separate burst as another', async () => {
    const body = (await get('/v1/incidents').expect(200)).body as { window_minutes: number; incidents: IncidentBody[]; next_to: string | null };
    expect(body.window_minutes).toBe(5);
    expect(body.next_to).toBeNull();
    expect(body.incidents).toHaveLength(2);
    const [second, first] = body.incidents;
    expect(first.member_count).toBe(10);
    expect(first.members.map((m) => m.service_id)).toEqual(burst1);
    expect(first.first_mover).toMatchObject({ service_id: 'db-client-0', reason: 'consecutive_severe_anomalies', kind: 'spike' });
    expect(first.members.every((m) => m.kind === 'spike' && m.ended !== null)).toBe(true);
    expect(first).toMatchObject({ start: first.members[0].onset, open: false });
    expect(first.end).toBe(first.members.map((m) => m.ended as string).sort().pop());
    expect(second).toMatchObject({ member_count: 2, open: true, end: null, first_mover: { service_id: 'edge-a', kind: 'level_shift' } });
  });

  it('should page backwards with to=<next_to> and filter by from / to', async () => {
    const page1 = (await get('/v1/incidents?limit=1').expect(200)).body;
    expect(page1.incidents.map((i: IncidentBody) => i.member_count)).toEqual([2]);
    expect(page1.next_to).toBe(page1.incidents[0].start);
    const page2 = (await get(`/v1/incidents?limit=1&to=${page1.next_to}`).expect(200)).body;
    expect(page2.incidents.map((i: IncidentBody) => i.member_count)).toEqual([10]);
    expect(page2.next_to).toBeNull();
    const from = new Date(base + 20 * MINUTE).toISOString();
    expect((await get(`/v1/incidents?from=${from}`).expect(200)).body.incidents).toHaveLength(1);
    // A range ending inside the first incident still lists all its members (they joined within the window).
    const to = new Date(base + 10 * SECOND).toISOString();
    const early = (await get(`/v1/incidents?to=${to}`).expect(200)).body.incidents as IncidentBody[];
    expect(early.map((i) => i.member_count)).toEqual([10]);
  });

  it('should explain each drift event: kind, the deployment marker, co-movement, and the other services drifting with it', async () => {
    const events = (await get('/v1/events?state=DRIFT_DETECTED&limit=100').expect(200)).body.events;
    expect(events).toHaveLength(12);
    const of = (name: string) => events.find((e: { service_id: string }) => e.service_id === name).explanation;
    expect(of('db-client-0')).toMatchObject({
      kind: 'spike',
      direction: 'up',
      basis: 'episode',
      final: true,
      hints: {
        deployment: { version: 'v9.1.0', minutes_before_onset: expect.any(Number) },
        concurrent: { window_minutes: 5, total: 9, onsets: expect.any(Array) },
      },
    });
    expect(of('db-client-0').hints.deployment.minutes_before_onset).toBeCloseTo(2, 1);
    expect(of('db-client-1').hints.deployment).toBeUndefined();
    expect(of('db-client-1').hints.co_movement).toBeUndefined();
    expect(of('db-client-3').hints.co_movement).toMatchObject({ first_mover: 'together', lead_samples: 0 });
    expect(of('edge-b')).toMatchObject({ kind: 'level_shift', final: true, hints: { concurrent: { total: 1, onsets: [{ service_id: 'edge-a' }] } } });
    expect(of('edge-b').hints.deployment).toBeUndefined();
    const ready = (await get('/v1/events/edge-a?state=STABLE').expect(200)).body.events[0];
    expect(ready.explanation).toBeNull();
  });

  it('should put the explanation in /v1/health/{id} while the service drifts', async () => {
    const health = (await get('/v1/health/edge-a').expect(200)).body;
    expect(health.state).toBe('DRIFT_DETECTED');
    expect(health.metadata).toMatchObject({ event_id: expect.any(Number), explanation: { kind: 'level_shift', hints: { concurrent: { total: 1 } } } });
    expect((await get('/v1/health/db-client-0').expect(200)).body.metadata).toBeNull();
  });

  it('should give the same explanations and incidents after a restart (a function of stored samples and events)', async () => {
    const before = [(await get('/v1/events?limit=100').expect(200)).body, (await get('/v1/incidents').expect(200)).body];
    await sut.stop();
    const reopened = await startTestApp({ dbPath: sut.dbPath });
    try {
      const after = [(await request(reopened.baseUrl).get('/v1/events?limit=100').expect(200)).body, (await request(reopened.baseUrl).get('/v1/incidents').expect(200)).body];
      expect(after).toEqual(before);
    } finally {
      await reopened.stop();
    }
    sut = await startTestApp({ dbPath: sut.dbPath });
  });

  it.each([
    ['limit=0', 'limit must be an integer from 1 to 200'],
    ['limit=abc', 'limit must be an integer from 1 to 200'],
    ['from=yesterday', 'from must be an ISO-8601 date-time'],
    ['to=2026-13-01', 'to must be an ISO-8601 date-time'],
    ['from=2026-01-02T00:00:00Z&to=2026-01-01T00:00:00Z', 'from must be earlier than to'],
  ])('should answer %s with one clear 400', async (query, message) => {
    const res = await get(`/v1/incidents?${query}`).expect(400);
    expect(res.body).toEqual({ statusCode: 400, error: 'Bad Request', message: [expect.stringContaining(message)] });
  });
});

describe('an episode ended by an operator reset (e2e)', () => {
  let sut: TestApp;
  afterAll(() => sut.close());

  it('should explain it from the samples before the reset only, and call it final', async () => {
    sut = await startTestApp();
    const at = Date.now() - 60 * MINUTE;
    // 30 samples at a new level: the 5th raises the drift, 25 follow before the reset.
    await request(sut.baseUrl).post('/v1/telemetry/batch').send({ samples: step('reset-me', at, 3).slice(0, 140) }).expect(202);
    await request(sut.baseUrl).post('/v1/baseline/reset-me/reset').set('Content-Type', 'application/json').expect(202);
    // After the reset the service learns from whatever comes, here the new level.
    await request(sut.baseUrl).post('/v1/telemetry/batch').send({ samples: step('reset-me', at, 3).slice(140, 200) }).expect(202);
    const [onset] = (await request(sut.baseUrl).get('/v1/events/reset-me?state=DRIFT_DETECTED').expect(200)).body.events;
    expect(onset.explanation).toMatchObject({ kind: 'level_shift', basis: 'episode', samples_after_onset: 25, final: true });
  });
});
