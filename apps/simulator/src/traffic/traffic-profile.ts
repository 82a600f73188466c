/** How one service's healthy traffic looks. Means and spreads are of the real (not log) values. */
export interface TrafficProfile {
  readonly latencyMeanMs: number;
  readonly latencySdMs: number;
  readonly payloadMeanKb: number;
  readonly payloadSdKb: number;
  /** Share of samples that are outliers (a GC pause, a cold cache): 0 for clean traffic. */
  readonly outlierRate: number;
  /** Outlier latency is multiplied by a factor drawn uniformly from this range. */
  readonly outlierFactorMin: number;
  readonly outlierFactorMax: number;
}

/** The seed's example service: ~150 ms ± 25 ms, ~2.4 kB. */
export const DEFAULT_PROFILE: TrafficProfile = Object.freeze({
  latencyMeanMs: 150,
  latencySdMs: 25,
  payloadMeanKb: 2.4,
  payloadSdKb: 0.6,
  outlierRate: 0,
  outlierFactorMin: 5,
  outlierFactorMax: 10,
});

/** Parameters of the log-normal whose mean and standard deviation are the given ones. */
export function logNormalParams(mean: number, sd: number): { mu: number; sigma: number } {
  const sigma2 = Math.log(1 + (sd * sd) / (mean * mean));
  return { mu: Math.log(mean) - sigma2 / 2, sigma: Math.sqrt(sigma2) };
}
