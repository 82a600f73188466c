import { fitResidualModel, independentModel, normalScore, NORMAL_SCORE_GRID, ResidualScorer } from './residual-model';

function rng(seed: number): () => number {
  let a = seed >>> 0;
  const uniform = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return () => Math.sqrt(-2 * Math.log(1 - uniform())) * Math.cos(2 * Math.PI * uniform());
}

function series(n: number, stepMs: number, next: (i: number) => number): [Float64Array, Float64Array] {
  const x = new Float64Array(n);
  const t = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    x[i] = next(i);
    t[i] = i * stepMs;
  }
  return [x, t];
}

describe('fitResidualModel', () => {
  it('should reduce to the mean and σ for independent samples', () => {
    const n = rng(1);
    const [x, t] = series(1000, 60_000, () => 50 + 5 * n());
    const m = fitResidualModel(x, t, 1000, null, 'none')!;
    expect(m.phi).toBe(0);
    expect(m.season).toBe('none');
    expect(m.scale).toBeCloseTo(5, 0);
    expect(m.level).toBeCloseTo(50, 0);
  });

  it('should find short-term correlation (AR(1)) in an aggregated series, and not in per-request samples', () => {
    const n = rng(2);
    let e = 0;
    const next = () => (e = 0.8 * e + n());
    const [x, t] = series(1000, 60_000, next);
    const m = fitResidualModel(x, t, 1000, null, 'none')!;
    expect(m.phi).toBeGreaterThan(0.7);
    expect(m.gain).toBe(1);
    expect(m.scale).toBeLessThan(m.sigma);
    const [y, u] = series(1000, 100, next);
    expect(fitResidualModel(y, u, 1000, null, 'none')!.phi).toBe(0);
  });

  it('should model a level that wanders under the noise by exponential smoothing', () => {
    const n = rng(3);
    let level = 0;
    const [x, t] = series(1000, 60_000, () => (level += 0.3 * n()) + n());
    const m = fitResidualModel(x, t, 1000, null, 'none')!;
    expect(m.phi).toBe(1);
    expect(m.gain).toBeGreaterThan(0);
    expect(m.gain).toBeLessThan(1);
  });
});

describe(ResidualScorer.name, () => {
  it("should score z = (x − μ) / σ for the independent model, the seed's z-score", () => {
    const scorer = new ResidualScorer(independentModel(100, 10, 130, 100, 1000, true), 3);
    expect(scorer.score(0, 125)).toBeCloseTo(2.5, 12);
    expect(scorer.score(1, Number.NaN)).toBeNaN();
  });

  it('should not let an outlier move what the next sample is expected to be', () => {
    const n = rng(4);
    let e = 0;
    const [x, t] = series(1000, 60_000, () => (e = 0.9 * e + n()));
    const m = fitResidualModel(x, t, 1000, null, 'none')!;
    const scorer = new ResidualScorer(m, 3);
    scorer.score(1000 * 60_000, m.level);
    scorer.score(1001 * 60_000, m.level + 50 * m.scale);
    // The spike was not trusted: the next sample is expected at the level again.
    const z = scorer.score(1002 * 60_000, m.level);
    expect(Math.abs(z)).toBeLessThan(1);
  });
});

describe('normalScore', () => {
  it('should leave Gaussian residuals as they are and compress heavy tails, never amplifying', () => {
    const gaussian = NORMAL_SCORE_GRID.map((g) => g);
    expect(normalScore(1.7, gaussian)).toBeCloseTo(1.7, 12);
    const heavy = NORMAL_SCORE_GRID.map((g) => (g > 2 ? 4 * g : g));
    expect(normalScore(12, heavy)).toBeCloseTo(3, 12);
    const light = NORMAL_SCORE_GRID.map((g) => g / 4);
    expect(normalScore(0.5, light)).toBe(0.5);
  });
});
