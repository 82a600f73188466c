import { DETECTION } from '@app/config/detection-constants';
import { percentile } from '../order-statistics';
import { normalCdf } from '../two-sample/normal-distribution';
import { PERIOD_MS, SeasonalProfile, SeasonKind, slotAt } from './seasonal-profile';

/**
 * The model of what one metric should be right now, fitted on the baseline window:
 *
 *   expected(t) = level + shape(t) + φ · (previous residual)
 *   z(t)        = (x(t) − expected(t)) / scale
 *
 * `shape` is the daily or weekly profile when one explains the data, else 0; `φ` is the window's
 * lag-1 autocorrelation when it is significant, else 0; `scale` is the σ of what is left. For
 * independent traffic with no cycle, shape = 0 and φ = 0, so z = (x − μ) / σ: the seed's score.
 */
export interface ResidualModel {
  season: SeasonKind;
  /** Slot offsets of the season in use (empty for 'none'). */
  shape: number[];
  /**
   * Spread within each slot (empty for 'none'): the band is never narrower there than the metric's
   * usual variation at that time of the period, so a step the slots cannot resolve (a job that
   * starts at 09:00 on the dot) is not an anomaly every day.
   */
  shapeSpread: number[];
  /** The period `shapeSpread` follows (the season in use, or the day for an aggregated series without one). */
  bandSeason: SeasonKind;
  /** Mean of the deseasonalised window (trimmed of gross outliers). */
  level: number;
  /** σ of the deseasonalised window (trimmed), before the autocorrelation is taken out. */
  sigma: number;
  /**
   * How the recent past moves the expected value: expected = level + shape + phi·c, where after each
   * trusted sample c ← (1 − gain)·phi·c + gain·(x − level − shape). Three cases, chosen by one-step
   * error on the window: independent samples (phi 0: the seed's plain mean), short-term correlation
   * around the level (AR(1): phi = lag-1 autocorrelation, gain 1), or a level that wanders under the
   * noise (exponential smoothing: phi 1, gain α).
   */
  phi: number;
  gain: number;
  /** σ of the one-step residual: the z denominator (floored). */
  scale: number;
  /** Typical time between samples (ms): a longer gap weakens φ as φ^(gap / interval). */
  intervalMs: number;
  /** DETECTION.tailQuantile of the window's z: the tail rule's line. */
  tailHigh: number;
  /**
   * The window's z at the normal quantiles of NORMAL_SCORE_GRID: maps a z to the normal score it
   * would have if the residuals were Gaussian (`normalScore`). Heavy-tailed and skewed metrics then
   * weigh in the sequential tests as often as Gaussian ones would, not as often as their bursts.
   */
  scoreTable: number[];
  /**
   * Lag-1 autocorrelation left in the window's z (0 unless significant): what the model did not
   * explain. The sequential tests weigh each sample by the evidence it still carries.
   */
  residualRho: number;
  /** Finite values the model was fitted on. */
  n: number;
  /**
   * Fitted on a complete window (its capacity, or its full age span): only then does "no
   * autocorrelation" mean independent samples rather than too few to tell.
   */
  complete: boolean;
}

/** Normal scores at which the window's z quantiles are kept (±3: the 0.13 % tails). */
export const NORMAL_SCORE_GRID = [-3, -2.5, -2, -1.5, -1, -0.5, 0, 0.5, 1, 1.5, 2, 2.5, 3] as const;

/**
 * z compressed to the normal score it has under the window's own distribution of z (piecewise
 * linear between the table's quantiles, continued beyond them with the outer segment's slope), but
 * never made larger than z: heavy tails and bursts are compressed to what a Gaussian metric's
 * samples would weigh, while a light-tailed or discrete metric keeps its plain z.
 */
