import type { DetectorConfig } from '@app/config';
import { DETECTION } from '@app/config/detection-constants';
import { BaselineSnapshot, chooseSeason, fitResidualModel, independentModel, isAggregated, MetricName, MetricStats, ResidualModel, RollingWindow, SnapshotCalculator } from '@app/statistics';
import { DriftBuffer } from './drift-buffer';
import { HealthState, Transition, TransitionReason } from './drift-state';
import { DetectorState, DETECTOR_STATE_VERSION, parseDetectorState, WindowSample } from './detector-state';
import { MetricMonitor, RuleFiring } from './metric-monitor';

const METRIC_NAMES: readonly MetricName[] = ['latency', 'payload'];
/** Scratch for model fits, shared by every detector (the engine is single-threaded). */
let fitValues = new Float64Array(0);
let fitTimes = new Float64Array(0);

/**
 * The per-service drift detector: INSUFFICIENT_DATA → STABLE ⇄ DRIFT_DETECTED. Pure and
 * deterministic: time comes only from the samples (or the caller, for operator resets).
 *
 * Each metric has one model of normal (statistics/model): level, seasonal shape and, for
 * aggregated series, the recent past, fitted on the baseline window every BASELINE_REFRESH admitted
 * samples. Every rule reads the same standardized residual z from it.
 *
 * What may become normal:
 * - INSUFFICIENT_DATA: every sample enters the window.
 * - STABLE: a sample enters unless the persistent-shift test is building evidence (a slow creep
 *   must not be learned faster than it is seen). Outliers do enter: a metric's ordinary bursts
 *   are part of its normal, and the trimmed σ keeps gross ones out of the scale.
 * - DRIFT_DETECTED: nothing enters; the model is frozen, so an incident never becomes normal.
 *   The episode ends when 50 calm samples in a row arrive (`recovered`), or, when the change has
 *   lasted MIN_SAMPLES_FOR_BASELINE samples and NEW_NORMAL_AFTER_MINUTES and has settled, by
 *   adopting its samples as the new normal, once, with an event that says so
 *   (`new_normal_adopted`). An operator accepts a new normal at any time with a reset.
 */
export class ServiceDetector {
  private readonly window: RollingWindow;
  private readonly monitors: [MetricMonitor, MetricMonitor];
  private readonly drift: DriftBuffer;
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
  private lastTransitionValue: Transition | null = null;

  /** Whether the last observed sample entered the baseline window. */
  lastAccepted = false;

