import type { DetectionRule } from './detection-rule';

export interface ExtremeSampleState {
  maxAbsZ: number;
}

/**
 * One aggregated sample far outside the model: its normal score (z compressed by the window's
 * own residual distribution) beyond `threshold`. Only for metrics sampled `minIntervalMs` or more
 * apart: such a sample summarises a minute or more of the service (a per-minute count, a CPU
 * reading), so one of them that far out is an incident by itself; one slow request among many is
 * not, which is why per-request telemetry never reaches this rule.
 */
export class ExtremeSampleRule implements DetectionRule<ExtremeSampleState> {
  private maxAbsZ = 0;

  constructor(private readonly threshold: number) {}

  evaluate(score: number): boolean {
    const a = Math.abs(score);
    if (a > this.threshold) {
      this.maxAbsZ = a;
      return true;
    }
    return false;
  }

  evidence(): { count: number; maxAbsZ: number } {
    return { count: 1, maxAbsZ: this.maxAbsZ };
  }

  reset(): void {
    this.maxAbsZ = 0;
  }

  exportState(): ExtremeSampleState {
    return { maxAbsZ: this.maxAbsZ };
  }

  importState(state: ExtremeSampleState): void {
    this.maxAbsZ = state.maxAbsZ;
  }
}
