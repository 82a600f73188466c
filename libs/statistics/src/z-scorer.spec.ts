import { DRIFT_CONFIG_DEFAULTS } from '@app/config';
import type { MetricStats } from './baseline-snapshot';
import { ZScorer } from './z-scorer';

const stats = (mean: number, stddev: number): MetricStats => ({ mean, stddev, p50: mean, p95: mean, p99: mean, lag1: 0, madSigma: stddev });

describe(ZScorer.name, () => {
  it('should score (x - mean) / sigma', () => {
    const sut = new ZScorer(stats(100, 10), DRIFT_CONFIG_DEFAULTS);
    expect(sut.score(130)).toBeCloseTo(3, 12);
    expect(sut.score(85)).toBeCloseTo(-1.5, 12);
  });

  it('should floor sigma relative to the level for a constant series', () => {
    const sut = new ZScorer(stats(150, 0), DRIFT_CONFIG_DEFAULTS);
    expect(sut.sigma).toBe(150 * DRIFT_CONFIG_DEFAULTS.sigmaFloorRelative);
    expect(Number.isFinite(sut.score(151))).toBe(true);
  });

  it('should use the absolute floor for a constant zero series', () => {
    const sut = new ZScorer(stats(0, 0), DRIFT_CONFIG_DEFAULTS);
    expect(sut.sigma).toBe(DRIFT_CONFIG_DEFAULTS.sigmaFloorAbsolute);
    expect(sut.score(0)).toBe(0);
    expect(Number.isFinite(sut.score(1))).toBe(true);
  });

  it('should score non-finite input as 0', () => {
    const sut = new ZScorer(stats(100, 10), DRIFT_CONFIG_DEFAULTS);
    expect(sut.score(NaN)).toBe(0);
    expect(sut.score(Infinity)).toBe(0);
  });
});
