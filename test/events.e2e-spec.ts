import request from 'supertest';
import { normalSamples } from './support/samples';
import { startTestApp, TestApp } from './support/test-app';

interface Event {
  id: number;
  service_id: string;
  reason: string;
  to: string;
  evidence_samples: number;
  count: number;
}

describe('GET /v1/events paging and filters (e2e)', () => {
  let sut: TestApp;
  const get = (path: string) => request(sut.baseUrl).get(path);

  beforeAll(async () => {
    sut = await startTestApp();
    const start = Date.now() - 600_000;
    // Five services become STABLE (5 baseline_ready events), then two are reset (2 baseline_reset).
    for (const [i, name] of ['a', 'b', 'c', 'd', 'e'].entries()) {
      await request(sut.baseUrl).post('/v1/telemetry/batch').send({ samples: normalSamples(name, 110, start + i * 1000) }).expect(202);
    }
    await request(sut.baseUrl).post('/v1/baseline/b/reset').set('Content-Type', 'application/json').expect(202);
    await request(sut.baseUrl).post('/v1/baseline/d/reset').set('Content-Type', 'application/json').expect(202);
  });
  afterAll(() => sut.close());

  it('should page backwards with before / next_before, newest first, without gaps or repeats', async () => {
    const all = (await get('/v1/events?limit=100').expect(200)).body as { events: Event[]; next_before: number | null };
    expect(all.events).toHaveLength(7);
    expect(all.next_before).toBeNull();
    const seen: number[] = [];
    let cursor: number | null = null;
    let pages = 0;
    do {
      const res: { body: { events: Event[]; next_before: number | null } } = await get(`/v1/events?limit=3${cursor === null ? '' : `&before=${cursor}`}`).expect(200);
      seen.push(...(res.body.events as Event[]).map((e) => e.id));
      cursor = res.body.next_before;
      pages++;
    } while (cursor !== null);
    expect(pages).toBe(3);
    expect(seen).toEqual(all.events.map((e) => e.id));
  });

  it('should filter by reason and by the state an event went to, per service too', async () => {
    const resets = (await get('/v1/events?reason=baseline_reset').expect(200)).body.events as Event[];
    expect(resets.map((e) => e.service_id).sort()).toEqual(['b', 'd']);
    const both = (await get('/v1/events?reason=baseline_reset,baseline_ready').expect(200)).body.events as Event[];
    expect(both).toHaveLength(7);
    const stable = (await get('/v1/events?state=STABLE').expect(200)).body.events as Event[];
    expect(stable.every((e) => e.to === 'STABLE' && e.reason === 'baseline_ready')).toBe(true);
    expect(stable).toHaveLength(5);
    const ofB = await get('/v1/events/b?state=INSUFFICIENT_DATA').expect(200);
    expect(ofB.body).toMatchObject({ service_id: 'b', next_before: null, events: [expect.objectContaining({ reason: 'baseline_reset' })] });
  });

  it('should name evidence_samples and keep the deprecated count beside it', async () => {
    const [ready] = (await get('/v1/events/a').expect(200)).body.events as Event[];
    expect(ready).toMatchObject({ reason: 'baseline_ready', evidence_samples: 100, count: 100 });
  });

  it.each([
    ['limit=abc', 'limit must be an integer from 1 to 1000'],
    ['limit=0', 'limit must be an integer from 1 to 1000'],
    ['limit=2.5', 'limit must be an integer from 1 to 1000'],
    ['before=x', 'before must be an integer from 1 to'],
    ['reason=slow', 'reason must be one or more (comma-separated) of: baseline_ready,'],
    ['state=BROKEN', 'state must be one or more (comma-separated) of: INSUFFICIENT_DATA, STABLE, DRIFT_DETECTED'],
    ['since=last-week', 'since must be an ISO-8601 date-time'],
  ])('should answer %s with one clear 400 message', async (query, message) => {
    const res = await get(`/v1/events?${query}`).expect(400);
    expect(res.body).toEqual({ statusCode: 400, error: 'Bad Request', message: [expect.stringContaining(message)] });
  });

  it('should page below a cursor whose event no longer exists (retention deletes events)', async () => {
    const res = await get('/v1/events?before=999999').expect(200);
    expect(res.body.events).toHaveLength(7);
  });
});
