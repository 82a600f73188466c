import type { DetectorConfig } from '@app/config';
import { independentFraction } from '@app/statistics';

export enum RuleHit {
  NONE = 0,
  SEVERE = 1,
  MODERATE = 2,
  GRADUAL = 3,
  EXTREME = 4,
}

/** The serialisable part of `MetricRules`, persisted with the service's state. */
export interface MetricRulesState {
  severeRun: number;
  severeRunMaxZ: number;
  recentAbsZ: number[];
  recentPos: number;
  recentFill: number;
  cusumHigh: number;
  cusumLow: number;
  /** Rule 3's weight per sample, as set at the last snapshot (absent in older states: recomputed). */
  cusumWeight?: number;
  /** Rule 4's memory: the largest recent |z| (decayed) and how many samples have been scored (absent in older states: 0). */
  largestRecentAbsZ?: number;
  scoredSamples?: number;
}

/**
 * The drift rules for one metric of one service, fed one z-score at a time:
 * rule 1 (a run of severe |z|), rule 2 (a density of moderate |z| among the last W),
 * rule 3 (a two-sided CUSUM on clipped z for shifts too small for rules 1 and 2) and
 * rule 4 (one extreme sample, far beyond any the metric has shown lately, in a sparse stream).
 */
export class MetricRules {
  severeRun = 0;
  severeRunMaxZ = 0;
  cusumHigh = 0;
  cusumLow = 0;
  private readonly recentAbsZ: Float64Array;
  private recentPos = 0;
  private recentFill = 0;
  /** How many of the stored recent |z| exceed the moderate threshold (kept as samples come and go). */
  private moderateN = 0;

  /** Weight of one sample's z in rule 3 (see `setAutocorrelation`). */
  private cusumWeight = 1;

  /**
   * Rule 4's memory, kept across every state change (it describes how surprising this metric's
   * data usually is, not one baseline): the largest |z| scored lately, decaying with a half-life
   * of EXTREME_POINT_MEMORY_SAMPLES, and the number of samples scored so far.
   */
  private largestRecentAbsZ = 0;
  private scoredSamples = 0;
  private readonly memoryDecay: number;
  /** |z| of the sample that last raised rule 4. */
  extremeAbsZ = 0;

  /** `recent`: storage for the last DRIFT_MODERATE_WINDOW |z| (a detector passes views of one buffer for both metrics). */
  constructor(
    private readonly config: DetectorConfig,
    recent: Float64Array = new Float64Array(config.driftModerateWindow),
  ) {
    if (recent.length !== config.driftModerateWindow) throw new RangeError(`rule 2 needs ${config.driftModerateWindow} slots, got ${recent.length}`);
    this.recentAbsZ = recent;
    this.memoryDecay = Math.pow(0.5, 1 / config.extremePointMemorySamples);
  }

  /**
   * Rule 3 assumes independent samples. In a series that wanders (lag-1 autocorrelation ρ > 0:
   * cycles, slow load patterns) long runs on one side of the mean are normal, and n such samples
   * carry the evidence of only n·(1−ρ)/(1+ρ) independent ones; each z is weighted by the square
   * root of that factor (ρ measured above a floor), so rule 3 keeps its false-alarm rate.
   * Independent traffic (ρ ≈ 0) is unaffected.
   */
  setAutocorrelation(rho: number): void {
    this.cusumWeight = Math.sqrt(independentFraction(rho, this.config.gradualDriftAutocorrelationFloor));
  }

