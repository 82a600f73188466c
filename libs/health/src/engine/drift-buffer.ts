import type { WindowSample } from './detector-state';

/** The serialisable state of a `DriftBuffer`: its samples, oldest first. */
export interface DriftBufferState {
  seq: number[];
  timeMs: number[];
  latency: number[];
  /** null for a sample without payload. */
  payload: (number | null)[];
}

/** What the buffer needs of a metric's model: the expected level + shape at a time. */
export interface BaseSource {
  base(timeMs: number): number;
}

/**
 * The last samples of the current drift, kept in case the change turns out to be the service's
 * new normal (they then become its baseline window). Values are kept as float32, like the window,
 * so a restart and a replay adopt bit-identical samples.
 */
const EMPTY_F64 = new Float64Array(0);
const EMPTY_F32 = new Float32Array(0);

export class DriftBuffer {
  // Allocated on the first drift: most services never drift, and 100 samples cost 2.4 KB each.
  // Until then the columns share empty arrays: a typed array costs ~150 bytes even when empty.
  private seqs: Float64Array | null = null;
  private times = EMPTY_F64;
  private latencies = EMPTY_F32;
  private payloads = EMPTY_F32;
  private pos = 0;
  private fill = 0;

  constructor(readonly capacity: number) {}

  get size(): number {
    return this.fill;
  }

  push(seq: number, timeMs: number, latency: number, payload: number): void {
    if (this.seqs === null) {
      this.seqs = new Float64Array(this.capacity);
      this.times = new Float64Array(this.capacity);
      this.latencies = new Float32Array(this.capacity);
      this.payloads = new Float32Array(this.capacity);
    }
    this.seqs[this.pos] = seq;
    this.times[this.pos] = timeMs;
    this.latencies[this.pos] = latency;
    this.payloads[this.pos] = payload;
    this.pos = this.pos + 1 === this.capacity ? 0 : this.pos + 1;
    if (this.fill < this.capacity) this.fill++;
  }

  clear(): void {
    this.pos = 0;
    this.fill = 0;
  }

  /** Visits the samples oldest first. */
  forEach(visit: (s: WindowSample) => void): void {
    const start = this.fill < this.capacity ? 0 : this.pos;
    for (let i = 0; i < this.fill; i++) {
      const at = (start + i) % this.capacity;
      visit({ seq: (this.seqs as Float64Array)[at], timeMs: this.times[at], latency: this.latencies[at], payload: this.payloads[at] });
    }
  }

  /**
   * Whether the buffer is full and holds one level, not a change still under way: on each metric,
   * the means of its two halves (deviations from `models`' level + shape) differ by at most
   * `limit` standard errors, the error widened for the buffer's own autocorrelation.
   */
  settled(models: readonly [BaseSource, BaseSource], limit: number): boolean {
    if (this.fill < this.capacity) return false;
    for (let metric = 0; metric < 2; metric++) {
      const r: number[] = [];
      this.forEach((s) => {
        const x = metric === 0 ? s.latency : s.payload;
        const base = models[metric].base(s.timeMs);
        if (Number.isFinite(x) && Number.isFinite(base)) r.push(x - base);
      });
      if (r.length >= 4 && !halvesAgree(r, limit)) return false;
    }
    return true;
  }

  exportState(): DriftBufferState {
    const out: DriftBufferState = { seq: [], timeMs: [], latency: [], payload: [] };
    this.forEach((s) => {
      out.seq.push(s.seq);
      out.timeMs.push(s.timeMs);
      out.latency.push(s.latency);
      out.payload.push(Number.isFinite(s.payload) ? s.payload : null);
    });
    return out;
  }

  importState(state: DriftBufferState): void {
    this.clear();
    for (let i = 0; i < state.seq.length; i++) {
      const p = state.payload[i];
      this.push(state.seq[i], state.timeMs[i], state.latency[i], p === null ? NaN : p);
    }
  }
}

/** Two-sample test of the halves' means, the standard error inflated by √((1+ρ)/(1−ρ)) for lag-1 ρ. */
function halvesAgree(r: number[], limit: number): boolean {
  const n = r.length;
  const h = Math.floor(n / 2);
  let m1 = 0;
  let m2 = 0;
  for (let i = 0; i < h; i++) m1 += r[i];
  for (let i = h; i < n; i++) m2 += r[i];
  m1 /= h;
  m2 /= n - h;
  // Deviations from each half's own mean, so a step between the halves does not pass for correlation.
  let ss = 0;
  let lag = 0;
  let prev = 0;
  for (let i = 0; i < n; i++) {
    const d = r[i] - (i < h ? m1 : m2);
    ss += d * d;
    if (i > 0) lag += d * prev;
    prev = d;
  }
  const rho = ss > 0 ? Math.max(0, Math.min(0.95, lag / ss)) : 0;
  const sd = Math.sqrt(ss / (n - 2));
  const se = sd * Math.sqrt(1 / h + 1 / (n - h)) * Math.sqrt((1 + rho) / (1 - rho));
  if (se === 0) return m1 === m2;
  return Math.abs(m2 - m1) <= limit * se;
}
