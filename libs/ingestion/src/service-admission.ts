import type { DriftConfig } from '@app/config';
import type { DetectorRegistry } from '@app/health';
import { TooManyServicesError } from './ingestion.errors';
import type { TelemetrySample } from './telemetry-sample';

/**
 * What the checks need of the services' state: DetectorRegistry in embedded mode, the cluster
 * mode's ClusterAdmissionRegistry (PostgreSQL plus this process's appends).
 */
export type AdmissionRegistry = Pick<DetectorRegistry, 'committedAndQueuedCount' | 'reservedNewest' | 'reserve' | 'release'> & {
  find(name: string): { newestAcceptedMs: number } | undefined;
};

/** What a request would change if it is queued: the newest sample time per service it names. */
export interface AdmissionPlan {
  newest: Map<string, number>;
  /** Services with no row yet (new, or whose first samples are still queued): reserved until settled. */
  reserved: string[];
}

/** Error lists stop here: enough to fix the request, small enough to read. */
const MAX_MESSAGES = 20;
const iso = (ms: number): string => new Date(ms).toISOString();

/**
 * The checks that need the services' state, after the field validation: order (a sample more than
 * MAX_OUT_OF_ORDER_SECONDS older than its service's newest accepted sample, queued ones included,
 * is refused) and the fleet cap (a new service beyond MAX_SERVICES, counting services whose first
 * samples are still queued). `check` changes nothing; `apply` records an admitted request and must
 * run in the same tick as its queueing, so no other request can slip between.
 */
export class ServiceAdmission {
  constructor(
    private readonly config: Pick<DriftConfig, 'maxServices' | 'maxOutOfOrderSeconds'>,
    private readonly registry: AdmissionRegistry,
  ) {}

  /**
   * Pushes one message per late sample into `errors` (prefixed `samples.i.` in a batch) and, when
   * given, its index into `lateIndices`; throws TooManyServicesError.
   */
  check(samples: readonly TelemetrySample[], errors: string[], batch: boolean, lateIndices?: number[]): AdmissionPlan {
    const toleranceMs = this.config.maxOutOfOrderSeconds * 1000;
    const newest = new Map<string, number>();
    const reserved: string[] = [];
    let fresh = 0;
    let late = 0;
    for (let i = 0; i < samples.length; i++) {
      const s = samples[i];
      let n = newest.get(s.serviceId);
      if (n === undefined) {
        const service = this.registry.find(s.serviceId);
        if (service) n = service.newestAcceptedMs;
        else {
          const queued = this.registry.reservedNewest(s.serviceId);
          if (queued === undefined) fresh++;
          reserved.push(s.serviceId);
          n = queued ?? -Infinity;
        }
      }
      if (s.timeMs < n - toleranceMs) {
        lateIndices?.push(i);
        if (++late <= MAX_MESSAGES) {
          errors.push(
            `${batch ? `samples.${i}.` : ''}timestamp ${iso(s.timeMs)} is more than ${this.config.maxOutOfOrderSeconds} s older than ` +
              `the newest sample of '${s.serviceId}' (${iso(n)}); late samples are refused (DRIFTWATCH_MAX_OUT_OF_ORDER_SECONDS)`,
          );
        }
      } else if (s.timeMs > n) n = s.timeMs;
      newest.set(s.serviceId, n);
    }
    if (late > MAX_MESSAGES) errors.push(`… and ${late - MAX_MESSAGES} more late sample(s)`);
    if (late === 0 && fresh > 0 && this.registry.committedAndQueuedCount + fresh > this.config.maxServices) {
      throw new TooManyServicesError(this.config.maxServices);
    }
    return { newest, reserved };
  }

  apply(plan: AdmissionPlan): void {
    for (const name of plan.reserved) this.registry.reserve(name, plan.newest.get(name) as number);
    for (const [name, n] of plan.newest) {
      const service = this.registry.find(name);
      if (service && n > service.newestAcceptedMs) service.newestAcceptedMs = n;
    }
  }

  /** The request has settled (committed or failed): its reservations are released. */
  settle(plan: AdmissionPlan): void {
    for (const name of plan.reserved) this.registry.release(name);
  }
}