export function normalScore(z: number, table: readonly number[]): number {
  const n = table.length;
  if (n < 2 || !Number.isFinite(z)) return z;
  const g = NORMAL_SCORE_GRID;
  let score: number;
  if (z < table[0]) score = g[0] - (table[0] - z) / slope(table[1] - table[0], g[1] - g[0]);
  else if (z > table[n - 1]) score = g[n - 1] + (z - table[n - 1]) / slope(table[n - 1] - table[n - 2], g[n - 1] - g[n - 2]);
  else {
    let i = 0;
    while (table[i] < z) i++;
    if (table[i] === z) {
      // Ties (a discrete metric): the middle of the tied scores.
      let j = i;
      while (j + 1 < n && table[j + 1] === z) j++;
      score = (g[i] + g[j]) / 2;
    } else score = g[i - 1] + ((z - table[i - 1]) / (table[i] - table[i - 1])) * (g[i] - g[i - 1]);
  }
  return z >= 0 ? Math.max(0, Math.min(z, score)) : Math.min(0, Math.max(z, score));
}

/** z per unit of normal score on an outer segment (never below 1: tails are not compressed past Gaussian). */
function slope(dz: number, dg: number): number {
  return Math.max(1, dz / dg);
}

/** Scratch arrays shared by every fit (the engine is single-threaded). */
let scratchA = new Float64Array(0);
let scratchB = new Float64Array(0);
let scratchR = new Float64Array(0);
let scratchZ = new Float64Array(0);

function ensureScratch(n: number): void {
  if (scratchA.length < n) {
    scratchA = new Float64Array(n);
    scratchB = new Float64Array(n);
  }
}

/**
 * Fits the model on `n` window values with their sample times (oldest first; non-finite values are
 * skipped). `season` is the profile's choice (`chooseSeason`): it rests on the whole learned
 * history, not on the window, which can be a short stretch of one phase. `rawTailQuantile` is the
 * window's own value at DETECTION.tailQuantile when known; `complete` says whether the window is
 * at its capacity or age limit.
 */
export function fitResidualModel(
  values: Float64Array,
  times: Float64Array,
  n: number,
  profile: SeasonalProfile | null,
  season: SeasonKind,
  rawTailQuantile = NaN,
  complete = true,
): ResidualModel | null {
  ensureScratch(n);
  const x = scratchA;
  const t = scratchB;
  let m = 0;
  for (let i = 0; i < n; i++) {
    if (Number.isFinite(values[i])) {
      x[m] = values[i];
      t[m] = times[i];
      m++;
    }
  }
  if (m < 2) return null;
  // Per-request samples are draws of the service's latency (or size) distribution: independent by
  // nature, so the model is their mean and σ. Samples a minute or more apart measure the service's
  // state, which has momentum: only those get short-term dynamics.
  const aggregated = isAggregated(meanInterval(t, m));
  const fitted = fitWith(x, t, m, season, profile ? profile.offsets(season) : null, aggregated);
  // The band's floor per hour: the season's own slots; for an aggregated series with no shape in
  // use, the hour of day once two days are covered (a job that spikes at 03:00 every night widens
  // the 03:00 band without giving the series a daily shape).
  // The hour must hold several samples a day (seasonMinSlotWeight) for its spread to say how the
  // metric varies within it rather than from one day to the next.
  const hourlySamples = PERIOD_MS.daily / DETECTION.dailySlots / meanInterval(t, m);
  const bandSeason: SeasonKind =
    season !== 'none'
      ? season
      : aggregated && hourlySamples >= DETECTION.seasonMinSlotWeight && profile && profile.covers('daily', DETECTION.seasonMinPeriods, DETECTION.seasonMinSlotWeight)
        ? 'daily'
        : 'none';
  const spreads = profile && bandSeason !== 'none' ? profile.spreads(bandSeason) : null;
  return finish(fitted, spreads, bandSeason, x, t, m, aggregated, rawTailQuantile, complete);
}

interface Candidate {
  season: SeasonKind;
  offsets: Float64Array | null;
  level: number;
  sigma: number;
  phi: number;
  gain: number;
  innovationVariance: number;
}

