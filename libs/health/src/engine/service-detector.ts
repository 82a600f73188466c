import type { DetectorConfig } from '@app/config';
import {
  BaselineSnapshot,
  DailyProfile,
  DailyProfileState,
  effectiveSigma,
  HourStats,
  independentFraction,
  MetricName,
  RollingWindow,
  SnapshotCalculator,
  ZScorer,
} from '@app/statistics';
import { HealthState, Transition, TransitionReason } from './drift-state';
import { MetricRules, MetricRulesState, RuleHit } from './metric-rules';
import { RecentScores } from './recent-scores';

/** Everything needed to rebuild a detector after a restart, besides the window's samples. */
export interface DetectorState {
  version: 1;
  state: HealthState;
  transitionTimeMs: number | null;
  sampleCount: number;
  lastSeq: number;
  maxTimeMs: number;
  acceptedSinceRefresh: number;
  driftSamples: number;
  recoveryRun: number;
  /** Metric whose rule raised the current drift (null: not drifting, or a state from before this field). */
  driftMetric?: MetricName | null;
  /** The window has reached its capacity or its age limit since it was last cleared. */
  windowFull?: boolean;
  snapshot: BaselineSnapshot | null;
  /** The hour-of-day profile (absent in states stored before it existed: it starts empty). */
  daily?: DailyProfileState;
  rules: [MetricRulesState, MetricRulesState];
  /** z of the latest drifting samples, oldest first, per metric (absent in older states: none kept). */
  driftScores?: [number[], number[]];
  /** When the current (or last) drift and the one before it began (absent in older states: unknown). */
  driftStartMs?: number | null;
  previousDriftStartMs?: number | null;
  /** The pending relearn follows a daily recurrence and is ready only once the window is full. */
  relearnNeedsFullWindow?: boolean;
  /** The last transition, without its statistics (`baseline`, `dailyProfile`: they are in its event). */
  lastTransition: Transition | null;
  /** Sequence number of the oldest sample in the window, and how many samples it holds. */
  windowFrontSeq: number | null;
  windowSize: number;
}

/** A window sample as stored (sequence, sample time, values). */
export interface WindowSample {
  seq: number;
  timeMs: number;
  latency: number;
  payload: number;
}

const METRIC_NAMES: readonly MetricName[] = ['latency', 'payload'];
const DAY_MS = 86_400_000;
/** Scratch for `scoredRho`, shared by every detector (the engine is single-threaded). */
let residualValues = new Float64Array(0);
let residualTimes = new Float64Array(0);
const HIT_REASON: Record<RuleHit, TransitionReason | null> = {
  [RuleHit.NONE]: null,
  [RuleHit.SEVERE]: 'consecutive_severe_anomalies',
  [RuleHit.MODERATE]: 'moderate_anomaly_density',
  [RuleHit.GRADUAL]: 'gradual_drift',
  [RuleHit.EXTREME]: 'extreme_point',
};

/**
 * The per-service drift detector: the baseline window, its snapshot, the rules and the
 * state machine INSUFFICIENT_DATA → STABLE ⇄ DRIFT_DETECTED. Pure and deterministic: time
 * comes only from the samples (or the caller, for operator resets), never from the clock.
 *
 * Baseline admission policy (what may become "normal"):
 * - INSUFFICIENT_DATA: every sample enters the window.
 * - STABLE: a sample enters unless one of its metrics has |z| above the severe threshold (so
 *   isolated outliers and the first samples of an incident do not inflate σ), or rule 3 is
 *   a third of the way to firing (so a slow creep is not learned faster than its evidence
 *   accumulates).
 * - DRIFT_DETECTED: nothing enters the window; the baseline is frozen until recovery, so an
 *   incident never becomes the new normal. Only a drift that began one day after the previous one
 *   (a daily pattern) feeds the hour-of-day profile. An operator accepts a new normal with a
 *   reset; a drift lasting RELEARN_AFTER_SAMPLES and RELEARN_AFTER_MINUTES is relearned
 *   automatically, unless its last MIN_SAMPLES_FOR_BASELINE samples still fit the baseline (then
 *   it is kept: `baseline_confirmed`).
 */
