export * from './engine';
export { DetectorRegistry } from './detector-registry';
export { MonitoredService } from './monitored-service';
export { UnknownServiceError } from './unknown-service.error';
export { HealthModule } from './health.module';
export { DriftExplainer, storedExplanation, toDriftOnset } from './drift-explainer';
