const TWO_32 = 2 ** 32;
/** seq low bits, time low bits, latency, payload: 4 bytes each. */
const BYTES_PER_SAMPLE = 16;
/**
 * Slots allocated for a new window. A service that sends one sample must not pay for a thousand
 * (16 KB each, 1.6 GB for 100 000 short-lived ids); storage doubles as samples arrive.
 */
const INITIAL_SLOTS = 8;

/**
 * The baseline window: the last `capacity` accepted samples of one service, none older than
 * `maxAgeMs` by sample time. 16 bytes a sample, so ten thousand full windows take 160 MB:
 * latency and payload as float32 (every path, HTTP, replay and restart, shares that rounding, so
 * results stay identical), and sequence number and time as their low 32 bits. Full values are
 * recovered from the newest sample's (kept exactly): a window never spans 2^32 samples, and a
 * time is exact within ±24 days of the newest one (the API accepts timestamps at most 7 days old).
 * The recovery depends only on the samples the window holds, so a restored window behaves
 * exactly like the live one. Storage grows on demand (doubling, up to `capacity`); the order of
 * the samples, and so every result, does not depend on how much is allocated.
 */
export class RollingWindow {
  /**
   * Two views over one buffer of four columns, `slots` long each: sequence low bits at [0, slots),
   * time low bits at [slots, 2·slots) (integers); latencies at [2·slots, 3·slots), payloads at
   * [3·slots, 4·slots) (floats). A typed-array view costs ~120 bytes of heap, as much as 8 samples.
   */
  private ints!: Uint32Array;
  private floats!: Float32Array;
  /** Slots allocated (≤ capacity). */
  private slots = 0;
  private head = 0;
  private count = 0;
  private newestSeq = 0;
  private newestTimeMs = 0;

  constructor(
    readonly capacity: number,
    readonly maxAgeMs: number,
  ) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`window capacity must be >= 1, got ${capacity}`);
    this.allocate(Math.min(capacity, INITIAL_SLOTS));
  }

  /** Slots currently allocated (what the window costs in memory: 16 bytes each). */
  get allocated(): number {
    return this.slots;
  }

  /** Reallocates to `slots` slots, the oldest sample moving to slot 0. */
  private allocate(slots: number): void {
    const old = this.slots > 0 ? { ints: this.ints, floats: this.floats, slots: this.slots } : null;
    // One allocation for the four columns: each typed array has its own native backing store, and
    // with 10 000 services the allocator's per-block overhead alone was ~1 KB a service.
    const buffer = new ArrayBuffer(slots * BYTES_PER_SAMPLE);
    this.ints = new Uint32Array(buffer);
    this.floats = new Float32Array(buffer);
    if (old) {
      for (let i = 0, idx = this.head; i < this.count; i++) {
        this.ints[i] = old.ints[idx];
        this.ints[slots + i] = old.ints[old.slots + idx];
        this.floats[2 * slots + i] = old.floats[2 * old.slots + idx];
        this.floats[3 * slots + i] = old.floats[3 * old.slots + idx];
        idx = idx + 1 === old.slots ? 0 : idx + 1;
      }
    }
    this.head = 0;
    this.slots = slots;
  }

  get size(): number {
    return this.count;
  }

  /** Sequence number of the oldest sample still in the window, or `null` when empty. */
  get frontSeq(): number | null {
    if (this.count === 0) return null;
    return this.newestSeq - (((this.newestSeq % TWO_32) - this.ints[this.head] + TWO_32) % TWO_32);
  }

  push(seq: number, timeMs: number, latency: number, payload: number): void {
    if (this.count === this.slots && this.slots < this.capacity) this.allocate(Math.min(this.capacity, 2 * this.slots));
    let slot: number;
    if (this.count === this.slots) {
      slot = this.head;
      this.head = (this.head + 1) % this.slots;
    } else {
      slot = (this.head + this.count) % this.slots;
      this.count++;
    }
    this.ints[slot] = seq >>> 0;
    this.ints[this.slots + slot] = timeMs >>> 0;
    this.newestSeq = seq;
    this.newestTimeMs = timeMs;
    this.floats[2 * this.slots + slot] = latency;
    this.floats[3 * this.slots + slot] = payload;
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
      this.head = (this.head + 1) % this.slots;
      this.count--;
      evicted++;
    }
    return evicted;
  }

  /** Sample time of a slot: the newest time plus the signed 32-bit difference of the low bits. */
  private timeAt(slot: number): number {
    return this.newestTimeMs + ((this.ints[this.slots + slot] - (this.newestTimeMs >>> 0)) | 0);
  }

  /** Average time between the window's samples (0 with fewer than two). */
  meanIntervalMs(): number {
    if (this.count < 2) return 0;
    return (this.newestTimeMs - this.timeAt(this.head)) / (this.count - 1);
  }

  /** Empties the window and gives back its storage (a reset service may never send again). */
  clear(): void {
    this.count = 0;
    this.allocate(Math.min(this.capacity, INITIAL_SLOTS));
  }

  /** Copies the sample times, oldest first, into `out`; returns the count. */
  copyTimes(out: Float64Array): number {
    for (let i = 0, idx = this.head; i < this.count; i++) {
      out[i] = this.timeAt(idx);
      idx = idx + 1 === this.slots ? 0 : idx + 1;
    }
    return this.count;
  }

  /** Copies the latencies (metric 0) or payloads (metric 1), oldest first, into `out`; returns the count. */
  copyValues(metric: 0 | 1, out: Float64Array): number {
    const source = this.floats;
    const base = (metric === 0 ? 2 : 3) * this.slots;
    for (let i = 0, idx = this.head; i < this.count; i++) {
      out[i] = source[base + idx];
      idx = idx + 1 === this.slots ? 0 : idx + 1;
    }
    return this.count;
  }
}
