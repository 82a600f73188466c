import type { MetricStats } from './baseline-snapshot';

/** The σ floor: the parts of the configuration the scorer reads. */
export interface SigmaFloor {
  sigmaFloorRelative: number;
  sigmaFloorAbsolute: number;
}

/**
 * Effective σ of a metric. A service whose latency never varies (σ≈0) would turn the
 * slightest jitter into an infinite z; the floor is a fraction of the level (1 % of μ by
 * default, so a 150 ms service is scored with σ ≥ 1.5 ms) and never below an absolute minimum.
 */
export function effectiveSigma(stats: Pick<MetricStats, 'mean' | 'stddev'>, floor: SigmaFloor): number {
  return Math.max(stats.stddev, floor.sigmaFloorRelative * Math.abs(stats.mean), floor.sigmaFloorAbsolute);
}

/** z = (x − μ) / σ against a frozen snapshot, with the σ floor applied once per snapshot. */
export class ZScorer {
  readonly center: number;
  readonly sigma: number;
  private readonly inverseSigma: number;

  constructor(stats: MetricStats, floor: SigmaFloor) {
    this.center = stats.mean;
    this.sigma = effectiveSigma(stats, floor);
    this.inverseSigma = 1 / this.sigma;
  }

  score(x: number): number {
    // The DTO rejects non-finite input; a NaN reaching here would poison every rule, so it scores 0.
    if (!Number.isFinite(x)) return 0;
    return (x - this.center) * this.inverseSigma;
  }
}
