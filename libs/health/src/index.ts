export * from './engine';
export { DetectorRegistry } from './detector-registry';
export { MonitoredService } from './monitored-service';
export { UnknownServiceError } from './unknown-service.error';
export { HealthModule } from './health.module';
export { DriftExplainer, onsetEvent, storedExplanation, toDriftOnset } from './drift-explainer';
export type { ExplainableEvent } from './drift-explainer';
export { IncidentFinder } from './incident-finder';
export type { IncidentPage, IncidentQuery } from './incident-finder';
