/**
 * The detector's fixed constants: numbers a user should never need to set, each with the reason
 * that makes its value hold for any service. The settings a user may change are in
 * config-schema.ts. Pure: the detector's framework-free entry point imports this file.
 * docs/detection-sensitivity.md shows how little each one moves the scores at ±30 %.
 */
export const DETECTION = {
  /**
   * Baseline mean and σ leave out window values further than this many σ from the window mean:
   * a gross outlier learned before any admission check must not inflate σ for 1000 samples, and at
   * 4σ Gaussian noise is left alone (6 samples in 100 000 are that far out).
   */
  trimSigma: 4,
  /** σ is never below this fraction of the level: a constant metric must not turn jitter into z = ∞. */
  sigmaFloorRelative: 0.01,
  /** ... nor below this, in the metric's unit, for a level of ~0. */
  sigmaFloorAbsolute: 0.001,
  /**
   * A lag-1 autocorrelation counts only when it is this many standard errors (1/√n) from zero: the
   * seed's severe threshold, so independent traffic keeps φ = 0 (the seed's plain mean and σ) on
   * all but ~3 windows in 1000.
   */
  autocorrelationSignificance: 3,
  /**
   * A wandering-level model replaces independent samples only when its one-step error is lower by
   * more than this many standard errors (1/√n each): the one-standard-error rule of model selection.
   */
  modelSelectionStandardErrors: 1,
  /** φ is capped here: at 1 the level would be a random walk, which exponential smoothing models instead. */
  maxAutocorrelation: 0.99,
  /**
   * Gains tried for a wandering level (exponential smoothing), from a time constant of 100 samples
   * to 2: a geometric grid, so each is a distinct speed and none needs fitting.
   */
  levelGains: [0.01, 0.02, 0.05, 0.1, 0.2, 0.5],
  /**
   * A seasonal shape (day, week) is used only when the time of day (or week) explains at least half
   * of the metric's variation: below that, the shape is mostly noise and following it would move
   * the expected value for no reason.
   */
  seasonMinExplained: 0.5,
  /** The week replaces the day only if it leaves a tenth less unexplained: finer slots always fit a little better. */
  seasonMinGain: 0.1,
  /** A shape needs this many whole periods of history: one period cannot tell a pattern from an incident. */
  seasonMinPeriods: 2,
  /** ... and this much weight (decayed samples) in every slot, so no slot mean rests on one sample. */
  seasonMinSlotWeight: 3,
  /** Old days fade with this half-life (in periods): a changed shape takes over within a few periods. */
  seasonHalfLifePeriods: 4,
  /**
   * The profile learns at most one sample per this many seconds: an hour's slot needs tens of
   * samples a period, not the 36 000 of a busy service, and aggregated series (a minute or more
   * apart) are learned in full.
   */
  profileSampleSpacingSeconds: 60,
  /** Slots per period: hourly for the day and the week (a slot's own spread covers what an hour hides). */
  dailySlots: 24,
  weeklySlots: 168,
  /**
   * Persistent change (two-sided CUSUM on the residual z): allowance per sample, in σ. Half of the
   * smallest shift worth finding fast (1.5σ, the 15 % creep of the seed's banking case on typical
   * traffic), the classic optimal choice for that shift.
   */
  cusumAllowance: 0.75,
  /** Decision threshold, in σ: Siegmund's approximation gives an in-control run of ~10^9 Gaussian samples at k = 0.75. */
  cusumThreshold: 13,
  /** |z| counts at most this much toward the CUSUM, so one outlier cannot raise a persistent change. */
  cusumClip: 3.5,
  /**
   * A sample stays out of the baseline while the shift test is past this fraction of its threshold: a slow creep must not be learned as normal faster than its evidence builds up.
   */
  cusumAdmissionFraction: 1 / 3,
  /**
   * Tail drift: the baseline's 1 % upper tail of the residual z. A CUSUM on how often samples land
   * there raises drift when the rate is `tailRateRatio` times the baseline's. Four times: "5 % of
   * requests 3× slower" makes p99 crossed five to six times as often, while a service whose 0.5–1 %
   * of ordinary outliers sit right at its p99 crosses a stale line up to twice as often, and that
   * must not add up (at 3× it did: 1 false alarm in 1 000 000 NORMAL samples; at 4×, 0).
   */
  tailQuantile: 0.99,
  /**
   * The tail test runs once the window holds this many expected exceedances of its lines (1000
   * samples for the 1 % tails): the 99th percentile of 100 samples is their second-largest value,
   * a guess rather than a line.
   */
  tailMinExceedances: 10,
  tailRateRatio: 4,
  /**
   * Log-likelihood-ratio threshold of the tail CUSUM (e^20): 0 false alarms in 1 000 000 heavy-tailed
   * NORMAL samples with the 1 % line estimated from 1000 samples (3 at 16), and the fraud case still
   * caught within 700 samples.
   */
  tailThreshold: 20,
  /**
   * One aggregated sample raises drift when its normal score is past this: a one-in-3.5-million
   * event if the window's residual distribution holds, so a healthy per-minute series (525 600
   * samples a year) sees it about once in seven years.
   */
  extremeScore: 5,
  /**
   * Samples this far apart (window average) are aggregates of a minute or more of the service; one
   * of them far outside the model is an incident by itself. Per-request telemetry arrives faster.
   */
  aggregateIntervalSeconds: 60,
  /**
   * A drift that has lasted MIN_SAMPLES_FOR_BASELINE samples and NEW_NORMAL_AFTER_MINUTES is adopted
   * as the new normal only if the two halves of its last samples agree to within this many standard
   * errors (the seed's severe threshold): a change that is still moving is not a normal yet.
   */
  newNormalStability: 3,
} as const;
