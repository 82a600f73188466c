import { percentile, percentileFrom, percentileRank } from './order-statistics';
import type { RollingWindow } from './rolling-window';

/** Summary of one metric over the baseline window. `center`/`scale` are what z-scores use. */
export interface MetricStats {
  mean: number;
  stddev: number;
  p50: number;
  p95: number;
  p99: number;
  /** Robust spread: 1.4826 × median absolute deviation (equals σ for normal data). */
  madSigma: number;
}

/** The frozen statistics a service is scored against until the next refresh. */
export interface BaselineSnapshot {
  sampleCount: number;
  /** Sample time (ms since epoch) of the newest sample that the snapshot includes. */
  computedAtMs: number;
  latency: MetricStats;
  payload: MetricStats;
}

export const METRICS = ['latency', 'payload'] as const;
export type MetricName = (typeof METRICS)[number];

const MAD_TO_SIGMA = 1.4826;

/**
 * Reusable scratch space: a refresh copies the window here instead of allocating, so a
 * million services refreshing cost no garbage.
 */
export class SnapshotCalculator {
  private scratch: Float64Array;

  constructor(capacity: number) {
    this.scratch = new Float64Array(Math.max(1, capacity));
  }

  compute(window: RollingWindow, computedAtMs: number): BaselineSnapshot {
    if (this.scratch.length < window.capacity) this.scratch = new Float64Array(window.capacity);
    return {
      sampleCount: window.size,
      computedAtMs,
      latency: this.metric(window, 0),
      payload: this.metric(window, 1),
    };
  }

  private metric(window: RollingWindow, metric: 0 | 1): MetricStats {
    const a = this.scratch;
    const n = window.copyValues(metric, a);
    let sum = 0;
    for (let i = 0; i < n; i++) sum += a[i];
    const mean = sum / n;
    let squares = 0;
    for (let i = 0; i < n; i++) {
      const d = a[i] - mean;
      squares += d * d;
    }
    // Sample standard deviation (n - 1): the window is a sample of the service's behaviour.
    const stddev = n > 1 ? Math.sqrt(squares / (n - 1)) : 0;
    // Each selection leaves the smaller values in front, so the next percentile searches the rest.
    const p50 = percentile(a, n, 0.5);
    const p95 = percentileFrom(a, n, 0.95, percentileRank(n, 0.5) + 1);
    const p99 = percentileFrom(a, n, 0.99, percentileRank(n, 0.95) + 1);
    for (let i = 0; i < n; i++) a[i] = Math.abs(a[i] - p50);
    const mad = percentile(a, n, 0.5);
    return { mean, stddev, p50, p95, p99, madSigma: MAD_TO_SIGMA * mad };
  }
}
