import { HealthState } from './engine/drift-state';
import type { DetectorState } from './engine/detector-state';
import type { ServiceDetector } from './engine/service-detector';
import { Rollup, rollup } from './engine/endpoint-rollup';
import { ServiceEndpoints } from './service-endpoints';

/**
 * What is kept of a detector that is not in memory: the answers to the light questions
 * (listing, retention, ordering checks). A few dozen bytes, against ~2 KB for a live detector with
 * one sample and ~20 KB for one with a full window.
 */
export interface ServiceSummary {
  state: HealthState;
  sampleCount: number;
  transitionTimeMs: number | null;
  lastSeq: number;
  windowFrontSeq: number | null;
  /** Newest sample time the detector has seen (null: none yet). */
  maxTimeMs: number | null;
}

/** How a service (or endpoint stream) gets its detector back, and tells its owner it was used (idle eviction). */
export interface DetectorHost {
  load(service: MonitoredService): ServiceDetector;
  touched(service: MonitoredService): void;
}

export function summaryOf(state: DetectorState): ServiceSummary {
  return {
    state: state.state,
    sampleCount: state.sampleCount,
    transitionTimeMs: state.transitionTimeMs,
    lastSeq: state.lastSeq,
    windowFrontSeq: state.windowFrontSeq,
    maxTimeMs: state.maxTimeMs,
  };
}

/** One stream's own status, for the roll-up, with the stream it came from. */
export interface StreamStatusOf {
  state: HealthState;
  transitionTime: number | null;
  stream: MonitoredService;
}

/**
 * A monitored service: its storage id, its name and its detector. The detector is loaded on first
 * use (its stored state and window are read then) and unloaded again when the service idles (see
 * DetectorRegistry); until it is needed the light questions are answered from a summary, so
 * listing services or running retention never pages in ten thousand windows.
 *
 * A service whose samples name endpoints also holds one detector per endpoint (`endpoints`, each
 * an EndpointStream loaded and unloaded on its own the same way); its `detector` stays the one for
 * samples without an endpoint, and the service-wide answers (state, counts, seq) roll its own and
 * its endpoints' up. A service that never sent an endpoint answers from its own detector alone,
 * exactly as before endpoints existed.
 */
export class MonitoredService {
  private live: ServiceDetector | null;
  // The summary while the detector is not loaded, as fields: 100 000 services, 100 000 fewer objects.
  private summaryState: HealthState;
  private summarySampleCount: number;
  private summaryTransitionTimeMs: number | null;
  private summaryLastSeq: number;
  private summaryWindowFrontSeq: number | null;
  private endpointSet: ServiceEndpoints | null = null;
  /** Last use (ms), what idle eviction orders by. */
  lastUsedMs = 0;
  /**
   * Newest sample time accepted for the service, including samples still queued: what a late
   * sample is compared with (-Infinity: none). A service's endpoints share the service's (on an
   * EndpointStream it only seeds the service's at restart).
   */
  newestAcceptedMs: number;

  constructor(
    readonly id: number,
    readonly name: string,
    source: ServiceDetector | ServiceSummary,
    private readonly host: DetectorHost,
  ) {
    const isLive = typeof (source as ServiceDetector).observe === 'function';
    this.live = isLive ? (source as ServiceDetector) : null;
    const summary = isLive ? summarize(source as ServiceDetector) : (source as ServiceSummary);
    this.summaryState = summary.state;
    this.summarySampleCount = summary.sampleCount;
    this.summaryTransitionTimeMs = summary.transitionTimeMs;
    this.summaryLastSeq = summary.lastSeq;
    this.summaryWindowFrontSeq = summary.windowFrontSeq;
    this.newestAcceptedMs = summary.maxTimeMs ?? -Infinity;
  }

  /** The live detector, loaded from storage if it is not in memory. */
  get detector(): ServiceDetector {
    if (this.live === null) this.live = this.host.load(this);
    this.host.touched(this);
    return this.live;
  }

  get isLoaded(): boolean {
    return this.live !== null;
  }

