import type { HealthState } from './engine/drift-state';
import type { DetectorState } from './engine/detector-state';
import type { ServiceDetector } from './engine/service-detector';

/**
 * A monitored service: its storage id, its name and its detector. After a restart the detector
 * is rebuilt on first use (its window is read from storage then); until then the light
 * questions (state, counts, the window's first sequence number) are answered from the stored
 * state, so listing services or running retention never pages in ten thousand windows.
 */
export class MonitoredService {
  private live: ServiceDetector | null;
  private stored: DetectorState | null;

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

  get state(): HealthState {
    return this.live ? this.live.state : (this.stored as DetectorState).state;
  }

  get sampleCount(): number {
    return this.live ? this.live.sampleCount : (this.stored as DetectorState).sampleCount;
  }

  get transitionTime(): number | null {
    return this.live ? this.live.transitionTime : (this.stored as DetectorState).transitionTimeMs;
  }

  get lastSeq(): number {
    return this.live ? this.live.lastSeq : (this.stored as DetectorState).lastSeq;
  }

  get windowFrontSeq(): number | null {
    return this.live ? this.live.windowFrontSeq : (this.stored as DetectorState).windowFrontSeq;
  }
}
