import { SnapshotCalculator } from './baseline-snapshot';
import { RollingWindow } from './rolling-window';

describe(SnapshotCalculator.name, () => {
  it('should compute mean, sample sd, percentiles and MAD sigma of both metrics', () => {
    const window = new RollingWindow(10, 1e12);
    [1, 2, 3, 4, 5].forEach((v, i) => window.push(i + 1, i, v, v * 10));
    const sut = new SnapshotCalculator(10, { mad: true });

    const snap = sut.compute(window, 4);

    expect(snap.sampleCount).toBe(5);
    expect(snap.computedAtMs).toBe(4);
    expect(snap.latency.mean).toBe(3);
    expect(snap.latency.stddev).toBeCloseTo(Math.sqrt(2.5), 12);
    expect(snap.latency.p50).toBe(3);
    expect(snap.latency.p95).toBeCloseTo(4.8, 12);
    expect(snap.latency.p99).toBeCloseTo(4.96, 12);
    expect(snap.latency.madSigma).toBeCloseTo(1.4826, 12);
    expect(snap.payload?.mean).toBe(30);
  });

  it('should describe an absent payload (NaN in every sample) as null, and skip NaN among present ones', () => {
    const absent = new RollingWindow(10, 1e12);
    const mixed = new RollingWindow(10, 1e12);
    [1, 2, 3].forEach((v, i) => {
      absent.push(i + 1, i, v, NaN);
      mixed.push(i + 1, i, v, i === 1 ? NaN : v);
    });
    const sut = new SnapshotCalculator(10);
    expect(sut.compute(absent, 0).payload).toBeNull();
    expect(sut.compute(mixed, 0).payload?.mean).toBe(2);
  });

  describe('trimming gross outliers (trimSigma)', () => {
    // 1000 samples alternating 99/101 (σ ≈ 1), with `outliers` of them replaced by 1000.
    const windowWith = (outliers: number): RollingWindow => {
      const window = new RollingWindow(1000, 1e12);
      for (let i = 0; i < 1000; i++) window.push(i + 1, i, i < outliers ? 1000 : i % 2 ? 101 : 99, 5);
      return window;
    };

    it('should leave mean and σ out of reach of a few 10x outliers', () => {
      const sut = new SnapshotCalculator(1000);
      const untrimmed = sut.compute(windowWith(3), 0, null, 0).latency;
      const trimmed = sut.compute(windowWith(3), 0, null, 4).latency;
      expect(untrimmed.stddev).toBeGreaterThan(40);
      expect(trimmed.mean).toBeCloseTo(100, 1);
      expect(trimmed.stddev).toBeCloseTo(1, 2);
      // Percentiles still describe every sample in the window.
      expect(trimmed.p99).toBe(untrimmed.p99);
    });

    it('should change nothing when no value is that far out', () => {
      const sut = new SnapshotCalculator(1000);
      expect(sut.compute(windowWith(0), 0, null, 4)).toEqual(sut.compute(windowWith(0), 0, null, 0));
    });
  });

  it('should not modify the window', () => {
    const window = new RollingWindow(4, 1e12);
    [4, 3, 2, 1].forEach((v, i) => window.push(i + 1, i, v, 0));
    new SnapshotCalculator(1).compute(window, 0);
    const out = new Float64Array(4);
    window.copyValues(0, out);
    expect(Array.from(out)).toEqual([4, 3, 2, 1]);
  });
});

describe(`${SnapshotCalculator.name} percentiles`, () => {
  it('should match sort-based percentiles on random windows', () => {
    let seed = 99;
    const rand = (): number => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed / 4294967296;
    };
    for (const n of [1, 2, 3, 7, 100, 999, 1000]) {
      const window = new RollingWindow(1000, 1e12);
      for (let i = 0; i < n; i++) window.push(i + 1, i, Math.fround(Math.exp(rand() * 5)), 0);
      const values = new Float64Array(1000);
      const sorted = Array.from(values.subarray(0, window.copyValues(0, values))).sort((x, y) => x - y);
      const ref = (p: number): number => {
        const rank = p * (n - 1);
        const k = Math.floor(rank);
        return k + 1 < n ? sorted[k] + (rank - k) * (sorted[k + 1] - sorted[k]) : sorted[k];
      };
      const sut = new SnapshotCalculator(1000).compute(window, 0).latency;
      expect(sut.p50).toBeCloseTo(ref(0.5), 9);
      expect(sut.p95).toBeCloseTo(ref(0.95), 9);
      expect(sut.p99).toBeCloseTo(ref(0.99), 9);
    }
  });
});

describe(`${SnapshotCalculator.name} with the previous snapshot`, () => {
  it('should give exactly the full-selection result, whether or not the buckets hold the ranks', () => {
    let seed = 7;
    const rand = (): number => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed / 4294967296;
    };
    const window = new RollingWindow(1000, 1e12);
    const sut = new SnapshotCalculator(1000);
    const reference = new SnapshotCalculator(1000);
    let previous = null;
    for (let i = 0; i < 6000; i++) {
      // Normal noise, then a level shift, a spread change, heavy tails and a constant stretch.
      const phase = Math.floor(i / 1000);
      const noise = rand() + rand() + rand() - 1.5;
      const v = phase === 5 ? 42 : phase === 4 ? Math.exp(rand() * 6) : 100 + (phase >= 2 ? 50 : 0) + noise * (phase === 3 ? 40 : 10);
      window.push(i + 1, i, v, Math.floor(rand() * 4));
      if ((i + 1) % 50 === 0) {
        const fast = sut.compute(window, i, previous);
        expect(fast).toEqual(reference.compute(window, i));
        previous = fast;
      }
    }
  });
});
