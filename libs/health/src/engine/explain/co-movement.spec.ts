import { coMovement } from './co-movement';
import { firstEpisode, Shape } from './synthetic-episodes';

const BEFORE = 1100;
const calm = (n: () => number) => ({ latency: 100 + 10 * n(), payload: 20 + 2 * n() });

describe('coMovement', () => {
  it('names the payload as first mover when it grew 10 samples before latency, with their correlation', () => {
    // A bigger response (payload +5σ) and, 10 requests later, the latency it costs (+6σ).
    const shape: Shape = (i, n) =>
      i < BEFORE ? calm(n) : { latency: i >= BEFORE + 10 ? 160 + 10 * n() : 100 + 10 * n(), payload: 30 + 2 * n() };
    const { episode } = firstEpisode(shape, 5000, 200);
    const hint = coMovement(episode);
    expect(hint).toMatchObject({ first_mover: 'payload', lead_samples: 10, lead_seconds: 1 });
    expect(hint?.payload_departed_seq).toBe(BEFORE + 1);
  });

  it('reports a positive correlation when both move sample by sample', () => {
    const shape: Shape = (i, n) => {
      if (i < BEFORE) return calm(n);
      const load = Math.abs(n());
      return { latency: 160 + 30 * load + 5 * n(), payload: 28 + 6 * load + n() };
    };
    const hint = coMovement(firstEpisode(shape, 5000, 200).episode);
    expect(hint?.first_mover).toBe('together');
    expect(hint?.correlation).toBeGreaterThan(0.7);
  });

  it('is absent when only latency moved', () => {
    const shape: Shape = (i, n) => (i < BEFORE ? calm(n) : { latency: 160 + 10 * n(), payload: 20 + 2 * n() });
    expect(coMovement(firstEpisode(shape, 5000, 200).episode)).toBeNull();
  });
});