function fitWith(x: Float64Array, t: Float64Array, m: number, season: SeasonKind, offsets: Float64Array | null, dynamics: boolean): Candidate {
  const period = season === 'none' ? 0 : PERIOD_MS[season];
  if (scratchR.length < m) scratchR = new Float64Array(Math.max(m, scratchA.length));
  const r = scratchR;
  for (let i = 0; i < m; i++) r[i] = offsets ? x[i] - offsets[slotAt(offsets.length, period, t[i])] : x[i];
  const { mean, sd } = trimmedMoments(r, m, DETECTION.trimSigma);
  const iid: Candidate = { season, offsets, level: mean, sigma: sd, phi: 0, gain: 1, innovationVariance: sd * sd };
  if (!dynamics || !(sd > 0) || m < 3) return iid;
  // The candidates are compared on one footing: the mean squared one-step error, each error clipped
  // at the trim limit, so a few outliers weigh the same in all of them.
  const errorOf = (phi: number, gain: number) => oneStepError(r, m, mean, DETECTION.trimSigma * sd, phi, gain);
  const significance = DETECTION.autocorrelationSignificance / Math.sqrt(m);
  const baseline = errorOf(0, 1);
  let best = iid;
  let bestError = baseline;
  // Short-term correlation around a fixed level: AR(1), when its lag-1 autocorrelation is significant.
  let num = 0;
  let den = 0;
  for (let i = 0; i < m; i++) {
    const d = r[i] - mean;
    den += d * d;
    if (i > 0) num += d * (r[i - 1] - mean);
  }
  const rho = den > 0 ? num / den : 0;
  if (rho > significance) {
    const phi = Math.min(rho, DETECTION.maxAutocorrelation);
    const error = errorOf(phi, 1);
    if (error < bestError) {
      best = { ...iid, phi, innovationVariance: sd * sd * (1 - phi * phi) };
      bestError = error;
    }
  }
  // A level that wanders under the noise: exponential smoothing of the level (gain α), kept when
  // its one-step error beats independent samples by more than one standard error (1/√n): the
  // one-standard-error rule of model selection, which keeps the simpler model on a tie.
  const selectionMargin = DETECTION.modelSelectionStandardErrors / Math.sqrt(m);
  for (const alpha of DETECTION.levelGains) {
    const error = errorOf(1, alpha);
    if (error < bestError && error < baseline * (1 - selectionMargin)) {
      best = { ...iid, phi: 1, gain: alpha, innovationVariance: error };
      bestError = error;
    }
  }
  return best;
}

/** The season a profile supports (DETECTION's rules; 'none' without a profile). */
export function chooseSeason(profile: SeasonalProfile | null): SeasonKind {
  return profile ? profile.select(DETECTION.seasonMinPeriods, DETECTION.seasonMinSlotWeight, DETECTION.seasonMinExplained, DETECTION.seasonMinGain) : 'none';
}

/** Whether samples this far apart (ms) are aggregates of a minute or more of the service. */
export function isAggregated(intervalMs: number): boolean {
  return intervalMs >= DETECTION.aggregateIntervalSeconds * 1000;
}

/**
 * The model of independent draws with no shape, straight from the window's (trimmed) mean, σ and
 * tail quantile: what `fitResidualModel` finds for per-request telemetry without a cycle, without
 * copying the window.
 */
export function independentModel(mean: number, sd: number, rawTailQuantile: number, intervalMs: number, n: number, complete: boolean): ResidualModel {
  const scale = Math.max(sd, scaleFloor(mean));
  return {
    season: 'none',
    shape: [],
    shapeSpread: [],
    bandSeason: 'none',
    level: mean,
    sigma: sd,
    phi: 0,
    gain: 1,
    scale,
    intervalMs: Math.max(1, intervalMs),
    tailHigh: (rawTailQuantile - mean) / scale,
    scoreTable: [],
    residualRho: 0,
    n,
    complete,
  };
}

/** The smallest scale: a constant metric must not turn jitter into z = ∞ (a share of the level, never below an absolute minimum). */
function scaleFloor(level: number): number {
  return Math.max(DETECTION.sigmaFloorRelative * Math.abs(level), DETECTION.sigmaFloorAbsolute);
}

/** Average time between consecutive samples (ms; at least 1). */
function meanInterval(t: Float64Array, m: number): number {
  return m > 1 ? Math.max(1, (t[m - 1] - t[0]) / (m - 1)) : 1;
}

