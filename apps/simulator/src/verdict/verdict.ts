/** One transition as the verdicts need it: the service's sample number that caused it, and where it went. */
export interface ObservedTransition {
  seq: number;
  from: string;
  to: string;
  reason: string;
}

/** What one run sent and saw; every position is a service sequence number (1-based), never a time. */
export interface RunRecord {
  /** The service's samples_total before the run: scenario sample i has seq = scenarioBaseSeq + 1 + i. */
  readonly scenarioBaseSeq: number;
  /** Warm-up samples sent before the scenario (their seqs precede the scenario's). */
  readonly warmupSamples: number;
  /** Whether the service already had a baseline (was not INSUFFICIENT_DATA) when the run began. */
  readonly hadBaseline: boolean;
  /** SPIKE: healthy samples sent after the scenario until the service was STABLE again. */
  readonly tailSamples: number;
  readonly transitions: readonly ObservedTransition[];
  readonly finalState: string;
}

export interface Verdict {
  readonly criterion: string;
  readonly measured: string;
  readonly limit: string;
  readonly pass: boolean;
}
