/**
 * The baseline window: the last `capacity` accepted samples of one service, none older than
 * `maxAgeMs` by sample time. Values are kept in typed arrays (24 bytes a sample) so that ten
 * thousand full windows fit in a few hundred megabytes; latency and payload are stored as
 * float32, which every path (HTTP, replay, restart) shares, so results stay identical.
 */
export class RollingWindow {
  private readonly seqs: Float64Array;
  private readonly times: Float64Array;
  private readonly latencies: Float32Array;
  private readonly payloads: Float32Array;
  private head = 0;
  private count = 0;

  constructor(
    readonly capacity: number,
    readonly maxAgeMs: number,
  ) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`window capacity must be >= 1, got ${capacity}`);
    this.seqs = new Float64Array(capacity);
    this.times = new Float64Array(capacity);
    this.latencies = new Float32Array(capacity);
    this.payloads = new Float32Array(capacity);
  }

  get size(): number {
    return this.count;
  }

  /** Sequence number of the oldest sample still in the window, or `null` when empty. */
  get frontSeq(): number | null {
    return this.count === 0 ? null : this.seqs[this.head];
  }

  push(seq: number, timeMs: number, latency: number, payload: number): void {
    let slot: number;
    if (this.count === this.capacity) {
      slot = this.head;
      this.head = (this.head + 1) % this.capacity;
    } else {
      slot = (this.head + this.count) % this.capacity;
      this.count++;
    }
    this.seqs[slot] = seq;
    this.times[slot] = timeMs;
    this.latencies[slot] = latency;
    this.payloads[slot] = payload;
  }

  /**
   * Drops samples from the front (oldest arrival first) while they are older than `nowMs - maxAgeMs`.
   * Front-only eviction keeps the window a contiguous run of accepted samples, which is what lets
   * a restart rebuild it from storage exactly.
   */
  evictExpired(nowMs: number): number {
    const cutoff = nowMs - this.maxAgeMs;
    let evicted = 0;
    while (this.count > 0 && this.times[this.head] < cutoff) {
      this.head = (this.head + 1) % this.capacity;
      this.count--;
      evicted++;
    }
    return evicted;
  }

  clear(): void {
    this.head = 0;
    this.count = 0;
  }

  /** Copies the latencies (metric 0) or payloads (metric 1), oldest first, into `out`; returns the count. */
  copyValues(metric: 0 | 1, out: Float64Array): number {
    const source = metric === 0 ? this.latencies : this.payloads;
    for (let i = 0, idx = this.head; i < this.count; i++) {
      out[i] = source[idx];
      idx = idx + 1 === this.capacity ? 0 : idx + 1;
    }
    return this.count;
  }
}
