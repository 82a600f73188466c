import { SnapshotCalculator } from './baseline-snapshot';
import { RollingWindow } from './rolling-window';

describe(SnapshotCalculator.name, () => {
  it('should compute mean, sample sd, percentiles and MAD sigma of both metrics', () => {
    const window = new RollingWindow(10, 1e12);
    [1, 2, 3, 4, 5].forEach((v, i) => window.push(i + 1, i, v, v * 10));
    const sut = new SnapshotCalculator(10);

    const snap = sut.compute(window, 4);

    expect(snap.sampleCount).toBe(5);
    expect(snap.computedAtMs).toBe(4);
    expect(snap.latency.mean).toBe(3);
    expect(snap.latency.stddev).toBeCloseTo(Math.sqrt(2.5), 12);
    expect(snap.latency.p50).toBe(3);
    expect(snap.latency.p95).toBeCloseTo(4.8, 12);
    expect(snap.latency.p99).toBeCloseTo(4.96, 12);
    expect(snap.latency.madSigma).toBeCloseTo(1.4826, 12);
    expect(snap.payload.mean).toBe(30);
  });

  it('should not modify the window', () => {
    const window = new RollingWindow(4, 1e12);
    [4, 3, 2, 1].forEach((v, i) => window.push(i + 1, i, v, 0));
    new SnapshotCalculator(1).compute(window, 0);
    const out = new Float64Array(4);
    window.copyValues(0, out);
    expect(Array.from(out)).toEqual([4, 3, 2, 1]);
  });
});
