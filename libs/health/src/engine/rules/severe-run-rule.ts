import type { DetectionRule } from './detection-rule';

export interface SevereRunState {
  run: number;
  maxAbsZ: number;
}

/** Rule 1 (the seed's): `count` consecutive samples with |z| above `threshold`. */
export class SevereRunRule implements DetectionRule<SevereRunState> {
  private run = 0;
  private maxAbsZ = 0;

  constructor(
    private readonly threshold: number,
    private readonly count: number,
  ) {}

  evaluate(z: number): boolean {
    const a = Math.abs(z);
    if (a > this.threshold) {
      this.run++;
      if (a > this.maxAbsZ) this.maxAbsZ = a;
    } else {
      this.run = 0;
      this.maxAbsZ = 0;
    }
    return this.run >= this.count;
  }

  evidence(): { count: number; maxAbsZ: number } {
    return { count: this.run, maxAbsZ: this.maxAbsZ };
  }

  reset(): void {
    this.run = 0;
    this.maxAbsZ = 0;
  }

  exportState(): SevereRunState {
    return { run: this.run, maxAbsZ: this.maxAbsZ };
  }

  importState(state: SevereRunState): void {
    this.run = state.run;
    this.maxAbsZ = state.maxAbsZ;
  }
}
