/** Which repeating shape, if any, the expected value follows. */
export type SeasonKind = 'none' | 'daily' | 'weekly';

const DAY_MS = 86_400_000;
const WEEK_MS = 7 * DAY_MS;

/** The serialisable state of one `PeriodProfile`. */
export interface PeriodProfileState {
  sums: number[];
  squares: number[];
  weights: number[];
  /** Sample time of the last decay step (ms; null before the first sample). */
  decayedAtMs: number | null;
}

/**
 * Mean value and spread per slot of a repeating period (a day, a week), old periods fading with a
 * half-life. A slot's offset is its mean minus the mean of all slots: how far above or below its
 * usual level the metric is expected to be at that time.
 */
export class PeriodProfile {
  private readonly sums: Float64Array;
  private readonly squares: Float64Array;
  private readonly weights: Float64Array;
  private decayedAtMs: number | null = null;
  private readonly slotMs: number;
  /** The slot of the last sample and where that slot began (a cache; not state). */
  private slot = 0;
  private slotStartMs = NaN;

  constructor(
    readonly periodMs: number,
    readonly slots: number,
    private readonly halfLifePeriods: number,
  ) {
    this.sums = new Float64Array(slots);
    this.squares = new Float64Array(slots);
    this.weights = new Float64Array(slots);
    this.slotMs = periodMs / slots;
  }

  add(timeMs: number, x: number): void {
    this.decayTo(timeMs);
    // Consecutive samples mostly fall in the slot of the previous one: no division for them.
    if (!(timeMs >= this.slotStartMs && timeMs < this.slotStartMs + this.slotMs)) {
      this.slot = this.slotOf(timeMs);
      this.slotStartMs = Math.floor(timeMs / this.slotMs) * this.slotMs;
    }
    const slot = this.slot;
    this.sums[slot] += x;
    this.squares[slot] += x * x;
    this.weights[slot] += 1;
  }

  /** Whether every slot holds at least `minWeight` (decayed) samples. */
  covered(minWeight: number): boolean {
    for (let i = 0; i < this.slots; i++) if (this.weights[i] < minWeight) return false;
    return true;
  }

  /**
   * Share of the (decayed) history's variance that the slot means explain (R²): 1 for a metric
   * that is a pure function of the time of day, ~0 for one unrelated to it.
   */
  explained(): number {
    let w = 0;
    let sum = 0;
    let sq = 0;
    let within = 0;
    for (let i = 0; i < this.slots; i++) {
      const wi = this.weights[i];
      if (wi <= 0) continue;
      w += wi;
      sum += this.sums[i];
      sq += this.squares[i];
      within += this.squares[i] - (this.sums[i] * this.sums[i]) / wi;
    }
    if (w <= 0) return 0;
    const total = sq - (sum * sum) / w;
    return total > 0 ? Math.max(0, 1 - within / total) : 0;
  }

  /** Offsets from the profile's mean level, one per slot (what `shape` interpolates). */
  offsets(): Float64Array {
    const out = new Float64Array(this.slots);
    let total = 0;
    for (let i = 0; i < this.slots; i++) {
      out[i] = this.weights[i] > 0 ? this.sums[i] / this.weights[i] : 0;
      total += out[i];
    }
    const mean = total / this.slots;
    for (let i = 0; i < this.slots; i++) out[i] -= mean;
    return out;
  }

  /** Standard deviation within each slot: how much the metric varies at that time of the period. */
  spreads(): Float64Array {
    const out = new Float64Array(this.slots);
    for (let i = 0; i < this.slots; i++) {
      const w = this.weights[i];
      if (w <= 1) continue;
      const mean = this.sums[i] / w;
      out[i] = Math.sqrt(Math.max(0, this.squares[i] / w - mean * mean));
    }
    return out;
  }

  clear(): void {
    this.sums.fill(0);
    this.squares.fill(0);
    this.weights.fill(0);
    this.decayedAtMs = null;
  }

  exportState(): PeriodProfileState {
    return { sums: Array.from(this.sums), squares: Array.from(this.squares), weights: Array.from(this.weights), decayedAtMs: this.decayedAtMs };
  }

  importState(state: PeriodProfileState): void {
    if (state.sums.length !== this.slots || state.weights.length !== this.slots) {
      throw new RangeError(`profile state has ${state.sums.length} slots, expected ${this.slots}`);
    }
    this.sums.set(state.sums);
    this.squares.set(state.squares);
    this.weights.set(state.weights);
    this.decayedAtMs = state.decayedAtMs;
  }

  private slotOf(timeMs: number): number {
    return slotAt(this.slots, this.periodMs, timeMs);
  }

  /** Fades old samples once per slot length of elapsed sample time (cheap; exact at any rate). */
  private decayTo(timeMs: number): void {
    if (this.decayedAtMs === null) {
      this.decayedAtMs = timeMs;
      return;
    }
    const elapsed = timeMs - this.decayedAtMs;
    if (elapsed < this.slotMs) return;
    const factor = Math.pow(0.5, elapsed / (this.periodMs * this.halfLifePeriods));
    for (let i = 0; i < this.slots; i++) {
      this.sums[i] *= factor;
      this.squares[i] *= factor;
      this.weights[i] *= factor;
    }
    this.decayedAtMs = timeMs;
  }
}

/**
 * The slot of `timeMs` in a period of `slots` equal slots. Slots are steps, not interpolated: the
 * slot mean is the prediction and the slot's spread is exactly that prediction's error, so a
 * pattern that changes within a slot (a job starting at 09:20) widens the band there instead of
 * being predicted wrong.
 */
