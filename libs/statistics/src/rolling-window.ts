const TWO_32 = 2 ** 32;
/** seq low bits, time low bits, latency, payload: 4 bytes each. */
const BYTES_PER_SAMPLE = 16;

/**
 * The baseline window: the last `capacity` accepted samples of one service, none older than
 * `maxAgeMs` by sample time. 16 bytes a sample, so ten thousand full windows take 160 MB:
 * latency and payload as float32 (every path, HTTP, replay and restart, shares that rounding, so
 * results stay identical), and sequence number and time as their low 32 bits. Full values are
 * recovered from the newest sample's (kept exactly): a window never spans 2^32 samples, and a
 * time is exact within ±24 days of the newest one (the API accepts timestamps at most 7 days old).
 * The recovery depends only on the samples the window holds, so a restored window behaves
 * exactly like the live one.
 */
export class RollingWindow {
  private readonly seqLow: Uint32Array;
  private readonly timeLow: Uint32Array;
  private readonly latencies: Float32Array;
  private readonly payloads: Float32Array;
  private head = 0;
  private count = 0;
  private newestSeq = 0;
  private newestTimeMs = 0;

  constructor(
    readonly capacity: number,
    readonly maxAgeMs: number,
  ) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`window capacity must be >= 1, got ${capacity}`);
    // One allocation for the four columns: each typed array has its own native backing store, and
    // with 10 000 services the allocator's per-block overhead alone was ~1 KB a service.
    const buffer = new ArrayBuffer(capacity * BYTES_PER_SAMPLE);
    this.seqLow = new Uint32Array(buffer, 0, capacity);
    this.timeLow = new Uint32Array(buffer, 4 * capacity, capacity);
    this.latencies = new Float32Array(buffer, 8 * capacity, capacity);
    this.payloads = new Float32Array(buffer, 12 * capacity, capacity);
  }

  get size(): number {
    return this.count;
  }

  /** Sequence number of the oldest sample still in the window, or `null` when empty. */
  get frontSeq(): number | null {
    if (this.count === 0) return null;
    return this.newestSeq - (((this.newestSeq % TWO_32) - this.seqLow[this.head] + TWO_32) % TWO_32);
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
    this.seqLow[slot] = seq >>> 0;
    this.timeLow[slot] = timeMs >>> 0;
    this.newestSeq = seq;
    this.newestTimeMs = timeMs;
    this.latencies[slot] = latency;
    this.payloads[slot] = payload;
  }

  /**
   * Drops samples from the front (oldest arrival first) while they are older than `nowMs - maxAgeMs`
   * and more than `keepAtLeast` remain.
   * Front-only eviction keeps the window a contiguous run of accepted samples, which is what lets
   * a restart rebuild it from storage exactly.
   */
  evictExpired(nowMs: number, keepAtLeast = 0): number {
    const cutoff = nowMs - this.maxAgeMs;
    let evicted = 0;
    while (this.count > keepAtLeast && this.timeAt(this.head) < cutoff) {
      this.head = (this.head + 1) % this.capacity;
      this.count--;
      evicted++;
    }
    return evicted;
  }

  /** Sample time of a slot: the newest time plus the signed 32-bit difference of the low bits. */
  private timeAt(slot: number): number {
    return this.newestTimeMs + ((this.timeLow[slot] - (this.newestTimeMs >>> 0)) | 0);
  }

  /** Average time between the window's samples (0 with fewer than two). */
  meanIntervalMs(): number {
    if (this.count < 2) return 0;
    return (this.newestTimeMs - this.timeAt(this.head)) / (this.count - 1);
  }

  clear(): void {
    this.head = 0;
    this.count = 0;
  }

  /** Copies the sample times, oldest first, into `out`; returns the count. */
  copyTimes(out: Float64Array): number {
    for (let i = 0, idx = this.head; i < this.count; i++) {
      out[i] = this.timeAt(idx);
      idx = idx + 1 === this.capacity ? 0 : idx + 1;
    }
    return this.count;
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
