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

/** The serialisable state: per metric 24 × [weight, mean, m2, day of last update]. */
export interface DailyProfileState {
  firstMs: number | null;
  lastMs: number;
  hours: number[];
}

const HOURS = 24;
const FIELDS = 4;
const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
const METRIC_SLOTS = HOURS * FIELDS;

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
 */
export class DailyProfile {
  private readonly hours = new Float32Array(2 * METRIC_SLOTS);
  private firstMs: number | null = null;
  private lastMs = -Infinity;
  /** Whether each metric is scored by the profile, re-decided once per hour of sample time. */
  private readonly active: [boolean, boolean] = [false, false];
  private checkedHour = -1;

  constructor(private readonly settings: DailyProfileSettings) {}

  add(timeMs: number, latency: number, payload: number): void {
    if (this.firstMs === null || timeMs < this.firstMs) this.firstMs = timeMs;
    if (timeMs > this.lastMs) this.lastMs = timeMs;
    const hour = hourOf(timeMs);
    const day = Math.floor(timeMs / DAY_MS);
    this.update(0, hour, day, latency);
    this.update(1, hour, day, payload);
    // R² moves slowly: re-deciding once per hour of sample time keeps the cost off the hot path.
    const hourIndex = Math.floor(timeMs / HOUR_MS);
    if (hourIndex !== this.checkedHour) {
      this.checkedHour = hourIndex;
      this.active[0] = this.qualifies(0);
      this.active[1] = this.qualifies(1);
    }
  }

  /** The hour's statistics if `metric` (0 latency, 1 payload) is scored by the profile, else null. */
  statsFor(metric: 0 | 1, timeMs: number): HourStats | null {
    if (!this.active[metric]) return null;
    const hour = hourOf(timeMs);
    const i = metric * METRIC_SLOTS + hour * FIELDS;
    const weight = this.hours[i];
    return { hourUtc: hour, mean: this.hours[i + 1], stddev: Math.sqrt(this.variance(i)), weight };
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
    this.checkedHour = -1;
  }

  exportState(): DailyProfileState {
    return { firstMs: this.firstMs, lastMs: this.lastMs, hours: Array.from(this.hours) };
  }

  importState(state: DailyProfileState): void {
    this.clear();
    this.firstMs = state.firstMs;
    this.lastMs = state.lastMs;
    this.hours.set(state.hours);
    if (this.firstMs !== null) {
      this.checkedHour = Math.floor(this.lastMs / HOUR_MS);
      this.active[0] = this.qualifies(0);
      this.active[1] = this.qualifies(1);
    }
  }

  private qualifies(metric: 0 | 1): boolean {
    const s = this.settings;
    if (s.dailyProfileMinDays <= 0 || this.daysSpanned < s.dailyProfileMinDays) return false;
    for (let h = 0; h < HOURS; h++) {
      if (this.hours[metric * METRIC_SLOTS + h * FIELDS] < s.dailyProfileMinHourSamples) return false;
    }
    return this.explained(metric) >= s.dailyProfileMinExplained;
  }

  /** Weighted incremental mean and variance (West's algorithm), old days decayed first. */
  private update(metric: 0 | 1, hour: number, day: number, x: number): void {
    if (!Number.isFinite(x)) return;
    const i = metric * METRIC_SLOTS + hour * FIELDS;
    const h = this.hours;
    let weight = h[i];
    let m2 = h[i + 2];
    const lastDay = h[i + 3];
    if (weight > 0 && day > lastDay) {
      const decay = Math.pow(0.5, (day - lastDay) / this.settings.dailyProfileHalfLifeDays);
      weight *= decay;
      m2 *= decay;
    }
    weight += 1;
    const mean = h[i + 1];
    const delta = x - mean;
    const newMean = weight > 1 ? mean + delta / weight : x;
    m2 += delta * (x - newMean);
    h[i] = weight;
    h[i + 1] = newMean;
    h[i + 2] = m2;
    h[i + 3] = Math.max(day, lastDay);
  }

  private variance(i: number): number {
    const weight = this.hours[i];
    return weight > 1 ? Math.max(0, this.hours[i + 2]) / (weight - 1) : 0;
  }
}

function hourOf(timeMs: number): number {
  return ((Math.floor(timeMs / HOUR_MS) % HOURS) + HOURS) % HOURS;
}
