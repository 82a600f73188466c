import { percentile, selectKth } from './order-statistics';

/** Deterministic PRNG (mulberry32) so a failure can be reproduced. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Type-7 percentile by sorting: the reference the quickselect must agree with. */
function sortedPercentile(values: number[], p: number): number {
  const s = [...values].sort((x, y) => x - y);
  const rank = p * (s.length - 1);
  const k = Math.floor(rank);
  return k + 1 < s.length ? s[k] + (rank - k) * (s[k + 1] - s[k]) : s[k];
}

describe(percentile.name, () => {
  const sut = percentile;

  it('should match a sort-based reference on random data of many shapes', () => {
    const next = rng(42);
    for (let trial = 0; trial < 300; trial++) {
      const n = 1 + Math.floor(next() * 1200);
      const kind = trial % 4;
      const values = Array.from({ length: n }, (_, i) =>
        kind === 0 ? next() * 1000 : kind === 1 ? Math.floor(next() * 5) : kind === 2 ? i : Math.exp(next() * 6),
      );
      for (const p of [0, 0.01, 0.5, 0.95, 0.99, 1]) {
        const buf = Float64Array.from(values);
        expect(sut(buf, n, p)).toBeCloseTo(sortedPercentile(values, p), 9);
      }
    }
  });

  it('should return NaN for no values', () => {
    expect(sut(new Float64Array(4), 0, 0.5)).toBeNaN();
  });

  it('should only read the first n values', () => {
    const buf = Float64Array.from([3, 1, 2, 1000, 1000]);
    expect(sut(buf, 3, 1)).toBe(3);
  });
});

describe(selectKth.name, () => {
  it('should put the k-th smallest at k with smaller values before it', () => {
    const next = rng(7);
    const values = Float64Array.from({ length: 501 }, () => Math.floor(next() * 50));
    const sorted = [...values].sort((x, y) => x - y);
    for (const k of [0, 1, 250, 499, 500]) {
      const sut = Float64Array.from(values);
      expect(selectKth(sut, k, 0, sut.length - 1)).toBe(sorted[k]);
      for (let i = 0; i < k; i++) expect(sut[i]).toBeLessThanOrEqual(sut[k]);
      for (let i = k + 1; i < sut.length; i++) expect(sut[i]).toBeGreaterThanOrEqual(sut[k]);
    }
  });
});
