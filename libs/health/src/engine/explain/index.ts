export { classifyDrift, DRIFT_KINDS, episodeBounds, summarizeReference } from './drift-kind';
export type { DriftDirection, DriftEpisode, EpisodeBounds, EpisodeReference, DriftKind, ExplainSettings, KindDecision, KindMeasures } from './drift-kind';
export { coMovement } from './co-movement';
export type { CoMovementHint } from './co-movement';
export { concurrentHint, groupIncidents } from './incidents';
export type { ConcurrentHint, DriftOnset, Incident } from './incidents';
export { explainEpisode } from './explain-drift';
export type { DeploymentHint, DriftExplanation, DriftHints } from './explain-drift';
export type { RobustSummary } from './robust-stats';
