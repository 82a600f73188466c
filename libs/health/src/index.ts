export * from './engine';
export { DetectorRegistry } from './detector-registry';
export { MonitoredService } from './monitored-service';
export { EndpointStream } from './endpoint-stream';
export { ServiceEndpoints } from './service-endpoints';
export { UnknownServiceError } from './unknown-service.error';
export { UnknownEndpointError } from './unknown-endpoint.error';
export { HealthModule } from './health.module';
