/**
 * The z-scores of the last `capacity` samples of both metrics, oldest overwritten first. A
 * drifting service keeps them so that, when a drift has lasted long enough to be relearned, it
 * can tell whether the service has left its baseline or is back on it.
 */
export class RecentScores {
  private readonly z: [Float64Array, Float64Array];
  private pos = 0;
  private fill = 0;

  constructor(readonly capacity: number) {
    this.z = [new Float64Array(capacity), new Float64Array(capacity)];
  }

  get size(): number {
    return this.fill;
  }

  push(zLatency: number, zPayload: number): void {
    this.z[0][this.pos] = zLatency;
    this.z[1][this.pos] = zPayload;
    this.pos = this.pos + 1 === this.capacity ? 0 : this.pos + 1;
    if (this.fill < this.capacity) this.fill++;
  }

  clear(): void {
    this.pos = 0;
    this.fill = 0;
  }

  /** Whether the mean z of the stored samples is within ±`bound` on both metrics (false while none is stored). */
  meanWithin(bound: number): boolean {
    if (this.fill === 0) return false;
    for (const z of this.z) {
      let sum = 0;
      for (let i = 0; i < this.fill; i++) sum += z[i];
      if (!(Math.abs(sum / this.fill) <= bound)) return false;
    }
    return true;
  }

  /** Oldest first, per metric. */
  export(): [number[], number[]] {
    const out: [number[], number[]] = [[], []];
    const start = this.fill < this.capacity ? 0 : this.pos;
    for (let i = 0; i < this.fill; i++) {
      const at = (start + i) % this.capacity;
      out[0].push(this.z[0][at]);
      out[1].push(this.z[1][at]);
    }
    return out;
  }

  import(scores: [number[], number[]] | undefined): void {
    this.clear();
    if (!scores) return;
    const n = Math.min(scores[0].length, scores[1].length);
    for (let i = Math.max(0, n - this.capacity); i < n; i++) this.push(scores[0][i], scores[1][i]);
  }
}
