import type { HealthState } from './engine/drift-state';
import type { DetectorState } from './engine/detector-state';
import type { ServiceDetector } from './engine/service-detector';

/**
 * What is kept of a service whose detector is not in memory: the answers to the light questions
 * (listing, retention, ordering checks). About a hundred bytes, against ~2 KB for a live detector
 * with one sample and ~20 KB for one with a full window.
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
  private summary: ServiceSummary | null;
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
    this.summary = isLive ? null : (source as ServiceSummary);
    const max = isLive ? (source as ServiceDetector).maxTime : (source as ServiceSummary).maxTimeMs;
    this.newestAcceptedMs = max ?? -Infinity;
  }

  /** The live detector, loaded from storage if it is not in memory. */
  get detector(): ServiceDetector {
    if (this.live === null) {
      this.live = this.host.load(this);
      this.summary = null;
    }
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
    this.summary = {
      state: d.state,
      sampleCount: d.sampleCount,
      transitionTimeMs: d.transitionTime,
      lastSeq: d.lastSeq,
      windowFrontSeq: d.windowFrontSeq,
      maxTimeMs: d.maxTime,
    };
    this.live = null;
  }

  get state(): HealthState {
    return this.live ? this.live.state : (this.summary as ServiceSummary).state;
  }

  get sampleCount(): number {
    return this.live ? this.live.sampleCount : (this.summary as ServiceSummary).sampleCount;
  }

  get transitionTime(): number | null {
    return this.live ? this.live.transitionTime : (this.summary as ServiceSummary).transitionTimeMs;
  }

  get lastSeq(): number {
    return this.live ? this.live.lastSeq : (this.summary as ServiceSummary).lastSeq;
  }

  get windowFrontSeq(): number | null {
    return this.live ? this.live.windowFrontSeq : (this.summary as ServiceSummary).windowFrontSeq;
  }
}
