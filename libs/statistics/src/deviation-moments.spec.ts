import { batchSizeFor, deviationMoments, lag1Of, longRunRhoOf } from './deviation-moments';

/** Deterministic standard normal samples (mulberry32 + Box-Muller). */
function normals(n: number, seed: number): Float64Array {
  let a = seed >>> 0;
  const uniform = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = Math.sqrt(-2 * Math.log(1 - uniform())) * Math.cos(2 * Math.PI * uniform());
  return out;
}

const momentsOf = (a: Float64Array): ReturnType<typeof deviationMoments> => {
  const mean = a.reduce((s, v) => s + v, 0) / a.length;
  return deviationMoments(a, a.length, mean);
};

describe('longRunRhoOf', () => {
  const floor = 0.2; // rule 3's default autocorrelation floor

  it('should batch by the cube root of n', () => {
    expect(batchSizeFor(100)).toBe(5);
    expect(batchSizeFor(1000)).toBe(10);
    expect(batchSizeFor(3)).toBe(2);
  });

  it('should stay below the floor for independent samples', () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      expect(longRunRhoOf(momentsOf(normals(1000, seed)))).toBeLessThan(floor);
    }
  });

  it('should never be below the lag-1 autocorrelation', () => {
    const ar = normals(1000, 7);
    for (let i = 1; i < ar.length; i++) ar[i] += 0.6 * ar[i - 1];
    const m = momentsOf(ar);
    expect(lag1Of(m)).toBeGreaterThan(0.5);
    expect(longRunRhoOf(m)).toBeGreaterThanOrEqual(lag1Of(m));
  });

  it('should see a slow wander under fast noise that lag-1 puts below the floor', () => {
    const x = normals(1000, 11);
    for (let i = 0; i < x.length; i++) x[i] += 0.6 * Math.sin((2 * Math.PI * i) / 200);
    const m = momentsOf(x);
    expect(lag1Of(m)).toBeLessThan(floor);
    expect(longRunRhoOf(m)).toBeGreaterThan(0.3);
  });

  it('should fall back to lag-1 with fewer than two batches', () => {
    const m = momentsOf(Float64Array.from([1, 3, 2]));
    expect(m.batches).toBe(1);
    expect(longRunRhoOf(m)).toBe(lag1Of(m));
  });
});
