/**
 * The health module's pure entry point: the rules, the state machine and the detector state.
 * Imports nothing from Nest, TypeORM or node:fs; replay and the simulator's engine runs load only this.
 */
export { HealthState, TRANSITION_REASONS } from './drift-state';
export type { Transition, TransitionReason } from './drift-state';
export { ServiceDetector } from './service-detector';
export { DETECTOR_STATE_VERSION, DetectorStateError, parseDetectorState } from './detector-state';
export type { DetectorState, WindowSample } from './detector-state';
export * from './explain';
export { OTHER_ENDPOINT, endpointSlot, rollup } from './endpoint-rollup';
export type { Rollup, StreamStatus } from './endpoint-rollup';
