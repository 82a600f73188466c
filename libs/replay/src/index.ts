export { parseTimestamp } from './parse-timestamp';
export { BadRowError, SampleLineParser } from './sample-line-parser';
export type { ReplayFormat, ReplaySample } from './sample-line-parser';
export { ReplayRunner } from './replay-runner';
export type { ReplaySummary, ReplayTransition } from './replay-runner';
export { toTransitionRecord } from './transition-record';
export type { TransitionRecord } from './transition-record';
export { replayFile, serviceIdForFile } from './replay-file';
export type { ReplayFileOptions } from './replay-file';
