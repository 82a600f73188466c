export { MetricsModule } from './metrics.module';
export { MetricsService } from './metrics.service';
export type { MetricsCollector } from './metrics.service';
export { METRIC, REQUEST_REJECT_REASONS, COMMIT_DURATION_BUCKETS } from './metric-names';
export type { RequestRejectReason } from './metric-names';
