import type { DetectionRule } from './detection-rule';

export interface ModerateDensityState {
  /** |z| of the last `window` samples, oldest first. */
  recent: number[];
}

const EMPTY = new Float64Array(0);

/** Rule 2 (the seed's): at least `count` of the last `window` samples with |z| above `threshold`. */
export class ModerateDensityRule implements DetectionRule<ModerateDensityState> {
  // Allocated on the first score: a service still learning its baseline has nothing to count.
  private recent: Float64Array = EMPTY;
  private pos = 0;
  private fill = 0;
  private above = 0;

  constructor(
    private readonly threshold: number,
    private readonly count: number,
    private readonly window: number,
  ) {
  }

  evaluate(z: number): boolean {
    if (this.recent.length === 0) this.recent = new Float64Array(this.window);
    const a = Math.abs(z);
    if (this.fill === this.window) {
      if (this.recent[this.pos] > this.threshold) this.above--;
    } else this.fill++;
    this.recent[this.pos] = a;
    if (a > this.threshold) this.above++;
    this.pos = this.pos + 1 === this.window ? 0 : this.pos + 1;
    return this.above >= this.count;
  }

  evidence(): { count: number; maxAbsZ: number } {
    let max = 0;
    for (let i = 0; i < this.fill; i++) if (this.recent[i] > max) max = this.recent[i];
    return { count: this.above, maxAbsZ: max };
  }

  reset(): void {
    this.pos = 0;
    this.fill = 0;
    this.above = 0;
  }

  exportState(): ModerateDensityState {
    const out: number[] = [];
    const start = this.fill < this.window ? 0 : this.pos;
    for (let i = 0; i < this.fill; i++) out.push(this.recent[(start + i) % this.window]);
    return { recent: out };
  }

  importState(state: ModerateDensityState): void {
    this.reset();
    for (const a of state.recent.slice(-this.window)) this.evaluate(a);
  }
}
