import type { DetectorConfig } from '@app/config';
import { HealthState, ServiceDetector, Transition } from '@app/health/engine';
import type { ReplaySample } from './sample-line-parser';

/** A transition with the service it belongs to. */
export interface ReplayTransition {
  serviceId: string;
  transition: Transition;
}

/** What a replay saw, for the summary. */
export interface ReplaySummary {
  samples: number;
  services: number;
  transitions: number;
  byReason: Record<string, number>;
  /** Sample-time milliseconds spent in DRIFT_DETECTED, summed over services (open drifts end at their last sample). */
  driftMs: number;
  badRowsSkipped: number;
}

interface ServiceStream {
  detector: ServiceDetector;
  seq: number;
  lastTimeMs: number;
  driftSinceMs: number | null;
  driftMs: number;
}

/**
 * Feeds samples, in file order, to one `ServiceDetector` per service, the way the API's
 * worker does: the same engine and config, sample time as the only clock, seq = the
 * sample's 1-based position in its service's stream.
 */
export class ReplayRunner {
  private readonly streams = new Map<string, ServiceStream>();
  private samples = 0;
  private transitions = 0;
  private readonly byReason: Record<string, number> = {};

  constructor(private readonly config: DetectorConfig) {}

  feed(sample: ReplaySample): ReplayTransition | null {
    let stream = this.streams.get(sample.serviceId);
    if (!stream) {
      stream = { detector: new ServiceDetector(this.config), seq: 0, lastTimeMs: sample.timeMs, driftSinceMs: null, driftMs: 0 };
      this.streams.set(sample.serviceId, stream);
    }
    this.samples++;
    stream.seq++;
    stream.lastTimeMs = sample.timeMs;
    const transition = stream.detector.observe(stream.seq, sample.timeMs, sample.latency, sample.payload);
    if (!transition) return null;
    this.transitions++;
    this.byReason[transition.reason] = (this.byReason[transition.reason] ?? 0) + 1;
    if (transition.to === HealthState.DRIFT_DETECTED) stream.driftSinceMs = transition.timeMs;
    else if (stream.driftSinceMs !== null) {
      stream.driftMs += Math.max(0, transition.timeMs - stream.driftSinceMs);
      stream.driftSinceMs = null;
    }
    return { serviceId: sample.serviceId, transition };
  }

  summary(badRowsSkipped = 0): ReplaySummary {
    let driftMs = 0;
    for (const s of this.streams.values()) {
      driftMs += s.driftMs + (s.driftSinceMs === null ? 0 : Math.max(0, s.lastTimeMs - s.driftSinceMs));
    }
    return {
      samples: this.samples,
      services: this.streams.size,
      transitions: this.transitions,
      byReason: { ...this.byReason },
      driftMs,
      badRowsSkipped,
    };
  }
}
