import { RecentScores } from './recent-scores';

describe(RecentScores.name, () => {
  const fill = (sut: RecentScores, latency: number[], payload = latency.map(() => 0)): RecentScores => {
    latency.forEach((z, i) => sut.push(z, payload[i]));
    return sut;
  };

  it('should keep only the last `capacity` samples, oldest first', () => {
    const sut = fill(new RecentScores(3), [1, 2, 3, 4, 5], [10, 20, 30, 40, 50]);

    expect(sut.size).toBe(3);
    expect(sut.export()).toEqual([
      [3, 4, 5],
      [30, 40, 50],
    ]);
  });

  it('should say whether the mean is within the bound, in either direction', () => {
    expect(fill(new RecentScores(4), [0.5, -0.5, 2.5, -2.5]).meanWithin(0.75)).toBe(true);
    expect(fill(new RecentScores(4), [1, 1, 0.5, 0.6]).meanWithin(0.75)).toBe(false);
    expect(fill(new RecentScores(4), [-1, -1, -0.5, -0.6]).meanWithin(0.75)).toBe(false);
  });

  it('should require both metrics within the bound', () => {
    expect(fill(new RecentScores(2), [0, 0], [5, 5]).meanWithin(0.75)).toBe(false);
  });

  it('should not decide anything from no samples, or from a non-finite score', () => {
    expect(new RecentScores(3).meanWithin(0.75)).toBe(false);
    expect(fill(new RecentScores(2), [0, NaN]).meanWithin(0.75)).toBe(false);
  });

  it('should survive an export / import round trip, and drop what a smaller capacity cannot hold', () => {
    const sut = fill(new RecentScores(3), [1, 2, 3, 4]);
    const copy = new RecentScores(3);
    copy.import(sut.export());
    copy.push(5, 0);
    sut.push(5, 0);
    expect(copy.export()).toEqual(sut.export());

    const smaller = new RecentScores(2);
    smaller.import(sut.export());
    expect(smaller.export()[0]).toEqual([4, 5]);
  });
});