export class ServiceDetector {
  private readonly window: RollingWindow;
  private readonly rules: [MetricRules, MetricRules];
  private scorers: [ZScorer, ZScorer] | null = null;
  private snapshotValue: BaselineSnapshot | null = null;
  private stateValue = HealthState.INSUFFICIENT_DATA;
  private transitionTimeMs: number | null = null;
  private sampleCountValue = 0;
  private lastSeqValue = 0;
  private maxTimeMs = -Infinity;
  private acceptedSinceRefresh = 0;
  private driftSamples = 0;
  private recoveryRun = 0;
  private driftMetric: 0 | 1 | null = null;
  /** z of the last MIN_SAMPLES_FOR_BASELINE samples of the current drift (cleared on every transition). */
  private readonly driftScores: RecentScores;
  private windowFull = false;
  private driftStartMs: number | null = null;
  private previousDriftStartMs: number | null = null;
  private relearnNeedsFullWindow = false;
  private lastTransitionValue: Transition | null = null;
  private readonly daily: DailyProfile;
  /** Hour statistics the last sample was scored against (null entries: the snapshot was used). */
  private lastHourLatency: HourStats | null = null;
  private lastHourPayload: HourStats | null = null;

  /** Whether the last observed sample entered the baseline window. */
  lastAccepted = false;
  /** z-scores of the last observed sample (NaN while there is no baseline). */
  lastZLatency = NaN;
  lastZPayload = NaN;

  constructor(
    private readonly config: DetectorConfig,
    private readonly calculator: SnapshotCalculator = new SnapshotCalculator(config.baselineWindowSize),
  ) {
    this.window = new RollingWindow(config.baselineWindowSize, config.baselineWindowHours * 3_600_000);
    this.daily = new DailyProfile(config);
    this.driftScores = new RecentScores(config.minSamplesForBaseline);
    const w = config.driftModerateWindow;
    const recent = new Float64Array(2 * w);
    this.rules = [new MetricRules(config, recent.subarray(0, w)), new MetricRules(config, recent.subarray(w))];
  }

  get state(): HealthState {
    return this.stateValue;
  }
  get sampleCount(): number {
    return this.sampleCountValue;
  }
  get lastSeq(): number {
    return this.lastSeqValue;
  }
  get snapshot(): BaselineSnapshot | null {
    return this.snapshotValue;
  }
  get windowSize(): number {
    return this.window.size;
  }
  get windowFrontSeq(): number | null {
    return this.window.frontSeq;
  }
  /** The hour-of-day profile: whether each metric is scored by it, and how well the hour explains it. */
  get dailyProfile(): { daysSpanned: number; latency: { inUse: boolean; explained: number }; payload: { inUse: boolean; explained: number } } {
    return {
      daysSpanned: this.daily.daysSpanned,
      latency: { inUse: this.daily.isActive(0), explained: this.daily.explained(0) },
      payload: { inUse: this.daily.isActive(1), explained: this.daily.explained(1) },
    };
  }
  get transitionTime(): number | null {
    return this.transitionTimeMs;
  }
  /** The last transition, without its statistics (`baseline`, `dailyProfile`: they are in its event). */
  get lastTransition(): Transition | null {
    return this.lastTransitionValue;
  }
  /**
   * Samples the window still needs before a baseline exists (0 once one does): at least
   * MIN_SAMPLES_FOR_BASELINE; past that, a window that is not yet worth that many independent
   * samples is checked again every BASELINE_REFRESH samples, so this is a lower bound. A relearn
   * held for a full window (a daily recurrence) needs the rest of the window's capacity at most.
   */
  get samplesUntilBaseline(): number {
    if (this.snapshotValue) return 0;
    const min = this.config.minSamplesForBaseline;
    if (this.window.size < min) return min - this.window.size;
    // The 24-hour age limit can fill the window before its capacity does.
    if (this.relearnNeedsFullWindow) return this.window.capacity - this.window.size;
    const refresh = this.config.baselineRefresh;
    return refresh - ((this.window.size - min) % refresh);
  }

