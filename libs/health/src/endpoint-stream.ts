import type { ServiceDetector } from './engine/service-detector';
import { DetectorHost, MonitoredService, ServiceSummary } from './monitored-service';

/**
 * One endpoint of a service with its own detector: `id` is its row in `endpoints`, `name` the
 * endpoint ("POST /pay"); its samples are stored under the service with this `endpoint_id`.
 * Loaded, unloaded (idle or LRU eviction) and reloaded on its own, like a service's detector.
 */
export class EndpointStream extends MonitoredService {
  constructor(
    id: number,
    name: string,
    readonly service: MonitoredService,
    source: ServiceDetector | ServiceSummary,
    host: DetectorHost,
  ) {
    super(id, name, source, host);
  }
}
