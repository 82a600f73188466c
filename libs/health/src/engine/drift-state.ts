import type { BaselineSnapshot, MetricName } from '@app/statistics/baseline-snapshot';

export enum HealthState {
  INSUFFICIENT_DATA = 'INSUFFICIENT_DATA',
  STABLE = 'STABLE',
  DRIFT_DETECTED = 'DRIFT_DETECTED',
}

/** Why a transition happened; each value is explained in the README's detection section. */
export const TRANSITION_REASONS = [
  'baseline_ready',
  'consecutive_severe_anomalies',
  'moderate_anomaly_density',
  'persistent_shift',
  'tail_drift',
  'extreme_sample',
  'recovered',
  'new_normal_adopted',
  'baseline_reset',
] as const;
export type TransitionReason = (typeof TRANSITION_REASONS)[number];

/** One state change, stamped with the time of the sample (or operator action) that caused it. */
export interface Transition {
  from: HealthState;
  to: HealthState;
  reason: TransitionReason;
  /** Sample time (ms since epoch). */
  timeMs: number;
  /** Sequence number of the triggering sample within its service (null for operator actions). */
  seq: number | null;
  metric: MetricName | null;
  /**
   * Samples behind the transition: rule 1 the severe run, rule 2 the moderate anomalies among the
   * recent window, the sequential rules the samples since their evidence began, recovery the calm
   * run, new_normal_adopted the samples adopted, baseline_ready the window.
   */
  count: number;
  /** Largest |z| among the samples that triggered the rule. */
  maxZscore: number | null;
  /** z-scores of the triggering sample. */
  zLatency: number | null;
  zPayload: number | null;
  /** The sequential rules' statistic when it crossed its threshold (σ for a shift, log-likelihood ratio for the tail). */
  cusum: number | null;
  baseline: BaselineSnapshot | null;
  /** What the model expected of each metric at the triggering sample (level, seasonal shape and recent past). */
  expected: { latency: number | null; payload: number | null } | null;
}
