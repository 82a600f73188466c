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

  it('should say the samples are on the baseline when centred and mostly calm', () => {
    expect(fill(new RecentScores(4), [0.5, -0.5, 2.5, -2.5]).onBaseline(0.75, 2)).toBe(true);
  });

  it('should not when the mean is beyond the allowed shift, in either direction', () => {
    expect(fill(new RecentScores(4), [1, 1, 0.5, 0.6]).onBaseline(0.75, 2)).toBe(false);
    expect(fill(new RecentScores(4), [-1, -1, -0.5, -0.6]).onBaseline(0.75, 2)).toBe(false);
  });

  it('should not when fewer than half of the samples are calm', () => {
    expect(fill(new RecentScores(4), [2.5, -2.5, 2.5, 0]).onBaseline(0.75, 2)).toBe(false);
  });

  it('should require both metrics to be on the baseline', () => {
    expect(fill(new RecentScores(2), [0, 0], [5, 5]).onBaseline(0.75, 2)).toBe(false);
  });

  it('should not decide anything from no samples, or from a non-finite score', () => {
    expect(new RecentScores(3).onBaseline(0.75, 2)).toBe(false);
    expect(fill(new RecentScores(2), [0, NaN]).onBaseline(0.75, 2)).toBe(false);
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
