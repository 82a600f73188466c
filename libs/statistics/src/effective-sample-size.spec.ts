import { independentFraction } from './effective-sample-size';

describe('independentFraction', () => {
  it('should count independent samples fully', () => {
    expect(independentFraction(0, 0.2)).toBe(1);
    expect(independentFraction(-0.3, 0.2)).toBe(1);
  });

  it('should ignore autocorrelation up to the floor', () => {
    expect(independentFraction(0.2, 0.2)).toBe(1);
  });

  it('should follow (1 - r) / (1 + r) on rho rescaled above the floor', () => {
    // rho 0.6 with floor 0.2 → r = 0.5 → 0.5 / 1.5
    expect(independentFraction(0.6, 0.2)).toBeCloseTo(1 / 3, 12);
    expect(independentFraction(0.5, 0)).toBeCloseTo(1 / 3, 12);
  });

  it('should stay above zero for a series that only wanders', () => {
    const f = independentFraction(1, 0.2);
    expect(f).toBeGreaterThan(0);
    expect(f).toBeLessThan(0.001);
  });
});
