import type { DetectionRule } from './detection-rule';

export interface TailRateState {
  high: number;
  low: number;
  highRun: number;
  lowRun: number;
  maxAbsZ: number;
}

/**
 * Tail drift: how often samples land beyond the baseline's upper (or lower) tail line. Under the
 * baseline a sample does so with probability p = 1 − quantile; a Bernoulli CUSUM adds the
 * log-likelihood ratio of "the rate is now `ratio`·p" for each sample and raises drift when the
 * evidence passes `threshold`. This sees what a mean cannot: 5 % of requests becoming 3× slower
 * barely moves the mean, but triples how often p99 is exceeded.
 */
export class TailRateRule implements DetectionRule<TailRateState> {
  private lineHigh = Infinity;
  private lineLow = -Infinity;
  private readonly hit: number;
  private readonly miss: number;
  private high = 0;
  private low = 0;
  private highRun = 0;
  private lowRun = 0;
  private maxAbsZ = 0;
  /** What one sample's evidence is worth (see `setDependence`). */
  private weight = 1;

  constructor(
    quantile: number,
    ratio: number,
    private readonly threshold: number,
  ) {
    const p0 = 1 - quantile;
    const p1 = Math.min(0.5, ratio * p0);
    this.hit = Math.log(p1 / p0);
    this.miss = Math.log((1 - p1) / (1 - p0));
  }

  /** The baseline's tail lines, in z units (set at every model refresh). */
  setLines(high: number, low: number): void {
    this.lineHigh = high;
    this.lineLow = low;
  }

  /** Exceedances that come in runs (lag-1 ρ) are worth (1−ρ)/(1+ρ) independent ones each. */
  setDependence(rho: number): void {
    this.weight = (1 - rho) / (1 + rho);
  }

  evaluate(z: number): boolean {
    this.high = Math.max(0, this.high + this.weight * (z > this.lineHigh ? this.hit : this.miss));
    this.low = Math.max(0, this.low + this.weight * (z < this.lineLow ? this.hit : this.miss));
    this.highRun = this.high > 0 ? this.highRun + 1 : 0;
    this.lowRun = this.low > 0 ? this.lowRun + 1 : 0;
    if (this.high === 0 && this.low === 0) this.maxAbsZ = 0;
    else if (Math.abs(z) > this.maxAbsZ) this.maxAbsZ = Math.abs(z);
    return this.high > this.threshold || this.low > this.threshold;
  }

  /** Whether z lies beyond either tail line. */
  beyondLines(z: number): boolean {
    return z > this.lineHigh || z < this.lineLow;
  }

  /** The larger log-likelihood ratio. */
  get statistic(): number {
    return Math.max(this.high, this.low);
  }

  evidence(): { count: number; maxAbsZ: number } {
    return { count: this.high >= this.low ? this.highRun : this.lowRun, maxAbsZ: this.maxAbsZ };
  }

  reset(): void {
    this.high = 0;
    this.low = 0;
    this.highRun = 0;
    this.lowRun = 0;
    this.maxAbsZ = 0;
  }

  exportState(): TailRateState {
    return { high: this.high, low: this.low, highRun: this.highRun, lowRun: this.lowRun, maxAbsZ: this.maxAbsZ };
  }

  importState(state: TailRateState): void {
    this.high = state.high;
    this.low = state.low;
    this.highRun = state.highRun;
    this.lowRun = state.lowRun;
    this.maxAbsZ = state.maxAbsZ;
  }
}
