import { SampleGenerator } from './sample-generator';
import { DEFAULT_PROFILE } from './traffic-profile';

function moments(values: number[]): { mean: number; sd: number; skew: number } {
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  const m2 = values.reduce((a, v) => a + (v - mean) ** 2, 0) / values.length;
  const m3 = values.reduce((a, v) => a + (v - mean) ** 3, 0) / values.length;
  return { mean, sd: Math.sqrt(m2), skew: m3 / m2 ** 1.5 };
}

describe(SampleGenerator.name, () => {
  describe('sample', () => {
    it('should replay the same samples for the same seed', () => {
      const a = new SampleGenerator(42, DEFAULT_PROFILE);
      const b = new SampleGenerator(42, DEFAULT_PROFILE);

      const first = Array.from({ length: 50 }, (_, i) => a.sample(i));

      expect(Array.from({ length: 50 }, (_, i) => b.sample(i))).toEqual(first);
    });

    it('should give sample i regardless of which samples were drawn before it', () => {
      const sut = new SampleGenerator(42, DEFAULT_PROFILE);
      const direct = sut.sample(500);

      for (let i = 0; i < 500; i++) sut.sample(i);

      expect(sut.sample(500)).toEqual(direct);
    });

    it('should give different traffic for a different seed', () => {
      const a = new SampleGenerator(1, DEFAULT_PROFILE).sample(0);
      const b = new SampleGenerator(2, DEFAULT_PROFILE).sample(0);

      expect(a).not.toEqual(b);
    });

    it('should produce right-skewed latency around 150 ± 25 ms and payload around 2.4 kB', () => {
      const sut = new SampleGenerator(7, DEFAULT_PROFILE);

      const samples = Array.from({ length: 50_000 }, (_, i) => sut.sample(i));
      const latency = moments(samples.map((s) => s.latencyMs));
      const payload = moments(samples.map((s) => s.payloadKb));

      expect(latency.mean).toBeCloseTo(150, -0.5);
      expect(latency.sd).toBeGreaterThan(23);
      expect(latency.sd).toBeLessThan(27);
      expect(latency.skew).toBeGreaterThan(0.3);
      expect(payload.mean).toBeCloseTo(2.4, 1);
      expect(Math.min(...samples.map((s) => s.latencyMs))).toBeGreaterThan(0);
    });

    it('should scale the latency distribution by the injected factor and leave payload alone', () => {
      const sut = new SampleGenerator(3, DEFAULT_PROFILE);

      const healthy = sut.sample(10);
      const spiked = sut.sample(10, 3);

      expect(spiked.latencyMs).toBeCloseTo(healthy.latencyMs * 3, 2);
      expect(spiked.payloadKb).toBe(healthy.payloadKb);
    });

    it('should add 5-10x latency outliers at the configured rate', () => {
      const clean = new SampleGenerator(9, DEFAULT_PROFILE);
      const sut = new SampleGenerator(9, { ...DEFAULT_PROFILE, outlierRate: 0.01 });

      const ratios = Array.from({ length: 20_000 }, (_, i) => sut.sample(i).latencyMs / clean.sample(i).latencyMs);
      const outliers = ratios.filter((r) => r > 1.001);

      expect(outliers.length).toBeGreaterThan(150);
      expect(outliers.length).toBeLessThan(250);
      expect(Math.min(...outliers)).toBeGreaterThanOrEqual(4.99);
      expect(Math.max(...outliers)).toBeLessThanOrEqual(10.01);
    });
  });
});
