import { compareDeployment, ComparisonRule, MeasuredValues } from './deployment-comparison';

const RULE: ComparisonRule = { alpha: 0.01, bandPercent: 5, minSamples: 50 };

/** Deterministic, roughly normal values (sum of 4 LCG uniforms). */
function samples(n: number, latency: number, payload: number | null, seed: number): MeasuredValues[] {
  let state = seed >>> 0;
  const u = () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
  const noise = () => u() + u() + u() + u() - 2;
  return Array.from({ length: n }, () => ({ latency: latency * (1 + 0.25 * noise()), payload: payload === null ? null : payload * (1 + 0.1 * noise()) }));
}

describe('compareDeployment', () => {
  it('should pass a release drawn from the same distribution', () => {
    const c = compareDeployment(samples(1000, 150, 2.4, 1), samples(300, 150, 2.4, 2), RULE);
    expect(c.verdict).toBe('pass');
    expect(c.reason).toMatch(/^no regression: latency/);
    expect(c.metrics.map((m) => m.verdict)).toEqual(['pass', 'pass']);
    const latency = c.metrics[0];
    expect(latency.medianRatio!.lower).toBeLessThan(1.05);
    expect(latency.mannWhitney!.n1).toBe(1000);
  });

  it('should fail a release 30 % slower, naming the metric, medians, interval and p', () => {
    const c = compareDeployment(samples(1000, 150, 2.4, 1), samples(100, 195, 2.4, 3), RULE);
    expect(c.verdict).toBe('fail');
    const latency = c.metrics[0];
    expect(latency).toMatchObject({ verdict: 'fail', change: 'increase' });
    expect(latency.medianRatio!.ratio).toBeGreaterThan(1.2);
    expect(latency.medianRatio!.lower).toBeGreaterThan(1.05);
    expect(c.reason).toMatch(/latency rose beyond the ±5 % band: median .* → .* ms \(×1\.\d+, 99 % CI ×.*\); Mann–Whitney p = /);
    expect(c.metrics[1].verdict).toBe('pass');
  });

  it('should pass a faster release (latency only regresses upwards) but fail a payload that shrank', () => {
    const faster = compareDeployment(samples(1000, 150, 2.4, 1), samples(200, 100, 2.4, 4), RULE);
    expect(faster.verdict).toBe('pass');
    expect(faster.metrics[0]).toMatchObject({ change: 'decrease' });
    expect(faster.metrics[0].reason).toMatch(/^latency improved/);
    const truncated = compareDeployment(samples(1000, 150, 2.4, 1), samples(200, 150, 1.2, 5), RULE);
    expect(truncated.verdict).toBe('fail');
    expect(truncated.metrics[1]).toMatchObject({ verdict: 'fail', change: 'decrease' });
  });

  it('should pass a significant change inside the band', () => {
    // 2 % slower with 5000 samples a side: the U test sees it, the band says it does not matter.
    const c = compareDeployment(samples(5000, 150, 2.4, 1), samples(5000, 153, 2.4, 6), RULE);
    expect(c.metrics[0].mannWhitney!.pValue).toBeLessThan(0.01);
    expect(c.metrics[0].verdict).toBe('pass');
    expect(c.metrics[0].reason).toMatch(/not provably beyond the ±5 % band/);
  });

  it('should be inconclusive with too few samples after the marker', () => {
    const c = compareDeployment(samples(1000, 150, 2.4, 1), samples(20, 400, 2.4, 7), RULE);
    expect(c.verdict).toBe('inconclusive');
    expect(c.reason).toContain('too few samples (1000 before, 20 after; 50 needed on each side)');
    expect(c.metrics[0].mannWhitney).toBeNull();
  });

  it('should not compare a payload that is not reported, and still decide on latency', () => {
    const c = compareDeployment(samples(1000, 150, null, 1), samples(100, 150, null, 8), RULE);
    expect(c.verdict).toBe('pass');
    expect(c.metrics[1]).toMatchObject({ verdict: 'not_compared', reason: 'payload: no values before or after the deployment' });
    const dropped = compareDeployment(samples(1000, 150, 2.4, 1), samples(100, 150, null, 8), RULE);
    expect(dropped.verdict).toBe('pass');
    expect(dropped.metrics[1].reason).toBe('payload: no values after the deployment');
  });

  it('should be inconclusive with no samples at all', () => {
    const c = compareDeployment([], [], RULE);
    expect(c.verdict).toBe('inconclusive');
    expect(c.metrics[0].verdict).toBe('not_compared');
  });

  it('should decide on the U test alone when a median is 0', () => {
    const before = Array.from({ length: 100 }, () => ({ latency: 10, payload: 0 }));
    const after = Array.from({ length: 100 }, () => ({ latency: 10, payload: 5 }));
    const c = compareDeployment(before, after, RULE);
    expect(c.metrics[1]).toMatchObject({ verdict: 'fail', medianRatio: null, change: 'increase' });
    expect(c.metrics[1].reason).toContain('ratio undefined');
  });
});
