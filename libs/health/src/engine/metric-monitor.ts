import type { DetectorConfig } from '@app/config';
import { DETECTION } from '@app/config/detection-constants';
import { isAggregated, normalScore, ResidualModel, ResidualScorer, SeasonalProfile, SeasonalProfileState } from '@app/statistics';
import type { TransitionReason } from './drift-state';
import { MonitorRules } from './monitor-rules';
import type { LevelShiftState } from './rules/level-shift-rule';
import type { ModerateDensityState } from './rules/moderate-density-rule';
import type { SevereRunState } from './rules/severe-run-rule';
import type { TailRateState } from './rules/tail-rate-rule';

/** The serialisable state of a `MetricMonitor` (its model lives in the detector's snapshot). */
export interface MetricMonitorState {
  profile: SeasonalProfileState;
  carried: number;
  carriedAtMs: number | null;
  severe: SevereRunState;
  moderate: ModerateDensityState;
  shift: LevelShiftState;
  tail: TailRateState;
}

/** What raised a drift on one metric. */
export interface RuleFiring {
  reason: TransitionReason;
  count: number;
  maxAbsZ: number;
  /** The CUSUM statistic for the two sequential rules (σ for a shift, log-likelihood ratio for the tail). */
  statistic: number | null;
}

/**
 * One metric of one service: its seasonal profile (learned from admitted samples), the scorer of
 * the current model of normal, and the four rules that read its residual z.
 */
export class MetricMonitor {
  readonly profile = new SeasonalProfile(
    DETECTION.dailySlots,
    DETECTION.weeklySlots,
    DETECTION.seasonHalfLifePeriods,
    DETECTION.profileSampleSpacingSeconds * 1000,
  );
  private scorer: ResidualScorer | null = null;
  /** Created on first need (see MonitorRules); until then every rule is in its fresh state. */
  private rulesValue: MonitorRules | null = null;
  /** z and expected value of the last scored sample (NaN: none, or the metric was absent). */
  lastZ = NaN;
  lastExpected = NaN;
  /** Which rules the current model admits (set with the model). */
  private aggregated = false;
  private independent = false;
  private tailKnown = false;

  constructor(private readonly config: DetectorConfig) {}

  private get rules(): MonitorRules {
    return (this.rulesValue ??= new MonitorRules(this.config));
  }

  get model(): ResidualModel | null {
    return this.scorer ? this.scorer.model : null;
  }

  /** Installs a new model; the carried residual survives (it is a deviation from level + shape). */
  setModel(model: ResidualModel | null): void {
    const previous = this.scorer;
    this.scorer = model ? new ResidualScorer(model, this.config.driftZscoreThreshold) : null;
    if (this.scorer && previous) {
      // The carried deviation is re-expressed against the new level + shape, so the expected value
      // does not jump at a refresh.
      const at = previous.carriedAtMs;
      this.scorer.carried = at === null ? previous.carried : previous.carried + previous.base(at) - this.scorer.base(at);
      this.scorer.carriedAtMs = at;
    }
    const aggregated = model !== null && isAggregated(model.intervalMs);
    this.aggregated = aggregated;
    // The sequential tests add up evidence sample by sample, which holds only for independent
    // residuals: per-request telemetry (independent draws), and aggregated series whose model found
    // no cycle and no autocorrelation. On a correlated series a run of same-signed residuals is its
    // nature, not a change, and the seed's rules on the residual are the ones that count.
    this.independent = model !== null && (!aggregated || (model.complete && model.phi === 0 && model.season === 'none' && model.residualRho === 0));
    // A rate of 1 % is known from ten expected exceedances, not from one or two.
    this.tailKnown = model !== null && model.n * (1 - DETECTION.tailQuantile) >= DETECTION.tailMinExceedances;
    if (model) {
      // The tail lines stay where they were while the tail test builds evidence, so a growing tail
      // does not raise its own lines before it is seen.
      const tail = this.rules.tail;
      if (!(tail.statistic > DETECTION.cusumAdmissionFraction * DETECTION.tailThreshold)) tail.setLine(model.tailHigh);
    }
  }

