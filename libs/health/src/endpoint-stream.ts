import type { DetectorState } from './engine/detector-state';
import type { ServiceDetector } from './engine/service-detector';
import { MonitoredService } from './monitored-service';

/**
 * One endpoint of a service with its own detector: `id` is its row in `endpoints`, `name` the
 * endpoint ("POST /pay"); its samples are stored under the service with this `endpoint_id`.
 */
export class EndpointStream extends MonitoredService {
  constructor(
    id: number,
    name: string,
    readonly service: MonitoredService,
    source: ServiceDetector | DetectorState,
    rebuild: (id: number, state: DetectorState) => ServiceDetector,
  ) {
    super(id, name, source, rebuild);
  }
}
