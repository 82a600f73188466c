import { mannWhitneyU } from './mann-whitney';

/*
 * Reference p-values: scipy.stats.mannwhitneyu(x, y, method='asymptotic', use_continuity=True),
 * scipy 1.17 (normal approximation with tie and continuity corrections, two-sided).
 */
describe('mannWhitneyU', () => {
  it('should give U = 0 and 9 for two separated samples of 3 (worked by hand)', () => {
    // Ranks of x: 1+2+3 = 6 → U₁ = 6 − 3·4/2 = 0; μ = 4.5, σ² = 3·3·7/12 = 5.25.
    const r = mannWhitneyU([1, 2, 3], [4, 5, 6]);
    expect(r).toMatchObject({ n1: 3, n2: 3, u1: 0, u2: 9, probabilityGreater: 1 });
    expect(r.z).toBeCloseTo((4.5 - 0.5) / Math.sqrt(5.25), 12);
    expect(r.pValue).toBeCloseTo(0.08085559837005224, 6);
  });

  it('should match the textbook example of Hollander & Wolfe (R: wilcox.test, W = 58)', () => {
    const x = [1.83, 0.5, 1.62, 2.48, 1.68, 1.88, 1.55, 3.06, 1.3];
    const y = [0.878, 0.647, 0.598, 2.05, 1.06, 1.29, 1.06, 3.14, 1.29];
    const r = mannWhitneyU(x, y);
    expect(r.u1).toBe(58);
    expect(r.u2).toBe(23);
    expect(r.z).toBeLessThan(0); // y tends to be smaller
    expect(r.pValue).toBeCloseTo(0.13291945818531892, 6);
  });

  it('should apply the tie correction', () => {
    const r = mannWhitneyU([1, 2, 2, 3, 3, 3, 4], [2, 3, 4, 4, 5, 5, 6, 7]);
    expect(r.u1).toBe(8.5);
    expect(r.u2).toBe(47.5);
    expect(r.pValue).toBeCloseTo(0.025279736885893914, 6);
  });

  it('should be symmetric in its arguments', () => {
    const x = [19, 22, 16, 29, 24];
    const y = [20, 11, 17, 12];
    const a = mannWhitneyU(x, y);
    const b = mannWhitneyU(y, x);
    expect(a.u1).toBe(17);
    expect(b.u2).toBe(17);
    expect(a.pValue).toBeCloseTo(0.11134688653314041, 6);
    expect(b.pValue).toBeCloseTo(a.pValue, 12);
    expect(b.z).toBeCloseTo(-a.z, 12);
  });

  it('should say nothing (p = 1) for empty or all-tied samples and skip non-finite values', () => {
    expect(mannWhitneyU([], [1, 2])).toMatchObject({ z: 0, pValue: 1, probabilityGreater: 0.5 });
    expect(mannWhitneyU([5, 5, 5], [5, 5])).toMatchObject({ z: 0, pValue: 1, probabilityGreater: 0.5 });
    const r = mannWhitneyU([1, NaN, 2, 3, Infinity], [4, 5, 6]);
    expect(r.n1).toBe(3);
    expect(r.pValue).toBeCloseTo(0.08085559837005224, 6);
  });

  it('should find a 10 % shift in 1000 vs 1000 samples and not an identical sample', () => {
    const base = Array.from({ length: 1000 }, (_, i) => 100 + 40 * Math.sin(i * 12.9898) * Math.cos(i * 78.233));
    const slower = base.map((v) => v * 1.1);
    expect(mannWhitneyU(base, slower).pValue).toBeLessThan(1e-6);
    expect(mannWhitneyU(base, base.slice().reverse()).pValue).toBe(1);
  });
});