  /**
   * Evaluates one sample; returns which rule, if any, now says the metric has drifted.
   * `sparse`: the service sends aggregated points, not per-request samples (rule 4 may fire).
   */
  evaluate(z: number, sparse = false): RuleHit {
    const cfg = this.config;
    const absZ = Math.abs(z);

    // Rule 4 compares with the memory before this sample enters it.
    const extreme =
      sparse &&
      cfg.extremePointZscore > 0 &&
      this.scoredSamples >= cfg.minSamplesForBaseline &&
      absZ > cfg.extremePointZscore &&
      absZ > cfg.extremePointNovelty * this.largestRecentAbsZ;
    const remembered = this.largestRecentAbsZ * this.memoryDecay;
    this.largestRecentAbsZ = absZ > remembered ? absZ : remembered;
    this.scoredSamples++;

    if (absZ > cfg.driftZscoreThreshold) {
      this.severeRun++;
      if (absZ > this.severeRunMaxZ) this.severeRunMaxZ = absZ;
    } else {
      this.severeRun = 0;
      this.severeRunMaxZ = 0;
    }

    const moderate = cfg.driftModerateZscoreThreshold;
    if (this.recentFill === this.recentAbsZ.length && this.recentAbsZ[this.recentPos] > moderate) this.moderateN--;
    if (absZ > moderate) this.moderateN++;
    this.recentAbsZ[this.recentPos] = absZ;
    this.recentPos = this.recentPos + 1 === this.recentAbsZ.length ? 0 : this.recentPos + 1;
    if (this.recentFill < this.recentAbsZ.length) this.recentFill++;

    // Clipping bounds what one outlier can add, so heavy-tailed noise alone cannot trip rule 3.
    const clipped =
      (z > cfg.gradualDriftClip ? cfg.gradualDriftClip : z < -cfg.gradualDriftClip ? -cfg.gradualDriftClip : z) * this.cusumWeight;
    this.cusumHigh = Math.max(0, this.cusumHigh + clipped - cfg.gradualDriftK);
    this.cusumLow = Math.max(0, this.cusumLow - clipped - cfg.gradualDriftK);

    if (this.severeRun >= cfg.driftConsecutiveThreshold) return RuleHit.SEVERE;
    if (extreme) {
      this.extremeAbsZ = absZ;
      return RuleHit.EXTREME;
    }
    if (this.recentFill >= cfg.driftModerateCount && this.moderateCount() >= cfg.driftModerateCount) {
      return RuleHit.MODERATE;
    }
    if (this.cusumHigh > cfg.gradualDriftH || this.cusumLow > cfg.gradualDriftH) return RuleHit.GRADUAL;
    return RuleHit.NONE;
  }

  /**
   * Whether rules 1–3 would raise drift on these z-scores (oldest first), counted from clean
   * counters with this metric's current rule 3 weight. Leaves this instance untouched.
   */
  wouldDrift(z: readonly number[]): boolean {
    const probe = new MetricRules(this.config);
    probe.cusumWeight = this.cusumWeight;
    for (const x of z) if (probe.evaluate(x) !== RuleHit.NONE) return true;
    return false;
  }

  /** Samples among the last `driftModerateWindow` with |z| above the moderate threshold. */
  moderateCount(): number {
    return this.moderateN;
  }

  recentMaxAbsZ(): number {
    let max = 0;
    for (let i = 0; i < this.recentFill; i++) if (this.recentAbsZ[i] > max) max = this.recentAbsZ[i];
    return max;
  }

  /**
   * Whether rule 3 has built up GRADUAL_DRIFT_GATE_FRACTION of its threshold (the sample is then
   * kept out of the baseline, so a slow ramp is not learned as fast as it accumulates evidence).
   */
  building(): boolean {
    const gate = this.config.gradualDriftH * this.config.gradualDriftGateFraction;
    return this.cusumHigh > gate || this.cusumLow > gate;
  }

  cusum(): number {
    return Math.max(this.cusumHigh, this.cusumLow);
  }

  /** Clears the counters of rules 1–3 (rule 4's memory stays: see `largestRecentAbsZ`). */
  reset(): void {
    this.severeRun = 0;
    this.severeRunMaxZ = 0;
    this.recentPos = 0;
    this.recentFill = 0;
    this.moderateN = 0;
    this.cusumHigh = 0;
    this.cusumLow = 0;
  }

  exportState(): MetricRulesState {
    const recent: number[] = [];
    for (let i = 0; i < this.recentFill; i++) recent.push(this.recentAbsZ[i]);
    return {
      severeRun: this.severeRun,
      severeRunMaxZ: this.severeRunMaxZ,
      recentAbsZ: recent,
      recentPos: this.recentPos,
      recentFill: this.recentFill,
      cusumHigh: this.cusumHigh,
      cusumLow: this.cusumLow,
      cusumWeight: this.cusumWeight,
      largestRecentAbsZ: this.largestRecentAbsZ,
      scoredSamples: this.scoredSamples,
    };
  }

  importState(state: MetricRulesState): void {
    this.severeRun = state.severeRun;
    this.severeRunMaxZ = state.severeRunMaxZ;
    this.recentAbsZ.fill(0);
    state.recentAbsZ.forEach((v, i) => (this.recentAbsZ[i] = v));
    this.recentPos = state.recentPos;
    this.recentFill = state.recentFill;
    this.moderateN = 0;
    for (let i = 0; i < this.recentFill; i++) if (this.recentAbsZ[i] > this.config.driftModerateZscoreThreshold) this.moderateN++;
    this.cusumHigh = state.cusumHigh;
    this.cusumLow = state.cusumLow;
    this.largestRecentAbsZ = state.largestRecentAbsZ ?? 0;
    this.scoredSamples = state.scoredSamples ?? 0;
  }

  /** The weight exactly as it was when the state was exported (it depends on history, not only the snapshot). */
  restoreWeight(state: MetricRulesState): void {
    if (state.cusumWeight !== undefined) this.cusumWeight = state.cusumWeight;
  }
}
