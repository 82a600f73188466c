import { partitionOf } from './partition-of';

describe(partitionOf.name, () => {
  it('should give the FNV-1a reference hash modulo the partition count', () => {
    // FNV-1a 32 of "a" is 0xe40c292c, of "foobar" 0xbf9cf968 (the published test vectors).
    expect(partitionOf('a', 2 ** 31)).toBe(0xe40c292c % 2 ** 31);
    expect(partitionOf('foobar', 1000)).toBe(0xbf9cf968 % 1000);
  });

  it('should spread many services over every partition', () => {
    const counts = new Array<number>(64).fill(0);
    for (let i = 0; i < 6400; i++) counts[partitionOf(`svc-${i}`, 64)]++;
    expect(Math.min(...counts)).toBeGreaterThan(50);
    expect(Math.max(...counts)).toBeLessThan(160);
  });
});