  /**
   * Feeds one sample, in arrival order. `seq` is the sample's 1-based position in its service's
   * stream. Returns the transition it caused, if any.
   */
  observe(seq: number, timeMs: number, latency: number, payload: number): Transition | null {
    this.sampleCountValue++;
    this.lastSeqValue = seq;
    if (timeMs > this.maxTimeMs) this.maxTimeMs = timeMs;
    // Age never shrinks the window below the readiness minimum: a service sending fewer than 100
    // samples a day still gets (and keeps) a baseline of its 100 newest samples.
    if (this.window.evictExpired(this.maxTimeMs, this.config.minSamplesForBaseline) > 0) this.windowFull = true;

    if (this.stateValue === HealthState.INSUFFICIENT_DATA) {
      this.lastZLatency = NaN;
      this.lastZPayload = NaN;
      this.lastHourLatency = null;
      this.lastHourPayload = null;
      this.admit(seq, timeMs, latency, payload);
      if (this.window.size >= this.window.capacity) this.windowFull = true;
      const candidate = this.baselineCandidate(timeMs);
      if (candidate) {
        this.acceptedSinceRefresh = 0;
        this.setSnapshot(candidate);
        return this.transition(HealthState.STABLE, 'baseline_ready', seq, timeMs, null, this.window.size, null);
      }
      return null;
    }

    const scorers = this.scorers as [ZScorer, ZScorer];
    const hourL = this.daily.statsFor(0, timeMs);
    const hourP = this.daily.statsFor(1, timeMs);
    this.lastHourLatency = hourL;
    this.lastHourPayload = hourP;
    const zl = hourL ? this.hourZ(hourL, latency) : scorers[0].score(latency);
    const zp = hourP ? this.hourZ(hourP, payload) : scorers[1].score(payload);
    this.lastZLatency = zl;
    this.lastZPayload = zp;
    // A stream whose samples are a minute or more apart sends aggregates (a per-minute mean, a CPU
    // reading): one of them far outside everything seen is an incident by itself, which one
    // slow request among many is not.
    const extremeZ = this.config.extremePointZscore;
    const sparse =
      (Math.abs(zl) > extremeZ || Math.abs(zp) > extremeZ) && this.window.meanIntervalMs() >= this.config.extremePointMinIntervalSeconds * 1000;
    const hitL = this.rules[0].evaluate(zl, sparse);
    const hitP = this.rules[1].evaluate(zp, sparse);

    if (this.stateValue === HealthState.STABLE) {
      const metric = hitL !== RuleHit.NONE ? 0 : hitP !== RuleHit.NONE ? 1 : -1;
      if (metric >= 0) {
        this.lastAccepted = false;
        return this.raiseDrift(metric as 0 | 1, metric === 0 ? hitL : hitP, seq, timeMs);
      }
      const severe = this.config.driftZscoreThreshold;
      // A sample also stays out while a CUSUM is building (a third of its threshold): otherwise a
      // slow creep is absorbed by the refreshing baseline faster than rule 3 accumulates evidence.
      if (Math.abs(zl) > severe || Math.abs(zp) > severe || this.rules[0].building() || this.rules[1].building()) {
        this.lastAccepted = false;
      }
      else this.admit(seq, timeMs, latency, payload);
      return null;
    }

    // DRIFT_DETECTED: the baseline stays frozen. A drift that recurs at the same time of day is a
    // daily pattern, though: its samples teach the hour-of-day profile (never the window), so the
    // pattern is expected from the day after instead of raising drift every day.
    this.lastAccepted = false;
    if (this.driftRecursDaily()) this.daily.add(timeMs, latency, payload);
    this.driftSamples++;
    // Recovery watches the metric that drifted: independent noise on the other metric must not
    // keep resetting the run (two noisy metrics make 50 calm samples in a row ~10x rarer).
    const calm = this.config.recoveryZscoreThreshold;
    const calmL = Math.abs(zl) <= calm;
    const calmP = Math.abs(zp) <= calm;
    const isCalm = this.driftMetric === 0 ? calmL : this.driftMetric === 1 ? calmP : calmL && calmP;
    this.recoveryRun = isCalm ? this.recoveryRun + 1 : 0;
    this.driftScores.push(zl, zp);
    if (this.recoveryRun >= this.config.recoveryConsecutiveNormal) {
      const run = this.recoveryRun;
      return this.transition(HealthState.STABLE, 'recovered', seq, timeMs, null, run, null);
    }
    // A drift that has lasted long in both samples and sample time is over as an incident: either
    // the service has moved off its baseline (relearn, so the next incident can be seen instead of
    // the service staying in drift forever) or it has not (an isolated point, then noise that never
    // gave 50 calm samples in a row: the baseline still describes the service, and a relearn would
    // leave it blind for another 100 samples without learning anything new).
    const driftMs = timeMs - (this.transitionTimeMs ?? timeMs);
    if (
      this.config.relearnAfterSamples > 0 &&
      this.driftSamples >= this.config.relearnAfterSamples &&
      driftMs >= this.config.relearnAfterMinutes * 60_000
    ) {
      if (this.driftLeftBaselineIntact()) {
        return this.transition(HealthState.STABLE, 'baseline_confirmed', seq, timeMs, null, this.driftScores.size, null);
      }
      return this.forgetBaseline('baseline_relearn', seq, timeMs);
    }
    return null;
  }

