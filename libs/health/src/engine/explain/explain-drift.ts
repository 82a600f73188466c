import { coMovement, CoMovementHint } from './co-movement';
import type { ConcurrentHint } from './incidents';
import { classifyDrift, DriftDirection, DriftEpisode, DriftKind, ExplainSettings, KindMeasures } from './drift-kind';

/** The deployment marker recorded shortly before the onset (DEPLOYMENT_NAMING_WINDOW_MINUTES). */
export interface DeploymentHint {
  deployment_id: number;
  version: string;
  timestamp: string;
  minutes_before_onset: number;
}

/** Each hint is present only when it is true. */
export interface DriftHints {
  deployment?: DeploymentHint;
  co_movement?: CoMovementHint;
  concurrent?: ConcurrentHint;
}

/** What a drift event says about its drift (README: Explanations and incidents). */
export interface DriftExplanation {
  kind: DriftKind;
  direction: DriftDirection;
  /** 'onset': from the evidence (what alerts carry); 'episode': from the samples after it too. */
  basis: 'onset' | 'episode';
  /** Samples after the onset that were read. */
  samples_after_onset: number;
  /** No later sample can change it: the episode has ended or has EXPLAIN_EPISODE_SAMPLES samples after the onset. */
  final: boolean;
  rule: string;
  measures: KindMeasures;
  hints: DriftHints;
}

/** The sample-based part of an explanation (kind and co-movement); the caller adds the stored hints. */
export function explainEpisode(episode: DriftEpisode, settings: ExplainSettings): DriftExplanation {
  const decision = classifyDrift(episode, settings);
  let after = 0;
  for (const s of episode.samples) if (s.seq > episode.onsetSeq) after++;
  const hints: DriftHints = {};
  const moved = coMovement(episode);
  if (moved) hints.co_movement = moved;
  return {
    kind: decision.kind,
    direction: decision.direction,
    basis: decision.basis,
    samples_after_onset: after,
    final: episode.ended || after >= settings.episodeSamples,
    rule: decision.rule,
    measures: decision.measures,
    hints,
  };
}
