export { HealthState, TRANSITION_REASONS } from './engine/drift-state';
export type { Transition, TransitionReason } from './engine/drift-state';
export { ServiceDetector } from './engine/service-detector';
export type { DetectorState, WindowSample } from './engine/service-detector';
export { DetectorRegistry } from './detector-registry';
export { MonitoredService } from './monitored-service';
export { UnknownServiceError } from './unknown-service.error';
export { HealthModule } from './health.module';
