/**
 * One drift rule for one metric, fed the standardized residual z of every scored sample. Every
 * rule reads the same z from the model of normal; each looks for a different shape of change.
 */
export interface DetectionRule<State> {
  /** Feeds one z (never NaN); returns true when the rule's evidence is complete. */
  evaluate(z: number): boolean;
  /** How many samples the evidence spans, and the largest |z| among them (for the event). */
  evidence(): { count: number; maxAbsZ: number };
  reset(): void;
  exportState(): State;
  importState(state: State): void;
}
