import { normalCdf, normalQuantile, twoSidedPValue } from './normal-distribution';

describe('normal distribution', () => {
  it('should match table values of Φ', () => {
    expect(normalCdf(0)).toBeCloseTo(0.5, 7);
    expect(normalCdf(1.959963984540054)).toBeCloseTo(0.975, 7);
    expect(normalCdf(-3)).toBeCloseTo(0.0013498980316300933, 8);
  });

  it('should give two-sided p-values', () => {
    expect(twoSidedPValue(2.5)).toBeCloseTo(0.012419330651552265, 7);
    expect(twoSidedPValue(-2.5)).toBeCloseTo(0.012419330651552265, 7);
    expect(twoSidedPValue(0)).toBe(1);
  });

  it('should invert Φ', () => {
    expect(normalQuantile(0.975)).toBeCloseTo(1.959963984540054, 7);
    expect(normalQuantile(0.995)).toBeCloseTo(2.5758293035489004, 7);
    expect(normalQuantile(1e-5)).toBeCloseTo(-4.264890793922825, 6);
    expect(normalQuantile(0.5)).toBe(0);
    for (const p of [0.001, 0.02, 0.3, 0.7, 0.99]) expect(normalCdf(normalQuantile(p))).toBeCloseTo(p, 6);
  });

  it('should answer the edges without throwing', () => {
    expect(normalQuantile(0)).toBe(-Infinity);
    expect(normalQuantile(1)).toBe(Infinity);
    expect(normalQuantile(1.5)).toBeNaN();
    expect(twoSidedPValue(NaN)).toBeNaN();
  });
});
