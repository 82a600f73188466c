import type { DetectionRule } from './detection-rule';

export interface TailRateState {
  high: number;
  highRun: number;
  maxAbsZ: number;
}

/**
 * Tail drift: how often samples land beyond the baseline's upper tail line (slower requests,
 * larger payloads, higher counts). Under the baseline a sample does so with probability p = 1 − quantile; a Bernoulli CUSUM adds the
 * log-likelihood ratio of "the rate is now `ratio`·p" for each sample and raises drift when the
 * evidence passes `threshold`. This sees what a mean cannot: 5 % of requests becoming 3× slower
 * barely moves the mean, but triples how often p99 is exceeded.
 */
export class TailRateRule implements DetectionRule<TailRateState> {
  private lineHigh = Infinity;
  private readonly hit: number;
  private readonly miss: number;
  private high = 0;
  private highRun = 0;
  private maxAbsZ = 0;

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

  /** The baseline's tail line, in z units (set at model refreshes). */
  setLine(high: number): void {
    this.lineHigh = high;
  }

  evaluate(z: number): boolean {
    this.high = Math.max(0, this.high + (z > this.lineHigh ? this.hit : this.miss));
    this.highRun = this.high > 0 ? this.highRun + 1 : 0;
    if (this.high === 0) this.maxAbsZ = 0;
    else if (Math.abs(z) > this.maxAbsZ) this.maxAbsZ = Math.abs(z);
    return this.high > this.threshold;
  }

  /** The log-likelihood ratio. */
  get statistic(): number {
    return this.high;
  }

  evidence(): { count: number; maxAbsZ: number } {
    return { count: this.highRun, maxAbsZ: this.maxAbsZ };
  }

  reset(): void {
    this.high = 0;
    this.highRun = 0;
    this.maxAbsZ = 0;
  }

  exportState(): TailRateState {
    return { high: this.high, highRun: this.highRun, maxAbsZ: this.maxAbsZ };
  }

  importState(state: TailRateState): void {
    this.high = state.high;
    this.highRun = state.highRun;
    this.maxAbsZ = state.maxAbsZ;
  }
}
