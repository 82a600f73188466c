import { deviationMoments, longRunRhoOf } from './deviation-moments';

/** What the daily profile needs from the configuration. */
export interface DailyProfileSettings {
  /** Sample time the profile must span before it is used (0 = never used). */
  dailyProfileMinDays: number;
  /** Share of the variance the hour of day must explain before the profile is used. */
  dailyProfileMinExplained: number;
  /** Each hour's statistics forget old days with this half-life. */
  dailyProfileHalfLifeDays: number;
  /** Samples (decayed weight) every hour must hold before the profile is used. */
  dailyProfileMinHourSamples: number;
}

/** One hour's statistics, as a score and an event show them. */
export interface HourStats {
  hourUtc: number;
  mean: number;
  stddev: number;
  /** Decayed number of samples behind them. */
  weight: number;
}

/**
 * The serialisable state. `hours`: the Float32Array (per metric 24 × [weight, mean, m2, day of last
 * update]) as base64: exact, and a third of the JSON that 192 printed floats would take in every
 * state write.
 */
export interface DailyProfileState {
  firstMs: number | null;
  lastMs: number;
  hours: string;
  /** The hour being collected: [hour index since the epoch, samples, latency mean, m2, payload mean, m2]. */
  current?: number[];
}

const HOURS = 24;
const FIELDS = 4;
const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
const METRIC_SLOTS = HOURS * FIELDS;
const NO_HOUR = -1;

/**
 * A service's normal by hour of day (UTC), for each metric: a weighted mean and variance per hour,
 * forgetting old days with a half-life. Many services are busier at noon than at night, and their
 * latency follows; against one all-day baseline the afternoon peak looks like drift every day and a
 * broken peak (a missing or flattened one) stays inside the day's range. Once the profile spans
 * enough days and the hour explains enough of the variance (R² = 1 − within-hour / total
 * variance), a metric is scored against its hour instead of the window. Services without a daily
 * cycle (R² ≈ 0) are never scored this way.
 *
 * Storage: one Float32Array for both metrics (768 bytes); weights, means and variances are well
 * within float32's precision for scoring, and every path (HTTP, replay, restart) shares the rounding.
 * The hour being collected is kept in float64 and folded into its bucket when the next hour starts,
 * so its own samples never score themselves.
 */
export class DailyProfile {
  private readonly hours = new Float32Array(2 * METRIC_SLOTS);
  private firstMs: number | null = null;
  private lastMs = -Infinity;
  /** Whether each metric is scored by the profile, re-decided when an hour is folded in. */
  private readonly active: [boolean, boolean] = [false, false];
  // The hour being collected, in float64 (Welford), folded into its bucket when the next hour
  // starts: two multiply-adds a sample instead of a float32 bucket update with decay.
  private currentHour = NO_HOUR;
  private currentN = 0;
  private currentMeanL = 0;
  private currentM2L = 0;
  private currentMeanP = 0;
  private currentM2P = 0;

  constructor(private readonly settings: DailyProfileSettings) {}

  add(timeMs: number, latency: number, payload: number): void {
    if (!Number.isFinite(latency) || !Number.isFinite(payload)) return;
    if (this.firstMs === null || timeMs < this.firstMs) this.firstMs = timeMs;
    if (timeMs > this.lastMs) this.lastMs = timeMs;
    const hourIndex = Math.floor(timeMs / HOUR_MS);
    if (hourIndex !== this.currentHour) {
      this.foldCurrentHour();
      this.currentHour = hourIndex;
    }
    const n = ++this.currentN;
    const dl = latency - this.currentMeanL;
    this.currentMeanL += dl / n;
    this.currentM2L += dl * (latency - this.currentMeanL);
    const dp = payload - this.currentMeanP;
    this.currentMeanP += dp / n;
    this.currentM2P += dp * (payload - this.currentMeanP);
  }

  /** The hour's statistics if `metric` (0 latency, 1 payload) is scored by the profile, else null. */
  statsFor(metric: 0 | 1, timeMs: number): HourStats | null {
    if (!this.active[metric]) return null;
    const hour = hourOf(timeMs);
    const i = metric * METRIC_SLOTS + hour * FIELDS;
    const weight = this.hours[i];
    return { hourUtc: hour, mean: this.hours[i + 1], stddev: Math.sqrt(this.variance(i)), weight };
  }

  /**
   * Autocorrelation (`longRunRhoOf`) of what the profile scores: `values` (at `times`, oldest
   * first) less their hour's mean. A daily cycle makes the raw series strongly autocorrelated; the
   * residuals of a service that follows its cycle are much less so, and that is the evidence rule 3 weighs.
   */
  residualRho(metric: 0 | 1, values: Float64Array, times: Float64Array, n: number): number {
    let mean = 0;
    for (let k = 0; k < n; k++) {
      values[k] -= this.hours[metric * METRIC_SLOTS + hourOf(times[k]) * FIELDS + 1];
      mean += values[k];
    }
    return longRunRhoOf(deviationMoments(values, n, mean / n));
  }

  /** Whether `metric` is scored by the profile. */
  isActive(metric: 0 | 1): boolean {
    return this.active[metric];
  }