  constructor(
    private readonly config: DetectorConfig,
    private readonly calculator: SnapshotCalculator = new SnapshotCalculator(config.baselineWindowSize),
  ) {
    this.window = new RollingWindow(config.baselineWindowSize, config.baselineWindowHours * 3_600_000);
    this.monitors = [new MetricMonitor(config), new MetricMonitor(config)];
    this.drift = new DriftBuffer(config.minSamplesForBaseline);
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
  get transitionTime(): number | null {
    return this.transitionTimeMs;
  }
  /** Newest sample time observed (null before the first sample). */
  get maxTime(): number | null {
    return Number.isFinite(this.maxTimeMs) ? this.maxTimeMs : null;
  }
  /** The last transition, without its statistics (`baseline`: it is in its event). */
  get lastTransition(): Transition | null {
    return this.lastTransitionValue;
  }
  /** z-scores of the last observed sample (NaN while there is no model, or for an absent payload). */
  get lastZLatency(): number {
    return this.monitors[0].lastZ;
  }
  get lastZPayload(): number {
    return this.monitors[1].lastZ;
  }
  /** Samples the window still needs before a baseline exists (0 once one does). */
  get samplesUntilBaseline(): number {
    return this.snapshotValue ? 0 : Math.max(0, this.config.minSamplesForBaseline - this.window.size);
  }

  /**
   * Feeds one sample, in arrival order. `seq` is the sample's 1-based position in its service's
   * stream; a non-finite `payload` means the sample carries none. Returns the transition it caused.
   */
  observe(seq: number, timeMs: number, latency: number, payload: number): Transition | null {
    this.sampleCountValue++;
    this.lastSeqValue = seq;
    if (timeMs > this.maxTimeMs) this.maxTimeMs = timeMs;
    // Age never shrinks the window below the readiness minimum: a service sending fewer than 100
    // samples a day still keeps a baseline of its 100 newest samples.
    this.window.evictExpired(this.maxTimeMs, this.config.minSamplesForBaseline);

    if (this.stateValue === HealthState.INSUFFICIENT_DATA) {
      this.monitors[0].score(timeMs, latency);
      this.monitors[1].score(timeMs, payload);
      this.monitors[0].learn(timeMs, latency);
      this.monitors[1].learn(timeMs, payload);
      this.admit(seq, timeMs, latency, payload);
      if (this.window.size < this.config.minSamplesForBaseline) return null;
      this.refresh(timeMs);
      return this.transition(HealthState.STABLE, 'baseline_ready', seq, timeMs, null, this.window.size);
    }

    const zl = this.monitors[0].score(timeMs, latency);
    const zp = this.monitors[1].score(timeMs, payload);
    this.monitors[0].learn(timeMs, latency);
    this.monitors[1].learn(timeMs, payload);
    const firedL = this.monitors[0].evaluate(zl);
    const firedP = this.monitors[1].evaluate(zp);

    if (this.stateValue === HealthState.STABLE) {
      this.lastAccepted = false;
      if (firedL || firedP) return this.raiseDrift(firedL ? 0 : 1, (firedL ?? firedP) as RuleFiring, seq, timeMs, latency, payload);
      if (!this.monitors[0].holdsBack() && !this.monitors[1].holdsBack()) this.admit(seq, timeMs, latency, payload);
      return null;
    }

    // DRIFT_DETECTED: the model stays frozen; the drift's samples are kept in case they turn out
    // to be the new normal.
    this.lastAccepted = false;
    this.drift.push(seq, timeMs, latency, payload);
    this.driftSamples++;
    // Recovery watches the metric that drifted: noise on the other must not keep resetting the run.
    const calm = this.config.recoveryZscoreThreshold;
    const calmL = !(Math.abs(zl) > calm);
    const calmP = !(Math.abs(zp) > calm);
    const isCalm = this.driftMetric === 0 ? calmL : this.driftMetric === 1 ? calmP : calmL && calmP;
    this.recoveryRun = isCalm ? this.recoveryRun + 1 : 0;
    if (this.recoveryRun >= this.config.recoveryConsecutiveNormal) {
      return this.transition(HealthState.STABLE, 'recovered', seq, timeMs, null, this.recoveryRun);
    }
    if (this.changePersists(timeMs) && this.drift.settled(this.monitors, DETECTION.newNormalStability)) {
      return this.adoptNewNormal(seq, timeMs);
    }
    return null;
  }

  /** The drift has lasted MIN_SAMPLES_FOR_BASELINE samples and NEW_NORMAL_AFTER_MINUTES of sample time. */
  private changePersists(timeMs: number): boolean {
    if (this.config.newNormalAfterMinutes <= 0 || this.driftSamples < this.config.minSamplesForBaseline) return false;
    // Checked every BASELINE_REFRESH samples, like every other model decision.
    if ((this.driftSamples - this.config.minSamplesForBaseline) % this.config.baselineRefresh !== 0) return false;
    return timeMs - (this.transitionTimeMs ?? timeMs) >= this.config.newNormalAfterMinutes * 60_000;
  }

  /** The drift's last samples become the window and the model is refitted on them: no blind period. */
  private adoptNewNormal(seq: number, timeMs: number): Transition {
    this.window.clear();
    const adopted = this.drift.size;
    this.drift.forEach((s) => this.window.push(s.seq, s.timeMs, s.latency, s.payload));
    // The triggering sample is the newest of them: it is stored as a baseline sample.
    this.lastAccepted = true;
    this.refresh(timeMs);
    return this.transition(HealthState.STABLE, 'new_normal_adopted', seq, timeMs, null, adopted);
  }

  /** An operator accepts a new normal: the service relearns from the next samples. */
  reset(timeMs: number): Transition {
    const t = this.transition(HealthState.INSUFFICIENT_DATA, 'baseline_reset', null, timeMs, null, this.window.size);
    this.window.clear();
    this.monitors[0].profile.clear();
    this.monitors[1].profile.clear();
    this.setSnapshot(null);
    this.acceptedSinceRefresh = 0;
    return t;
  }

  exportState(): DetectorState {
    return {
      version: DETECTOR_STATE_VERSION,
      state: this.stateValue,
      transitionTimeMs: this.transitionTimeMs,
      sampleCount: this.sampleCountValue,
      lastSeq: this.lastSeqValue,
      maxTimeMs: Number.isFinite(this.maxTimeMs) ? this.maxTimeMs : null,
      acceptedSinceRefresh: this.acceptedSinceRefresh,
      driftSamples: this.driftSamples,
      recoveryRun: this.recoveryRun,
      driftMetric: this.driftMetric === null ? null : METRIC_NAMES[this.driftMetric],
      snapshot: this.snapshotValue,
      monitors: [this.monitors[0].exportState(), this.monitors[1].exportState()],
      drift: this.drift.exportState(),
      lastTransition: this.lastTransitionValue,
      windowFrontSeq: this.window.frontSeq,
      windowSize: this.window.size,
    };
  }

  /**
   * Rebuilds the detector from its stored state (any version: `parseDetectorState` validates and
   * migrates it) and the window's samples, oldest first.
   */
  static restore(config: DetectorConfig, stored: unknown, windowSamples: Iterable<WindowSample>, calculator?: SnapshotCalculator): ServiceDetector {
    const state = parseDetectorState(stored);
    const detector = new ServiceDetector(config, calculator);
    detector.stateValue = state.state;
    detector.transitionTimeMs = state.transitionTimeMs;
    detector.sampleCountValue = state.sampleCount;
    detector.lastSeqValue = state.lastSeq;
    detector.maxTimeMs = state.maxTimeMs ?? -Infinity;
    detector.acceptedSinceRefresh = state.acceptedSinceRefresh;
    detector.driftSamples = state.driftSamples;
    detector.recoveryRun = state.recoveryRun;
    detector.driftMetric = state.driftMetric === null ? null : state.driftMetric === 'latency' ? 0 : 1;
    detector.lastTransitionValue = state.lastTransition;
    for (const s of windowSamples) detector.window.push(s.seq, s.timeMs, s.latency, s.payload);
    if (detector.window.size !== state.windowSize) {
      throw new Error(`window restore mismatch: expected ${state.windowSize} samples, got ${detector.window.size}`);
    }
    detector.drift.importState(state.drift);
    if (state.monitors === null) {
      // Migrated from a version without a model: refit it from the window as it is now.
      if (state.state !== HealthState.INSUFFICIENT_DATA) detector.refresh(detector.maxTimeMs);
    } else {
      detector.setSnapshot(state.snapshot);
      detector.monitors[0].importState(state.monitors[0]);
      detector.monitors[1].importState(state.monitors[1]);
    }
    return detector;
  }

  private admit(seq: number, timeMs: number, latency: number, payload: number): void {
    this.lastAccepted = true;
    this.window.push(seq, timeMs, latency, payload);
    if (this.snapshotValue && ++this.acceptedSinceRefresh >= this.config.baselineRefresh) this.refresh(timeMs);
  }

  /** Refits both metrics' models on the window (and the raw statistics the API shows). */
  private refresh(timeMs: number): void {
    this.acceptedSinceRefresh = 0;
    const snapshot = this.calculator.compute(this.window, timeMs, this.snapshotValue, DETECTION.trimSigma);
    const interval = this.window.meanIntervalMs();
    snapshot.latency.model = this.fit(0, snapshot.latency, interval);
    if (snapshot.payload) snapshot.payload.model = this.fit(1, snapshot.payload, interval);
    this.setSnapshot(snapshot);
  }

  /** One metric's model: straight from its window statistics for per-request draws with no cycle, else fitted on the window. */
  private fit(metric: 0 | 1, stats: MetricStats, intervalMs: number): ResidualModel | null {
    const profile = this.monitors[metric].profile;
    const season = chooseSeason(profile);
    const n = this.window.size;
    const w = this.window;
    // Complete: at its capacity, or spanning its whole age limit (a sparse series' 24 hours).
    const complete = n >= w.capacity || intervalMs * (n - 1) >= w.maxAgeMs - 2 * intervalMs;
    // The window's raw quantile at the tail line, when the snapshot already holds it.
    const rawTail = DETECTION.tailQuantile === 0.99 ? stats.p99 : DETECTION.tailQuantile === 0.95 ? stats.p95 : NaN;
    if (season === 'none' && !isAggregated(intervalMs) && Number.isFinite(rawTail)) {
      return independentModel(stats.mean, stats.stddev, rawTail, intervalMs, n, complete);
    }
    if (fitValues.length < n) {
      fitValues = new Float64Array(this.window.capacity);
      fitTimes = new Float64Array(this.window.capacity);
    }
    this.window.copyTimes(fitTimes);
    this.window.copyValues(metric, fitValues);
    return fitResidualModel(fitValues, fitTimes, n, profile, season, rawTail, complete);
  }

  private setSnapshot(snapshot: BaselineSnapshot | null): void {
    this.snapshotValue = snapshot;
    this.monitors[0].setModel(modelOf(snapshot ? snapshot.latency : null));
    this.monitors[1].setModel(modelOf(snapshot ? snapshot.payload : null));
  }

  private raiseDrift(metric: 0 | 1, fired: RuleFiring, seq: number, timeMs: number, latency: number, payload: number): Transition {
    const t = this.transition(HealthState.DRIFT_DETECTED, fired.reason, seq, timeMs, METRIC_NAMES[metric], fired.count, fired.maxAbsZ, fired.statistic);
    this.driftMetric = metric;
    this.drift.push(seq, timeMs, latency, payload);
    this.driftSamples = 1;
    return t;
  }

  private transition(
    to: HealthState,
    reason: TransitionReason,
    seq: number | null,
    timeMs: number,
    metric: MetricName | null,
    count: number,
    maxZscore: number | null = null,
    cusum: number | null = null,
  ): Transition {
    const from = this.stateValue;
    this.stateValue = to;
    this.transitionTimeMs = timeMs;
    // Every state starts with clean rule counters: a new baseline or a recovery is a fresh start.
    this.monitors[0].resetRules();
    this.monitors[1].resetRules();
    this.recoveryRun = 0;
    this.driftSamples = 0;
    this.driftMetric = null;
    this.drift.clear();
    const zl = this.monitors[0].lastZ;
    const zp = this.monitors[1].lastZ;
    const scored = seq !== null && Number.isFinite(zl);
    const el = this.monitors[0].lastExpected;
    const ep = this.monitors[1].lastExpected;
    const t: Transition = {
      from,
      to,
      reason,
      timeMs,
      seq,
      metric,
      count,
      maxZscore,
      zLatency: scored ? zl : null,
      zPayload: scored && Number.isFinite(zp) ? zp : null,
      cusum,
      baseline: this.snapshotValue,
      expected: scored ? { latency: Number.isFinite(el) ? el : null, payload: Number.isFinite(ep) ? ep : null } : null,
    };
    // The statistics go out with the event; the detector keeps only what the health route shows.
    this.lastTransitionValue = { ...t, baseline: null };
    return t;
  }
}

function modelOf(stats: MetricStats | null) {
  return stats && stats.model ? stats.model : null;
}
