import request from 'supertest';
import { normalSamples } from './support/samples';
import { startTestApp, TestApp } from './support/test-app';

type Sample = ReturnType<typeof normalSamples>[number] & { endpoint?: string };

/** `count` samples of one endpoint around `level` ms (the shared generator's shape, rescaled). */
function endpointSamples(endpoint: string, level: number, count: number, startMs: number, seed: number): Sample[] {
  return normalSamples('shop', count, startMs, seed, 200).map((s) => ({ ...s, endpoint, latency_ms: Math.round(s.latency_ms * (level / 150) * 100) / 100 }));
}

function interleave(a: Sample[], b: Sample[]): Sample[] {
  const out: Sample[] = [];
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    if (i < a.length) out.push(a[i]);
    if (i < b.length) out.push(b[i]);
  }
  return out;
}

/**
 * An endpoint's drift is explained against that endpoint's own normal: a fast GET /cart (20 ms)
 * beside a slow POST /pay (400 ms) would make a mixed reference so wide that a real step on
 * /pay reads as less than one σ.
 */
describe('Explanations of an endpoint drift (e2e)', () => {
  let app: TestApp;
  const t0 = Date.now() - 3_600_000;

  beforeAll(async () => {
    app = await startTestApp();
    const cart = endpointSamples('GET /cart', 20, 400, t0, 11);
    const pay = [...endpointSamples('POST /pay', 400, 200, t0 + 100, 12), ...endpointSamples('POST /pay', 700, 200, t0 + 100 + 200 * 200, 13)];
    const samples = interleave(cart, pay);
    for (let i = 0; i < samples.length; i += 500) {
      await request(app.baseUrl).post('/v1/telemetry/batch').send({ samples: samples.slice(i, i + 500) }).expect(202);
    }
  });
  afterAll(() => app.close());

  it("should measure the drifting endpoint's shift against its own samples, not the service's mix", async () => {
    const { body } = await request(app.baseUrl).get('/v1/events/shop?state=DRIFT_DETECTED').expect(200);
    const onset = body.events.find((e: { endpoint?: string }) => e.endpoint === 'POST /pay');
    expect(onset).toBeDefined();
    expect(body.events.some((e: { endpoint?: string }) => e.endpoint === 'GET /cart')).toBe(false);
    // 400 → 700 ms with σ ≈ 115 ms (the generator's ±43 ms scaled by 400/150): about +2.6 σ of /pay's own
    // samples. Against the 20/400 mix the robust σ is several hundred ms and the shift under 1 σ.
    expect(onset.explanation.kind).toBe('level_shift');
    expect(onset.explanation.measures.shift_sigma).toBeGreaterThan(2);
  });

  it('should name the endpoint in the service health while it drifts', async () => {
    const { body } = await request(app.baseUrl).get('/v1/health/shop').expect(200);
    expect(body.state).toBe('DRIFT_DETECTED');
    expect(body.metadata.endpoint).toBe('POST /pay');
    expect(body.metadata.explanation.kind).toBe('level_shift');
  });
});