  /** Share of the metric's variance explained by the hour of day (0 when unknown). */
  explained(metric: 0 | 1): number {
    let weight = 0;
    let sum = 0;
    for (let h = 0; h < HOURS; h++) {
      const i = metric * METRIC_SLOTS + h * FIELDS;
      weight += this.hours[i];
      sum += this.hours[i] * this.hours[i + 1];
    }
    if (weight <= 0) return 0;
    const grand = sum / weight;
    let within = 0;
    let between = 0;
    for (let h = 0; h < HOURS; h++) {
      const i = metric * METRIC_SLOTS + h * FIELDS;
      const w = this.hours[i];
      if (w <= 0) continue;
      within += w * this.variance(i);
      between += w * (this.hours[i + 1] - grand) ** 2;
    }
    const total = within + between;
    return total > 0 ? between / total : 0;
  }

  /** Sample time spanned so far, in days. */
  get daysSpanned(): number {
    return this.firstMs === null ? 0 : Math.max(0, this.lastMs - this.firstMs) / DAY_MS;
  }

  clear(): void {
    this.hours.fill(0);
    this.firstMs = null;
    this.lastMs = -Infinity;
    this.active[0] = false;
    this.active[1] = false;
    this.resetCurrentHour(NO_HOUR);
  }

  exportState(): DailyProfileState {
    return {
      firstMs: this.firstMs,
      lastMs: this.lastMs,
      hours: Buffer.from(this.hours.buffer, this.hours.byteOffset, this.hours.byteLength).toString('base64'),
      current: [this.currentHour, this.currentN, this.currentMeanL, this.currentM2L, this.currentMeanP, this.currentM2P],
    };
  }

  importState(state: DailyProfileState): void {
    this.clear();
    this.firstMs = state.firstMs;
    this.lastMs = state.lastMs;
    const bytes = Buffer.from(state.hours, 'base64');
    if (bytes.length !== this.hours.byteLength) throw new Error(`daily profile state holds ${bytes.length} bytes, expected ${this.hours.byteLength}`);
    // Copied byte by byte: a decoded Buffer may sit at an offset a Float32Array view cannot use.
    new Uint8Array(this.hours.buffer, this.hours.byteOffset, this.hours.byteLength).set(bytes);
    if (state.current) {
      [this.currentHour, this.currentN, this.currentMeanL, this.currentM2L, this.currentMeanP, this.currentM2P] = state.current;
    }
    this.decide();
  }

  private qualifies(metric: 0 | 1): boolean {
    const s = this.settings;
    if (s.dailyProfileMinDays <= 0 || this.daysSpanned < s.dailyProfileMinDays) return false;
    for (let h = 0; h < HOURS; h++) {
      if (this.hours[metric * METRIC_SLOTS + h * FIELDS] < s.dailyProfileMinHourSamples) return false;
    }
    return this.explained(metric) >= s.dailyProfileMinExplained;
  }

  /** Re-decides, per metric, whether the profile scores it. */
  private decide(): void {
    this.active[0] = this.qualifies(0);
    this.active[1] = this.qualifies(1);
  }

  /** Merges the collected hour into its bucket (old days decayed first), then re-decides. */
  private foldCurrentHour(): void {
    if (this.currentN > 0) {
      const day = Math.floor(this.currentHour / HOURS);
      const hour = this.currentHour - day * HOURS;
      this.merge(0, hour, day, this.currentMeanL, this.currentM2L);
      this.merge(1, hour, day, this.currentMeanP, this.currentM2P);
      this.decide();
    }
    this.resetCurrentHour(NO_HOUR);
  }

  private resetCurrentHour(hourIndex: number): void {
    this.currentHour = hourIndex;
    this.currentN = 0;
    this.currentMeanL = 0;
    this.currentM2L = 0;
    this.currentMeanP = 0;
    this.currentM2P = 0;
  }

  /** Pooled weighted mean and m2 of the bucket and `currentN` new samples (Chan et al.). */
  private merge(metric: 0 | 1, hour: number, day: number, mean: number, m2: number): void {
    const i = metric * METRIC_SLOTS + hour * FIELDS;
    const h = this.hours;
    let weight = h[i];
    let bucketM2 = h[i + 2];
    const lastDay = h[i + 3];
    if (weight > 0 && day > lastDay) {
      const decay = Math.pow(0.5, (day - lastDay) / this.settings.dailyProfileHalfLifeDays);
      weight *= decay;
      bucketM2 *= decay;
    }
    const n = this.currentN;
    const total = weight + n;
    const delta = mean - h[i + 1];
    h[i] = total;
    h[i + 1] = weight > 0 ? h[i + 1] + (delta * n) / total : mean;
    h[i + 2] = bucketM2 + m2 + (delta * delta * weight * n) / total;
    h[i + 3] = weight > 0 ? Math.max(day, lastDay) : day;
  }

  private variance(i: number): number {
    const weight = this.hours[i];
    return weight > 1 ? Math.max(0, this.hours[i + 2]) / (weight - 1) : 0;
  }
}

function hourOf(timeMs: number): number {
  return ((Math.floor(timeMs / HOUR_MS) % HOURS) + HOURS) % HOURS;
}
