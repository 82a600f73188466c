import { medianRatio, medianStandardError } from './median-ratio';
import { normalQuantile } from './normal-distribution';
import { quantileOfSorted, sortFinite, summarizeSorted } from './sorted-sample';

/** An idealised normal sample: the n quantiles Φ⁻¹((i − ½)/n), scaled. */
const normalSample = (n: number, mean: number, sd: number) => Array.from({ length: n }, (_, i) => mean + sd * normalQuantile((i + 0.5) / n));

describe('sorted-sample helpers', () => {
  it('should sort finite values and interpolate percentiles like R type 7 / NumPy', () => {
    const s = sortFinite([5, NaN, 1, 4, -Infinity, 2, 3]);
    expect(Array.from(s)).toEqual([1, 2, 3, 4, 5]);
    expect(quantileOfSorted(s, 0.5)).toBe(3);
    expect(quantileOfSorted(s, 0.95)).toBeCloseTo(4.8, 12); // numpy.percentile([1..5], 95) = 4.8
    expect(summarizeSorted(new Float64Array(0))).toEqual({ count: 0, median: null, p95: null });
  });
});

describe('medianStandardError (McKean–Schrader)', () => {
  it('should use the order statistics c and n − c + 1 (n = 9 worked by hand)', () => {
    // c = round(5 − 1.96·1.5) = round(2.06) = 2 → (X₈ − X₂) / (2·1.96)
    const s = [1, 2, 3, 4, 5, 6, 7, 8, 9];
    expect(medianStandardError(s)).toBeCloseTo((8 - 2) / (2 * 1.959963984540054), 8);
  });

  it('should tend to √(π/2)·σ/√n for normal data', () => {
    const n = 10000;
    const se = medianStandardError(sortFinite(normalSample(n, 100, 20))) as number;
    expect(se / ((Math.sqrt(Math.PI / 2) * 20) / Math.sqrt(n))).toBeCloseTo(1, 1);
  });

  it('should be null below 2 values', () => {
    expect(medianStandardError([3])).toBeNull();
  });
});

describe('medianRatio', () => {
  it('should centre on the ratio of medians and contain 1 for the same distribution', () => {
    const a = sortFinite(normalSample(1000, 150, 25));
    const r = medianRatio(a, a, 0.99)!;
    expect(r.ratio).toBeCloseTo(1, 12);
    expect(r.lower).toBeLessThan(1);
    expect(r.upper).toBeGreaterThan(1);
    // Symmetric on the log scale.
    expect(Math.log(r.upper)).toBeCloseTo(-Math.log(r.lower), 12);
  });

  it('should exclude 1.05 for a 20 % slower sample and be wider at lower n', () => {
    const before = sortFinite(normalSample(1000, 150, 25));
    const after = sortFinite(normalSample(200, 180, 30));
    const r = medianRatio(before, after, 0.99)!;
    expect(r.ratio).toBeCloseTo(1.2, 6);
    expect(r.lower).toBeGreaterThan(1.05);
    const small = medianRatio(before, sortFinite(normalSample(20, 180, 30)), 0.99)!;
    expect(small.upper - small.lower).toBeGreaterThan(r.upper - r.lower);
  });

  it('should widen with the confidence level', () => {
    const a = sortFinite(normalSample(100, 10, 2));
    const b = sortFinite(normalSample(100, 11, 2));
    const r95 = medianRatio(a, b, 0.95)!;
    const r99 = medianRatio(a, b, 0.99)!;
    expect(r99.lower).toBeLessThan(r95.lower);
    expect(r99.upper).toBeGreaterThan(r95.upper);
    // ln-scale half width = z · SE(ln r)
    expect(Math.log(r95.upper / r95.ratio)).toBeCloseTo(1.959963984540054 * r95.logStandardError, 7);
  });

  it('should be null when a median is not positive or a sample is too small', () => {
    expect(medianRatio([0, 0, 0], [1, 2, 3], 0.95)).toBeNull();
    expect(medianRatio([1], [1, 2, 3], 0.95)).toBeNull();
    expect(() => medianRatio([1, 2], [1, 2], 1)).toThrow(RangeError);
  });
});