  /** Level + seasonal shape at `timeMs` (NaN without a model). */
  base(timeMs: number): number {
    return this.scorer ? this.scorer.base(timeMs) : NaN;
  }

  /** Scores a sample; returns its z (NaN when there is no model or the value is absent). */
  score(timeMs: number, x: number): number {
    if (!this.scorer) {
      this.lastZ = NaN;
      this.lastExpected = NaN;
      return NaN;
    }
    const z = this.scorer.score(timeMs, x);
    // What the model expected: level, shape and the recent past (NaN for an absent value).
    this.lastExpected = Number.isNaN(z) ? NaN : this.scorer.lastExpected;
    this.lastZ = z;
    return z;
  }

  /**
   * Teaches the seasonal profile one sample. Every sample counts, in every state: a pattern that
   * recurs every day is learned even while it raises drift, and a single incident moves its slot
   * by only its share of the decayed history (about a sixth at a four-period half-life).
   */
  learn(timeMs: number, x: number): void {
    this.profile.add(timeMs, x);
  }

  /** Feeds z to every rule; returns the first that completes, seed rules first. */
  evaluate(z: number): RuleFiring | null {
    if (Number.isNaN(z)) return null;
    const r = this.rules;
    const severe = r.severe.evaluate(z);
    const moderate = r.moderate.evaluate(z);
    const shift = this.independent && r.shift.evaluate(z);
    const tail = this.independent && this.tailKnown && r.tail.evaluate(z);
    const scorer = this.scorer as ResidualScorer;
    const extreme = this.aggregated && r.extreme.evaluate(normalScore(scorer.bandZ, scorer.model.scoreTable));
    if (severe) return { reason: 'consecutive_severe_anomalies', ...r.severe.evidence(), statistic: null };
    if (moderate) return { reason: 'moderate_anomaly_density', ...r.moderate.evidence(), statistic: null };
    if (shift) return { reason: 'persistent_shift', ...r.shift.evidence(), statistic: r.shift.statistic };
    if (tail) return { reason: 'tail_drift', ...r.tail.evidence(), statistic: r.tail.statistic };
    if (extreme) return { reason: 'extreme_sample', ...r.extreme.evidence(), statistic: null };
    return null;
  }

  /** Whether the shift test is building evidence: the sample stays out of the baseline (a creeping mean is not normal yet). */
  holdsBack(): boolean {
    // Fresh rules hold nothing back (their statistic is 0).
    return this.rulesValue !== null && this.rulesValue.shift.statistic > DETECTION.cusumAdmissionFraction * DETECTION.cusumThreshold;
  }

  resetRules(): void {
    const r = this.rulesValue;
    if (r === null) return; // fresh rules are reset already
    r.severe.reset();
    r.moderate.reset();
    r.shift.reset();
    r.tail.reset();
    r.extreme.reset();
  }

  exportState(): MetricMonitorState {
    // Rules not created yet export as fresh ones do (a throwaway set: exactly their state).
    const r = this.rulesValue ?? new MonitorRules(this.config);
    return {
      profile: this.profile.exportState(),
      carried: this.scorer ? this.scorer.carried : 0,
      carriedAtMs: this.scorer ? this.scorer.carriedAtMs : null,
      severe: r.severe.exportState(),
      moderate: r.moderate.exportState(),
      shift: r.shift.exportState(),
      tail: r.tail.exportState(),
    };
  }

  /** Restores rules and profile; call `setModel` first so the carried residual lands on the scorer. */
  importState(state: MetricMonitorState): void {
    this.profile.importState(state.profile);
    if (this.scorer) {
      this.scorer.carried = state.carried;
      this.scorer.carriedAtMs = state.carriedAtMs;
    }
    const r = this.rules;
    r.severe.importState(state.severe);
    r.moderate.importState(state.moderate);
    r.shift.importState(state.shift);
    r.tail.importState(state.tail);
  }
}