  /**
   * Whether the drift's last MIN_SAMPLES_FOR_BASELINE samples still fit the baseline on both
   * metrics: had the service been STABLE on them, rules 1–3 (from clean counters) would not have
   * raised drift, and their mean z is within rule 3's allowance (a replay of 100 samples is too
   * short for rule 3 to rule out a small shift in a series it discounts for wandering).
   */
  private driftLeftBaselineIntact(): boolean {
    if (!this.driftScores.meanWithin(this.config.gradualDriftK)) return false;
    const [latency, payload] = this.driftScores.export();
    return !this.rules[0].wouldDrift(latency) && !this.rules[1].wouldDrift(payload);
  }

  /**
   * Whether the current drift began about one day (± DAILY_RECURRENCE_TOLERANCE_MINUTES) after the
   * previous one: most likely a daily pattern (a batch job, a morning peak) that the baseline has
   * not seen, because its samples always arrive while the service is drifting.
   */
  private driftRecursDaily(): boolean {
    const tolerance = this.config.dailyRecurrenceToleranceMinutes * 60_000;
    if (tolerance <= 0 || this.driftStartMs === null || this.previousDriftStartMs === null) return false;
    return Math.abs(this.driftStartMs - this.previousDriftStartMs - DAY_MS) <= tolerance;
  }

  /** An operator accepts a new normal: the service relearns from the next samples. */
  reset(timeMs: number): Transition {
    return this.forgetBaseline('baseline_reset', null, timeMs);
  }

  exportState(): DetectorState {
    return {
      version: 1,
      state: this.stateValue,
      transitionTimeMs: this.transitionTimeMs,
      sampleCount: this.sampleCountValue,
      lastSeq: this.lastSeqValue,
      maxTimeMs: this.maxTimeMs,
      acceptedSinceRefresh: this.acceptedSinceRefresh,
      driftSamples: this.driftSamples,
      recoveryRun: this.recoveryRun,
      driftMetric: this.driftMetric === null ? null : METRIC_NAMES[this.driftMetric],
      windowFull: this.windowFull,
      snapshot: this.snapshotValue,
      daily: this.daily.exportState(),
      rules: [this.rules[0].exportState(), this.rules[1].exportState()],
      driftScores: this.driftScores.export(),
      driftStartMs: this.driftStartMs,
      previousDriftStartMs: this.previousDriftStartMs,
      relearnNeedsFullWindow: this.relearnNeedsFullWindow,
      lastTransition: this.lastTransitionValue,
      windowFrontSeq: this.window.frontSeq,
      windowSize: this.window.size,
    };
  }

