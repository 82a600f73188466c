import { OTHER_ENDPOINT } from './engine/endpoint-rollup';
import type { MonitoredService } from './monitored-service';

/**
 * A service's endpoint detectors by endpoint name, and the highest seq they have used: a
 * service's samples share one sequence whichever detector scores them, so the next seq must not
 * cost a scan of fifty endpoints per sample.
 */
export class ServiceEndpoints {
  private readonly byName = new Map<string, MonitoredService>();
  private highestSeq = 0;

  get size(): number {
    return this.byName.size;
  }

  /** Endpoints with a name of their own (the shared `_other` does not count against the cap). */
  get namedCount(): number {
    return this.byName.has(OTHER_ENDPOINT) ? this.byName.size - 1 : this.byName.size;
  }

  get lastSeq(): number {
    return this.highestSeq;
  }

  get sampleCount(): number {
    let n = 0;
    for (const s of this.byName.values()) n += s.ownSampleCount;
    return n;
  }

  get windowFrontSeq(): number | null {
    let front: number | null = null;
    for (const s of this.byName.values()) {
      const f = s.ownWindowFrontSeq;
      if (f !== null && (front === null || f < front)) front = f;
    }
    return front;
  }

  find(name: string): MonitoredService | undefined {
    return this.byName.get(name);
  }

  values(): IterableIterator<MonitoredService> {
    return this.byName.values();
  }

  add(stream: MonitoredService): void {
    this.byName.set(stream.name, stream);
    this.noteSeq(stream.ownLastSeq);
  }

  /** Records that an endpoint detector has scored the sample with this seq. */
  noteSeq(seq: number): void {
    if (seq > this.highestSeq) this.highestSeq = seq;
  }
}