/** Mean squared one-step error of the dynamics (phi, gain) on deviations from `mean`, errors clipped at ±limit. */
function oneStepError(r: Float64Array, m: number, mean: number, limit: number, phi: number, gain: number): number {
  let c = 0;
  let squares = 0;
  for (let i = 0; i < m; i++) {
    const e = r[i] - mean - phi * c;
    const clipped = e > limit ? limit : e < -limit ? -limit : e;
    squares += clipped * clipped;
    c = phi * c + gain * clipped;
  }
  return squares / m;
}

function finish(
  c: Candidate,
  spreads: Float64Array | null,
  bandSeason: SeasonKind,
  x: Float64Array,
  t: Float64Array,
  m: number,
  aggregated: boolean,
  rawTailQuantile: number,
  complete: boolean,
): ResidualModel {
  const scale = Math.max(Math.sqrt(c.innovationVariance), scaleFloor(c.level));
  const intervalMs = meanInterval(t, m);
  const model: ResidualModel = {
    season: c.season,
    shape: c.offsets ? Array.from(c.offsets) : [],
    shapeSpread: spreads ? Array.from(spreads) : [],
    bandSeason,
    level: c.level,
    sigma: c.sigma,
    phi: c.phi,
    gain: c.gain,
    scale,
    intervalMs,
    tailHigh: Infinity,
    scoreTable: [],
    residualRho: 0,
    n: m,
    complete,
  };
  if (!aggregated && c.season === 'none' && Number.isFinite(rawTailQuantile)) {
    // Independent draws with no shape: z is an affine function of x, so the window's quantile of x
    // (already known) gives the line, without scoring the window again.
    model.tailHigh = (rawTailQuantile - c.level) / scale;
    return model;
  }
  // The window's own z, replayed through the scorer, give the tail line in z units.
  if (scratchZ.length < m) scratchZ = new Float64Array(Math.max(m, scratchA.length));
  const z = scratchZ;
  const scorer = new ResidualScorer(model);
  for (let i = 0; i < m; i++) z[i] = scorer.score(t[i], x[i]);
  // Before the percentiles: selecting reorders z.
  if (aggregated) model.residualRho = significantLag1(z, m);
  model.tailHigh = percentile(z, m, DETECTION.tailQuantile);
  // The normal-score table serves the extreme-sample rule, which reads aggregated series only.
  if (aggregated) model.scoreTable = NORMAL_SCORE_GRID.map((g) => percentile(z, m, normalCdf(g)));
  return model;
}

/** Lag-1 autocorrelation of `a`, or 0 when it is within DETECTION.autocorrelationSignificance standard errors of 0. */
function significantLag1(a: Float64Array, n: number): number {
  let mean = 0;
  for (let i = 0; i < n; i++) mean += a[i];
  mean /= n;
  let num = 0;
  let den = 0;
  for (let i = 0; i < n; i++) {
    const d = a[i] - mean;
    den += d * d;
    if (i > 0) num += d * (a[i - 1] - mean);
  }
  const rho = den > 0 ? num / den : 0;
  return rho > DETECTION.autocorrelationSignificance / Math.sqrt(n) ? Math.min(rho, 0.99) : 0;
}

/** Mean and sample σ of the values within `k` σ of the first-pass mean. */
function trimmedMoments(a: Float64Array, n: number, k: number): { mean: number; sd: number } {
  let sum = 0;
  for (let i = 0; i < n; i++) sum += a[i];
  const mean = sum / n;
  let sq = 0;
  for (let i = 0; i < n; i++) sq += (a[i] - mean) * (a[i] - mean);
  const sd = n > 1 ? Math.sqrt(sq / (n - 1)) : 0;
  const limit = k * sd;
  let s2 = 0;
  let kept = 0;
  for (let i = 0; i < n; i++) {
    if (Math.abs(a[i] - mean) <= limit) {
      s2 += a[i];
      kept++;
    }
  }
  if (kept === n || kept < 2) return { mean, sd };
  const tm = s2 / kept;
  let q = 0;
  for (let i = 0; i < n; i++) if (Math.abs(a[i] - mean) <= limit) q += (a[i] - tm) * (a[i] - tm);
  return { mean: tm, sd: Math.sqrt(q / (kept - 1)) };
}