  /** Rebuilds the detector from its exported state and the window's samples, oldest first. */
  static restore(
    config: DetectorConfig,
    state: DetectorState,
    windowSamples: Iterable<WindowSample>,
    calculator?: SnapshotCalculator,
  ): ServiceDetector {
    if (state.version !== 1) throw new Error(`unsupported detector state version ${String(state.version)}`);
    const detector = new ServiceDetector(config, calculator);
    detector.stateValue = state.state;
    detector.transitionTimeMs = state.transitionTimeMs;
    detector.sampleCountValue = state.sampleCount;
    detector.lastSeqValue = state.lastSeq;
    detector.maxTimeMs = state.maxTimeMs ?? -Infinity;
    detector.acceptedSinceRefresh = state.acceptedSinceRefresh;
    detector.driftSamples = state.driftSamples;
    detector.recoveryRun = state.recoveryRun;
    detector.driftMetric = state.driftMetric == null ? null : state.driftMetric === 'latency' ? 0 : 1;
    detector.windowFull = state.windowFull ?? false;
    detector.lastTransitionValue = state.lastTransition;
    if (state.daily) detector.daily.importState(state.daily);
    detector.rules[0].importState(state.rules[0]);
    detector.rules[1].importState(state.rules[1]);
    detector.driftScores.import(state.driftScores);
    detector.driftStartMs = state.driftStartMs ?? null;
    detector.previousDriftStartMs = state.previousDriftStartMs ?? null;
    detector.relearnNeedsFullWindow = state.relearnNeedsFullWindow ?? false;
    for (const s of windowSamples) detector.window.push(s.seq, s.timeMs, s.latency, s.payload);
    if (detector.window.size !== state.windowSize) {
      throw new Error(`window restore mismatch: expected ${state.windowSize} samples, got ${detector.window.size}`);
    }
    detector.setSnapshot(state.snapshot);
    // Rule 3's weight was set at the last refresh, from the daily profile as it was then.
    detector.rules[0].restoreWeight(state.rules[0]);
    detector.rules[1].restoreWeight(state.rules[1]);
    return detector;
  }

  /**
   * The first snapshot, once the window is worth MIN_SAMPLES_FOR_BASELINE independent samples
   * (or is full: its capacity or its age limit). For independent traffic that is 100 samples. A
   * series that wanders (autocorrelation ρ, the larger of the two metrics) needs
   * n·(1−ρ′)/(1+ρ′) ≥ 100: 100 five-minute samples of a daily cycle are one phase of it, and a
   * baseline of one phase alarms at the next. Checked every BASELINE_REFRESH samples. A relearn
   * after a drift that recurred daily waits for the full window (a whole day of the pattern).
   */
  private baselineCandidate(timeMs: number): BaselineSnapshot | null {
    const min = this.config.minSamplesForBaseline;
    const size = this.window.size;
    if (size < min) return null;
    if (!this.windowFull && ((size - min) % this.config.baselineRefresh !== 0 || this.relearnNeedsFullWindow)) return null;
    const snapshot = this.calculator.compute(this.window, timeMs, null, this.config.baselineTrimSigma);
    if (this.windowFull) return snapshot;
    // After an automatic relearn (a level shift, when a series is least likely to be settled) the
    // window must be worth the minimum by rule 3's full measure; a new service or an operator's
    // reset by lag-1 alone, whose estimate from 100 samples keeps the promised 100 for independent traffic.
    const rho =
      this.lastTransitionValue?.reason === 'baseline_relearn'
        ? Math.max(snapshot.latency.longRunRho ?? snapshot.latency.lag1, snapshot.payload.longRunRho ?? snapshot.payload.lag1)
        : Math.max(snapshot.latency.lag1, snapshot.payload.lag1);
    const effective = size * independentFraction(rho, this.config.gradualDriftAutocorrelationFloor);
    return effective >= min ? snapshot : null;
  }

  /** z against the sample's hour of day, with the same σ floor as the snapshot. */
  private hourZ(stats: HourStats, x: number): number {
    if (!Number.isFinite(x)) return 0;
    return (x - stats.mean) / effectiveSigma(stats, this.config);
  }

  private admit(seq: number, timeMs: number, latency: number, payload: number): void {
    this.lastAccepted = true;
    this.window.push(seq, timeMs, latency, payload);
    this.daily.add(timeMs, latency, payload);
    if (this.snapshotValue && ++this.acceptedSinceRefresh >= this.config.baselineRefresh) {
      this.refreshSnapshot(timeMs);
    }
  }

  private refreshSnapshot(timeMs: number): void {
    this.acceptedSinceRefresh = 0;
    this.setSnapshot(this.calculator.compute(this.window, timeMs, this.snapshotValue, this.config.baselineTrimSigma));
  }