export function slotAt(slots: number, periodMs: number, timeMs: number): number {
  const phase = ((timeMs % periodMs) + periodMs) % periodMs;
  return Math.min(slots - 1, Math.floor((phase / periodMs) * slots));
}

/** The serialisable state of a `SeasonalProfile`. */
export interface SeasonalProfileState {
  firstMs: number | null;
  lastMs: number | null;
  /** null until the metric has spanned an hour (see `SeasonalProfile`). */
  daily: PeriodProfileState | null;
  weekly: PeriodProfileState | null;
}

/**
 * The daily and weekly profiles of one metric, and how much history they hold. The slot arrays are
 * allocated once the metric has spanned one daily slot (an hour): a service that lives for minutes
 * (a test, a short canary) never pays for them, in memory or in its stored state, and a shape
 * needs two whole days anyway.
 */
export class SeasonalProfile {
  private dailyProfile: PeriodProfile | null = null;
  private weeklyProfile: PeriodProfile | null = null;
  private firstMs: number | null = null;
  private lastMs: number | null = null;

  constructor(
    private readonly dailySlots: number,
    private readonly weeklySlots: number,
    private readonly halfLifePeriods: number,
    private readonly minSpacingMs = 0,
  ) {}

  get daily(): PeriodProfile | null {
    return this.dailyProfile;
  }

  get weekly(): PeriodProfile | null {
    return this.weeklyProfile;
  }

  /** Learns a sample, unless it is within `minSpacingMs` after the last one learned. */
  add(timeMs: number, x: number): void {
    if (!Number.isFinite(x)) return;
    if (this.lastMs !== null && timeMs >= this.lastMs && timeMs - this.lastMs < this.minSpacingMs) return;
    if (this.firstMs === null || timeMs < this.firstMs) this.firstMs = timeMs;
    if (this.lastMs === null || timeMs > this.lastMs) this.lastMs = timeMs;
    if (this.dailyProfile === null) {
      if (this.spanMs < DAY_MS / this.dailySlots) return;
      this.allocate();
    }
    (this.dailyProfile as PeriodProfile).add(timeMs, x);
    (this.weeklyProfile as PeriodProfile).add(timeMs, x);
  }

  private allocate(): void {
    this.dailyProfile = new PeriodProfile(DAY_MS, this.dailySlots, this.halfLifePeriods);
    this.weeklyProfile = new PeriodProfile(WEEK_MS, this.weeklySlots, this.halfLifePeriods);
  }

  /** Sample time the profile spans (ms). */
  get spanMs(): number {
    return this.firstMs === null || this.lastMs === null ? 0 : this.lastMs - this.firstMs;
  }

  /**
   * The season that explains the metric, if any: a period qualifies with `minPeriods` whole
   * periods of history, every slot covered and at least `minExplained` of the variance explained;
   * the week is preferred to the day only if it leaves `minGain` less of the variance unexplained.
   */
  select(minPeriods: number, minSlotWeight: number, minExplained: number, minGain: number): SeasonKind {
    const d = this.dailyProfile;
    const w = this.weeklyProfile;
    if (d === null || w === null) return 'none';
    const daily = this.spanMs >= minPeriods * DAY_MS && d.covered(minSlotWeight) ? d.explained() : 0;
    const weekly = this.spanMs >= minPeriods * WEEK_MS && w.covered(minSlotWeight) ? w.explained() : 0;
    const best: SeasonKind = daily >= minExplained ? 'daily' : 'none';
    if (weekly >= minExplained && 1 - weekly <= (1 - daily) * (1 - minGain)) return 'weekly';
    return best;
  }

  /** Whether a period has `minPeriods` whole periods of history and every slot covered. */
  covers(kind: Exclude<SeasonKind, 'none'>, minPeriods: number, minSlotWeight: number): boolean {
    const period = kind === 'daily' ? this.dailyProfile : this.weeklyProfile;
    return period !== null && this.spanMs >= minPeriods * PERIOD_MS[kind] && period.covered(minSlotWeight);
  }

  /** The slot offsets of a kind (`null` for 'none' or before the profile exists). */
  offsets(kind: SeasonKind): Float64Array | null {
    const period = kind === 'daily' ? this.dailyProfile : kind === 'weekly' ? this.weeklyProfile : null;
    return period ? period.offsets() : null;
  }

  /** The slot spreads of a kind (`null` for 'none' or before the profile exists). */
  spreads(kind: SeasonKind): Float64Array | null {
    const period = kind === 'daily' ? this.dailyProfile : kind === 'weekly' ? this.weeklyProfile : null;
    return period ? period.spreads() : null;
  }

  clear(): void {
    this.dailyProfile = null;
    this.weeklyProfile = null;
    this.firstMs = null;
    this.lastMs = null;
  }

  exportState(): SeasonalProfileState {
    return {
      firstMs: this.firstMs,
      lastMs: this.lastMs,
      daily: this.dailyProfile ? this.dailyProfile.exportState() : null,
      weekly: this.weeklyProfile ? this.weeklyProfile.exportState() : null,
    };
  }

  importState(state: SeasonalProfileState): void {
    this.firstMs = state.firstMs;
    this.lastMs = state.lastMs;
    this.dailyProfile = null;
    this.weeklyProfile = null;
    if (state.daily && state.weekly) {
      this.allocate();
      (this.dailyProfile as PeriodProfile | null)?.importState(state.daily);
      (this.weeklyProfile as PeriodProfile | null)?.importState(state.weekly);
    }
  }
}

export const PERIOD_MS: Record<Exclude<SeasonKind, 'none'>, number> = { daily: DAY_MS, weekly: WEEK_MS };
