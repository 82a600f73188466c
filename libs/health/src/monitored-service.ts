import { HealthState } from './engine/drift-state';
import type { DetectorState } from './engine/detector-state';
import type { ServiceDetector } from './engine/service-detector';
import { Rollup, rollup } from './engine/endpoint-rollup';
import { ServiceEndpoints } from './service-endpoints';

/** One stream's own status, for the roll-up, with the stream it came from. */
export interface StreamStatusOf {
  state: HealthState;
  transitionTime: number | null;
  stream: MonitoredService;
}

/**
 * A monitored service: its storage id, its name and its detector. After a restart the detector
 * is rebuilt on first use (its window is read from storage then); until then the light
 * questions (state, counts, the window's first sequence number) are answered from the stored
 * state, so listing services or running retention never pages in ten thousand windows.
 *
 * A service whose samples name endpoints also holds one detector per endpoint (`endpoints`);
 * its `detector` stays the one for samples without an endpoint, and the service-wide answers
 * (state, counts, seq) roll its own and its endpoints' up. A service that never sent an endpoint
 * answers from its own detector alone, exactly as before endpoints existed.
 */
export class MonitoredService {
  private live: ServiceDetector | null;
  private stored: DetectorState | null;
  private endpointSet: ServiceEndpoints | null = null;

  constructor(
    readonly id: number,
    readonly name: string,
    source: ServiceDetector | DetectorState,
    private readonly rebuild: (id: number, state: DetectorState) => ServiceDetector,
  ) {
    const isLive = typeof (source as ServiceDetector).observe === 'function';
    this.live = isLive ? (source as ServiceDetector) : null;
    this.stored = isLive ? null : (source as DetectorState);
  }

  /** The live detector, rebuilt from storage the first time it is needed. */
  get detector(): ServiceDetector {
    if (this.live === null) {
      this.live = this.rebuild(this.id, this.stored as DetectorState);
      this.stored = null;
    }
    return this.live;
  }

  get isLoaded(): boolean {
    return this.live !== null;
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

  /** This detector's own answers (for an endpoint stream, the endpoint's). */
  get ownState(): HealthState {
    return this.live ? this.live.state : (this.stored as DetectorState).state;
  }

  get ownSampleCount(): number {
    return this.live ? this.live.sampleCount : (this.stored as DetectorState).sampleCount;
  }

  get ownTransitionTime(): number | null {
    return this.live ? this.live.transitionTime : (this.stored as DetectorState).transitionTimeMs;
  }

  get ownLastSeq(): number {
    return this.live ? this.live.lastSeq : (this.stored as DetectorState).lastSeq;
  }

  get ownWindowFrontSeq(): number | null {
    return this.live ? this.live.windowFrontSeq : (this.stored as DetectorState).windowFrontSeq;
  }
}
