import type { BaselineSnapshot, HourStats, MetricName } from '@app/statistics';

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
  'gradual_drift',
  'extreme_point',
  'recovered',
  'baseline_confirmed',
  'baseline_reset',
  'baseline_relearn',
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
  /** Rule 1: the run length; rule 2: anomalies in the recent window; rule 4: 1; recovery: the normal run; baseline_confirmed: the samples checked. */
  count: number;
  /** Largest |z| among the samples that triggered the rule. */
  maxZscore: number | null;
  /** z-scores of the triggering sample. */
  zLatency: number | null;
  zPayload: number | null;
  /** Rule 3: the CUSUM statistic when it crossed its threshold. */
  cusum: number | null;
  baseline: BaselineSnapshot | null;
  /**
   * The hour-of-day statistics the triggering sample was scored against, per metric, when the
   * service's daily profile was in use for it (null otherwise: the snapshot was used).
   */
  dailyProfile: { latency: HourStats | null; payload: HourStats | null } | null;
}