  /**
   * Drops this detector from memory, keeping its summary (an endpoint's detectors are unloaded on
   * their own). Only between group commits: the stored state is then exactly the live one, so the
   * next load resumes where this one stopped.
   */
  unload(): void {
    if (this.live === null) return;
    const d = this.live;
    this.summaryState = d.state;
    this.summarySampleCount = d.sampleCount;
    this.summaryTransitionTimeMs = d.transitionTime;
    this.summaryLastSeq = d.lastSeq;
    this.summaryWindowFrontSeq = d.windowFrontSeq;
    this.live = null;
  }

  /** The service's endpoint detectors; null until its first sample with an endpoint. */
  get endpoints(): ServiceEndpoints | null {
    return this.endpointSet;
  }

  /** The endpoint set, created on the service's first endpoint. */
  ensureEndpoints(): ServiceEndpoints {
    this.endpointSet ??= new ServiceEndpoints();
    return this.endpointSet;
  }

  get state(): HealthState {
    return this.endpointSet ? this.rollup().state : this.ownState;
  }

  get sampleCount(): number {
    return this.endpointSet ? this.ownSampleCount + this.endpointSet.sampleCount : this.ownSampleCount;
  }

  get transitionTime(): number | null {
    return this.endpointSet ? this.rollup().transitionTime : this.ownTransitionTime;
  }

  /** The service's state from its streams' own states (engine/endpoint-rollup.ts has the rule). */
  rollup(): Rollup<StreamStatusOf> {
    return rollup(this.streams().map((stream) => ({ state: stream.ownState, transitionTime: stream.ownTransitionTime, stream })));
  }

  /** The service's last seq: its own samples and its endpoints' share one sequence. */
  get lastSeq(): number {
    return this.endpointSet ? Math.max(this.ownLastSeq, this.endpointSet.lastSeq) : this.ownLastSeq;
  }

  /** The oldest seq any of its windows still holds (retention keeps everything from there). */
  get windowFrontSeq(): number | null {
    const own = this.ownWindowFrontSeq;
    if (!this.endpointSet) return own;
    const theirs = this.endpointSet.windowFrontSeq;
    if (own === null) return theirs;
    return theirs === null ? own : Math.min(own, theirs);
  }

  /** While learning: the fewest samples any of its streams still needs before it has a baseline. */
  get samplesUntilBaseline(): number {
    if (!this.endpointSet) return this.detector.samplesUntilBaseline;
    let fewest = Infinity;
    for (const s of this.streams()) fewest = Math.min(fewest, s.detector.samplesUntilBaseline);
    return fewest;
  }

  /**
   * The detector streams the service's answers roll up: every endpoint, and its own detector
   * when it has samples of its own (or nothing else).
   */
  streams(): MonitoredService[] {
    const endpoints = this.endpointSet ? Array.from(this.endpointSet.values()) : [];
    return this.ownSampleCount > 0 || endpoints.length === 0 ? [this as MonitoredService, ...endpoints] : endpoints;
  }

  /** This detector's own answers (for an endpoint stream, the endpoint's), loaded or not. */
  get ownState(): HealthState {
    return this.live ? this.live.state : this.summaryState;
  }

  get ownSampleCount(): number {
    return this.live ? this.live.sampleCount : this.summarySampleCount;
  }

  get ownTransitionTime(): number | null {
    return this.live ? this.live.transitionTime : this.summaryTransitionTimeMs;
  }

  get ownLastSeq(): number {
    return this.live ? this.live.lastSeq : this.summaryLastSeq;
  }

  get ownWindowFrontSeq(): number | null {
    return this.live ? this.live.windowFrontSeq : this.summaryWindowFrontSeq;
  }
}

function summarize(d: ServiceDetector): ServiceSummary {
  return { state: d.state, sampleCount: d.sampleCount, transitionTimeMs: d.transitionTime, lastSeq: d.lastSeq, windowFrontSeq: d.windowFrontSeq, maxTimeMs: d.maxTime };
}
