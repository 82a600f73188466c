import { mixSeed, mulberry32, standardNormal } from './prng';

describe(mulberry32.name, () => {
  it('should repeat its sequence for the same seed and stay in [0, 1)', () => {
    const a = mulberry32(123);
    const b = mulberry32(123);

    const values = Array.from({ length: 1000 }, () => a());

    expect(Array.from({ length: 1000 }, () => b())).toEqual(values);
    expect(Math.min(...values)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...values)).toBeLessThan(1);
  });

  it('should give standard normals with mean ~0 and sd ~1', () => {
    const random = mulberry32(mixSeed(5, 0));

    const draws = Array.from({ length: 20_000 }, () => standardNormal(random));
    const mean = draws.reduce((s, v) => s + v, 0) / draws.length;
    const sd = Math.sqrt(draws.reduce((s, v) => s + (v - mean) ** 2, 0) / draws.length);

    expect(Math.abs(mean)).toBeLessThan(0.03);
    expect(Math.abs(sd - 1)).toBeLessThan(0.03);
  });

  it('should mix neighbouring indexes into unrelated seeds', () => {
    expect(new Set([0, 1, 2, 3].map((i) => mixSeed(42, i))).size).toBe(4);
  });
});
