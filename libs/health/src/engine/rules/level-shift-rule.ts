import type { DetectionRule } from './detection-rule';

export interface LevelShiftState {
  high: number;
  low: number;
  /** Samples since each side last sat at zero, and the largest |z| since. */
  highRun: number;
  lowRun: number;
  maxAbsZ: number;
}

/**
 * Persistent change (creep, level shift): a two-sided CUSUM on the residual z against the frozen
 * pre-change model. Each sample adds its z (clipped, so one outlier cannot do it alone) less an
 * allowance; the sum crossing the threshold says the mean has moved by more than twice the
 * allowance, however slowly it got there.
 */
export class LevelShiftRule implements DetectionRule<LevelShiftState> {
  private high = 0;
  private low = 0;
  private highRun = 0;
  private lowRun = 0;
  private maxAbsZ = 0;

  constructor(
    private readonly allowance: number,
    private readonly threshold: number,
    private readonly clip: number,
  ) {}

  evaluate(z: number): boolean {
    const c = z > this.clip ? this.clip : z < -this.clip ? -this.clip : z;
    this.high = Math.max(0, this.high + c - this.allowance);
    this.low = Math.max(0, this.low - c - this.allowance);
    this.highRun = this.high > 0 ? this.highRun + 1 : 0;
    this.lowRun = this.low > 0 ? this.lowRun + 1 : 0;
    if (this.high === 0 && this.low === 0) this.maxAbsZ = 0;
    else if (Math.abs(z) > this.maxAbsZ) this.maxAbsZ = Math.abs(z);
    return this.high > this.threshold || this.low > this.threshold;
  }

  /** The larger CUSUM, in σ. */
  get statistic(): number {
    return Math.max(this.high, this.low);
  }

  evidence(): { count: number; maxAbsZ: number } {
    return { count: this.high >= this.low ? this.highRun : this.lowRun, maxAbsZ: this.maxAbsZ };
  }

  reset(): void {
    this.high = 0;
    this.low = 0;
    this.highRun = 0;
    this.lowRun = 0;
    this.maxAbsZ = 0;
  }

  exportState(): LevelShiftState {
    return { high: this.high, low: this.low, highRun: this.highRun, lowRun: this.lowRun, maxAbsZ: this.maxAbsZ };
  }

  importState(state: LevelShiftState): void {
    this.high = state.high;
    this.low = state.low;
    this.highRun = state.highRun;
    this.lowRun = state.lowRun;
    this.maxAbsZ = state.maxAbsZ;
  }
}
