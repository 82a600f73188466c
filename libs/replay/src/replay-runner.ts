import { DRIFT_CONFIG_DEFAULTS, DriftConfig, type DetectorConfig } from '@app/config';
import { endpointSlot, HealthState, OTHER_ENDPOINT, ServiceDetector, Transition } from '@app/health/engine';
import type { ReplaySample } from './sample-line-parser';

/** The engine's settings, and the endpoint cap (default: the API's default). */
export type ReplayConfig = DetectorConfig & Partial<Pick<DriftConfig, 'maxEndpointsPerService'>>;

/** A transition with the service (and endpoint, if the sample named one) it belongs to. */
export interface ReplayTransition {
  serviceId: string;
  endpoint?: string;
  transition: Transition;
}

/** What a replay saw, for the summary. */
export interface ReplaySummary {
  samples: number;
  services: number;
  transitions: number;
  byReason: Record<string, number>;
  /** Sample-time milliseconds spent in DRIFT_DETECTED, summed over detectors (open drifts end at their last sample). */
  driftMs: number;
  badRowsSkipped: number;
}

interface DetectorStream {
  detector: ServiceDetector;
  lastTimeMs: number;
  driftSinceMs: number | null;
  driftMs: number;
}

interface ServiceStreams {
  /** The service's last seq: its samples share one sequence whichever detector scores them. */
  seq: number;
  /** By endpoint; '' is the service's own detector (samples without an endpoint). */
  detectors: Map<string, DetectorStream>;
  namedEndpoints: number;
}

/**
 * Feeds samples, in file order, to one `ServiceDetector` per service and endpoint, the way the
 * API's worker does: the same engine and config, sample time as the only clock, seq = the
 * sample's 1-based position in its service's stream, the same endpoint cap and `_other`.
 */
export class ReplayRunner {
  private readonly services = new Map<string, ServiceStreams>();
  private readonly maxEndpoints: number;
  private samples = 0;
  private transitions = 0;
  private readonly byReason: Record<string, number> = {};

  constructor(private readonly config: ReplayConfig) {
    this.maxEndpoints = config.maxEndpointsPerService ?? DRIFT_CONFIG_DEFAULTS.maxEndpointsPerService;
  }

  feed(sample: ReplaySample): ReplayTransition | null {
    let service = this.services.get(sample.serviceId);
    if (!service) {
      service = { seq: 0, detectors: new Map(), namedEndpoints: 0 };
      this.services.set(sample.serviceId, service);
    }
    const key =
      sample.endpoint === undefined
        ? ''
        : endpointSlot(sample.endpoint, service.detectors.has(sample.endpoint), service.namedEndpoints, this.maxEndpoints);
    let stream = service.detectors.get(key);
    if (!stream) {
      stream = { detector: new ServiceDetector(this.config), lastTimeMs: sample.timeMs, driftSinceMs: null, driftMs: 0 };
      service.detectors.set(key, stream);
      if (key !== '' && key !== OTHER_ENDPOINT) service.namedEndpoints++;
    }
    this.samples++;
    service.seq++;
    stream.lastTimeMs = sample.timeMs;
    const transition = stream.detector.observe(service.seq, sample.timeMs, sample.latency, sample.payload);
    if (!transition) return null;
    this.transitions++;
    this.byReason[transition.reason] = (this.byReason[transition.reason] ?? 0) + 1;
    if (transition.to === HealthState.DRIFT_DETECTED) stream.driftSinceMs = transition.timeMs;
    else if (stream.driftSinceMs !== null) {
      stream.driftMs += Math.max(0, transition.timeMs - stream.driftSinceMs);
      stream.driftSinceMs = null;
    }
    return key === '' ? { serviceId: sample.serviceId, transition } : { serviceId: sample.serviceId, endpoint: key, transition };
  }

  summary(badRowsSkipped = 0): ReplaySummary {
    let driftMs = 0;
    for (const service of this.services.values()) {
      for (const s of service.detectors.values()) {
        driftMs += s.driftMs + (s.driftSinceMs === null ? 0 : Math.max(0, s.lastTimeMs - s.driftSinceMs));
      }
    }
    return {
      samples: this.samples,
      services: this.services.size,
      transitions: this.transitions,
      byReason: { ...this.byReason },
      driftMs,
      badRowsSkipped,
    };
  }
}