  private setSnapshot(snapshot: BaselineSnapshot | null): void {
    this.snapshotValue = snapshot;
    this.scorers = snapshot ? [new ZScorer(snapshot.latency, this.config), new ZScorer(snapshot.payload, this.config)] : null;
    // Snapshots stored before longRunRho existed use lag1; before lag1, independent samples.
    this.rules[0].setAutocorrelation(this.scoredRho(0, snapshot ? (snapshot.latency.longRunRho ?? snapshot.latency.lag1 ?? 0) : 0));
    this.rules[1].setAutocorrelation(this.scoredRho(1, snapshot ? (snapshot.payload.longRunRho ?? snapshot.payload.lag1 ?? 0) : 0));
  }

  /**
   * Autocorrelation (`longRunRhoOf`) of what a metric is scored on: the window's own (`windowRho`),
   * or, when the daily profile scores the metric, the window's residuals from their hours' means.
   */
  private scoredRho(metric: 0 | 1, windowRho: number): number {
    const n = this.window.size;
    if (!this.daily.isActive(metric) || n < 2) return windowRho;
    if (residualValues.length < n) {
      residualValues = new Float64Array(this.window.capacity);
      residualTimes = new Float64Array(this.window.capacity);
    }
    this.window.copyValues(metric, residualValues);
    this.window.copyTimes(residualTimes);
    return this.daily.residualRho(metric, residualValues, residualTimes, n);
  }

  private raiseDrift(metric: 0 | 1, hit: RuleHit, seq: number, timeMs: number): Transition {
    const rules = this.rules[metric];
    let count: number;
    let maxZ: number;
    if (hit === RuleHit.SEVERE) {
      count = rules.severeRun;
      maxZ = rules.severeRunMaxZ;
    } else if (hit === RuleHit.EXTREME) {
      count = 1;
      maxZ = rules.extremeAbsZ;
    } else if (hit === RuleHit.MODERATE) {
      count = rules.moderateCount();
      maxZ = rules.recentMaxAbsZ();
    } else {
      count = this.window.size;
      maxZ = rules.recentMaxAbsZ();
    }
    const cusum = hit === RuleHit.GRADUAL ? rules.cusum() : null;
    const t = this.transition(
      HealthState.DRIFT_DETECTED,
      HIT_REASON[hit] as TransitionReason,
      seq,
      timeMs,
      METRIC_NAMES[metric],
      count,
      maxZ,
      cusum,
    );
    this.driftMetric = metric;
    this.previousDriftStartMs = this.driftStartMs;
    this.driftStartMs = timeMs;
    return t;
  }

  private forgetBaseline(reason: TransitionReason, seq: number | null, timeMs: number): Transition {
    this.relearnNeedsFullWindow = reason === 'baseline_relearn' && this.driftRecursDaily();
    const transition = this.transition(HealthState.INSUFFICIENT_DATA, reason, seq, timeMs, null, this.window.size, null);
    this.window.clear();
    // A new normal is new at every hour of the day too.
    this.daily.clear();
    this.windowFull = false;
    this.setSnapshot(null);
    this.acceptedSinceRefresh = 0;
    return transition;
  }

  private transition(
    to: HealthState,
    reason: TransitionReason,
    seq: number | null,
    timeMs: number,
    metric: MetricName | null,
    count: number,
    maxZscore: number | null,
    cusum: number | null = null,
  ): Transition {
    const from = this.stateValue;
    this.stateValue = to;
    this.transitionTimeMs = timeMs;
    // Every state starts with clean rule counters: a new baseline or a recovery is a fresh start.
    this.rules[0].reset();
    this.rules[1].reset();
    this.recoveryRun = 0;
    this.driftSamples = 0;
    this.driftMetric = null;
    this.driftScores.clear();
    const scored = seq !== null && Number.isFinite(this.lastZLatency);
    const hourL = this.lastHourLatency;
    const hourP = this.lastHourPayload;
    const t: Transition = {
      from,
      to,
      reason,
      timeMs,
      seq,
      metric,
      count,
      maxZscore,
      zLatency: scored ? this.lastZLatency : null,
      zPayload: scored ? this.lastZPayload : null,
      cusum,
      baseline: this.snapshotValue,
      dailyProfile: scored && (hourL || hourP) ? { latency: hourL, payload: hourP } : null,
    };
    // The statistics behind it go out with the event; the detector keeps only what the health
    // route shows, so an old snapshot is not held (and persisted) once per service.
    this.lastTransitionValue = { ...t, baseline: null, dailyProfile: null };
    return t;
  }
}
