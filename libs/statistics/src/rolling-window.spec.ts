import { DRIFT_CONFIG_DEFAULTS } from '@app/config';
import { RollingWindow } from './rolling-window';

const HOUR_MS = 3_600_000;
const MAX_AGE_MS = DRIFT_CONFIG_DEFAULTS.baselineWindowHours * HOUR_MS;
const CAPACITY = DRIFT_CONFIG_DEFAULTS.baselineWindowSize;

function values(sut: RollingWindow, metric: 0 | 1): number[] {
  const out = new Float64Array(sut.capacity);
  return Array.from(out.subarray(0, sut.copyValues(metric, out)));
}

describe(RollingWindow.name, () => {
  describe('storage on demand', () => {
    it('should allocate a few slots for a new window and grow with its samples, up to capacity', () => {
      const sut = new RollingWindow(CAPACITY, MAX_AGE_MS);
      expect(sut.allocated).toBeLessThanOrEqual(8);
      sut.push(1, 1, 1, 1);
      expect(sut.allocated).toBeLessThanOrEqual(8);
      for (let seq = 2; seq <= 100; seq++) sut.push(seq, seq, seq, seq);
      expect(sut.allocated).toBeGreaterThanOrEqual(100);
      expect(sut.allocated).toBeLessThan(CAPACITY);
      for (let seq = 101; seq <= 3 * CAPACITY; seq++) sut.push(seq, seq, seq, seq);
      expect(sut.allocated).toBe(CAPACITY);
      sut.clear();
      expect(sut.allocated).toBeLessThanOrEqual(8);
    });

    it('should hold the same samples in the same order as a plain list, through growth, wrap-around, eviction and clear', () => {
      const capacity = 37;
      const maxAgeMs = 500;
      const sut = new RollingWindow(capacity, maxAgeMs);
      let reference: { seq: number; t: number; v: number }[] = [];
      let t = 0;
      for (let seq = 1; seq <= 2000; seq++) {
        // Irregular steps so age eviction removes varying numbers of samples, sometimes growing again after.
        t += (seq * 7919) % 23;
        if (seq % 700 === 0) {
          sut.clear();
          reference = [];
        }
        sut.push(seq, t, seq / 4, -seq / 8);
        reference.push({ seq, t, v: seq / 4 });
        if (reference.length > capacity) reference.shift();
        sut.evictExpired(t, 5);
        while (reference.length > 5 && reference[0].t < t - maxAgeMs) reference.shift();
        expect(sut.size).toBe(reference.length);
        expect(sut.frontSeq).toBe(reference[0].seq);
      }
      expect(values(sut, 0)).toEqual(reference.map((r) => r.v));
      const times = new Float64Array(capacity);
      expect(Array.from(times.subarray(0, sut.copyTimes(times)))).toEqual(reference.map((r) => r.t));
    });
  });

  describe('push', () => {
    it('should keep the last `capacity` samples, oldest first', () => {
      const sut = new RollingWindow(CAPACITY, MAX_AGE_MS);
      for (let seq = 1; seq <= CAPACITY; seq++) sut.push(seq, seq, seq, -seq);
      expect(sut.size).toBe(CAPACITY);
      expect(sut.frontSeq).toBe(1);

      sut.push(CAPACITY + 1, CAPACITY + 1, CAPACITY + 1, 0);

      expect(sut.size).toBe(CAPACITY);
      expect(sut.frontSeq).toBe(2);
      const latencies = values(sut, 0);
      expect(latencies[0]).toBe(2);
      expect(latencies[CAPACITY - 1]).toBe(CAPACITY + 1);
    });

    it('should recover exact sequence numbers beyond 2^32 from their low 32 bits', () => {
      const sut = new RollingWindow(3, MAX_AGE_MS);
      const start = 2 ** 32 - 2;
      for (let i = 0; i < 5; i++) sut.push(start + i, 1000 + i, 1, 1);
      expect(sut.frontSeq).toBe(start + 2);
    });

    it('should evict by exact sample time around wide epoch values and out-of-order samples', () => {
      const sut = new RollingWindow(CAPACITY, MAX_AGE_MS);
      const t0 = Date.UTC(2026, 10, 24);
      sut.push(1, t0, 1, 1);
      sut.push(2, t0 - 3 * 24 * HOUR_MS, 1, 1); // a late sample three days older, behind a newer front
      sut.push(3, t0 + MAX_AGE_MS - 1, 1, 1);
      expect(sut.evictExpired(t0 + MAX_AGE_MS - 1)).toBe(0);
      expect(sut.evictExpired(t0 + MAX_AGE_MS + 1)).toBe(2);
      expect(sut.frontSeq).toBe(3);
    });

    it('should store values as float32', () => {
      const sut = new RollingWindow(2, MAX_AGE_MS);
      sut.push(1, 0, 0.1, 0.2);
      expect(values(sut, 0)[0]).toBe(Math.fround(0.1));
      expect(values(sut, 1)[0]).toBe(Math.fround(0.2));
    });

    it('should reject a capacity below 1', () => {
      expect(() => new RollingWindow(0, MAX_AGE_MS)).toThrow(RangeError);
    });
  });

  describe('evictExpired', () => {
    it('should drop samples older than the maximum age by sample time, not before', () => {
      const sut = new RollingWindow(CAPACITY, MAX_AGE_MS);
      const t0 = Date.UTC(2024, 0, 1);
      sut.push(1, t0, 1, 0);
      sut.push(2, t0 + HOUR_MS, 2, 0);

      expect(sut.evictExpired(t0 + MAX_AGE_MS)).toBe(0);
      expect(sut.size).toBe(2);

      expect(sut.evictExpired(t0 + MAX_AGE_MS + 1)).toBe(1);
      expect(sut.frontSeq).toBe(2);
      expect(values(sut, 0)).toEqual([2]);
    });

    it('should empty the window when every sample is too old', () => {
      const sut = new RollingWindow(4, MAX_AGE_MS);
      for (let seq = 1; seq <= 4; seq++) sut.push(seq, seq, seq, 0);
      expect(sut.evictExpired(4 + MAX_AGE_MS + 1)).toBe(4);
      expect(sut.size).toBe(0);
      expect(sut.frontSeq).toBeNull();
    });
  });
});
