import type { HealthState } from './engine/drift-state';
import type { DetectorState } from './engine/detector-state';
import type { ServiceDetector } from './engine/service-detector';

/**
 * What is kept of a service whose detector is not in memory: the answers to the light questions
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

/** How a service gets its detector back, and tells its owner it was used (idle eviction). */
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

/**
 * A monitored service: its storage id, its name and its detector. The detector is loaded on first
 * use (its stored state and window are read then) and unloaded again when the service idles (see
 * DetectorRegistry); until it is needed the light questions are answered from a summary, so
 * listing services or running retention never pages in ten thousand windows.
 */
export class MonitoredService {
  private live: ServiceDetector | null;
  // The summary while the detector is not loaded, as fields: 100 000 services, 100 000 fewer objects.
  private summaryState: HealthState;
  private summarySampleCount: number;
  private summaryTransitionTimeMs: number | null;
  private summaryLastSeq: number;
  private summaryWindowFrontSeq: number | null;
  /** Last use (ms), what idle eviction orders by. */
  lastUsedMs = 0;
  /**
   * Newest sample time accepted for the service, including samples still queued: what a late
   * sample is compared with (-Infinity: none).
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
   * Drops the detector from memory, keeping its summary. Only between group commits: the stored
   * state is then exactly the live one, so the next load resumes where this one stopped.
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

  get state(): HealthState {
    return this.live ? this.live.state : this.summaryState;
  }

  get sampleCount(): number {
    return this.live ? this.live.sampleCount : this.summarySampleCount;
  }

  get transitionTime(): number | null {
    return this.live ? this.live.transitionTime : this.summaryTransitionTimeMs;
  }

  get lastSeq(): number {
    return this.live ? this.live.lastSeq : this.summaryLastSeq;
  }

  get windowFrontSeq(): number | null {
    return this.live ? this.live.windowFrontSeq : this.summaryWindowFrontSeq;
  }
}

function summarize(d: ServiceDetector): ServiceSummary {
  return { state: d.state, sampleCount: d.sampleCount, transitionTimeMs: d.transitionTime, lastSeq: d.lastSeq, windowFrontSeq: d.windowFrontSeq, maxTimeMs: d.maxTime };
}