/**
 * Scores samples against a frozen `ResidualModel`, carrying the previous residual. A sample past
 * `robustLimit` (|z|) does not move that carried residual: an incident must not become what the
 * next sample is expected to be, or a level shift would look normal after its first sample.
 */
export class ResidualScorer {
  private readonly offsets: Float64Array | null;
  private readonly spreads: Float64Array | null;
  private readonly period: number;
  private readonly plain: boolean;
  private readonly bandPeriod: number;
  /** Deviation of the last trusted sample from level + shape. */
  carried = 0;
  /** z of the last sample against the band that includes its hour's spread. */
  bandZ = NaN;
  /** Expected value and scale of the last scored sample. */
  lastExpected = NaN;
  lastScale = NaN;
  carriedAtMs: number | null = null;

  constructor(
    readonly model: ResidualModel,
    private readonly robustLimit = Infinity,
  ) {
    this.offsets = model.season === 'none' ? null : Float64Array.from(model.shape);
    this.spreads = model.shapeSpread.length > 0 ? Float64Array.from(model.shapeSpread) : null;
    this.bandPeriod = model.bandSeason === 'none' ? 0 : PERIOD_MS[model.bandSeason];
    this.plain = model.phi === 0 && model.season === 'none' && model.shapeSpread.length === 0;
    this.period = model.season === 'none' ? 0 : PERIOD_MS[model.season];
  }

  /** The level + shape expected at `timeMs`, before the carried residual. */
  base(timeMs: number): number {
    return this.offsets ? this.model.level + this.offsets[slotAt(this.offsets.length, this.period, timeMs)] : this.model.level;
  }

  /** z of `x` at `timeMs`; NaN for a non-finite x (an absent metric). Advances the carried residual. */
  score(timeMs: number, x: number): number {
    if (!Number.isFinite(x)) return NaN;
    const m = this.model;
    if (this.plain) {
      // Independent draws, no shape: the seed's (x − μ) / σ.
      const z = (x - m.level) / m.scale;
      this.bandZ = z;
      this.lastExpected = m.level;
      this.lastScale = m.scale;
      // Kept up to date for the next model, which may carry it.
      this.carried = Math.abs(z) <= this.robustLimit ? x - m.level : 0;
      this.carriedAtMs = timeMs;
      return z;
    }
    const base = this.base(timeMs);
    let phi = m.phi;
    let scale = m.scale;
    if (phi > 0 && phi < 1 && this.carriedAtMs !== null) {
      const steps = (timeMs - this.carriedAtMs) / m.intervalMs;
      // Correlation fades with time: after a gap the last residual says less, and the noise since is larger.
      if (steps > 1.5) {
        phi = Math.pow(phi, steps);
        scale = Math.max(scale, Math.min(m.sigma, m.sigma * Math.sqrt(1 - phi * phi)));
      }
    } else if (this.carriedAtMs === null && phi < 1) {
      phi = 0;
      scale = Math.max(scale, m.sigma);
    }
    // The hour's spread floors the band: for every rule where the shape is in use; otherwise only
    // for the single-sample test (`bandZ`), so a spike that recurs at that hour is not an incident.
    const spread = this.spreads ? this.spreads[slotAt(this.spreads.length, this.bandPeriod, timeMs)] : 0;
    if (this.offsets) scale = Math.max(scale, spread);
    const expected = base + phi * this.carried;
    const z = (x - expected) / scale;
    this.bandZ = spread > scale ? (x - expected) / spread : z;
    this.lastExpected = expected;
    this.lastScale = scale;
    if (Math.abs(z) <= this.robustLimit) this.carried = (1 - m.gain) * phi * this.carried + m.gain * (x - base);
    else this.carried = phi * this.carried;
    this.carriedAtMs = timeMs;
    return z;
  }
}
