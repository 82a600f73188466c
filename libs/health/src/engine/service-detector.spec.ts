import { DRIFT_CONFIG_DEFAULTS, DetectorConfig } from '@app/config';
import { HealthState, Transition } from './drift-state';
import { DetectorStateError, parseDetectorState, WindowSample } from './detector-state';
import { ServiceDetector } from './service-detector';

const config: DetectorConfig = DRIFT_CONFIG_DEFAULTS;

/** Deterministic PRNG (mulberry32) and a Gaussian from it (Box–Muller). */
function rng(seed: number): { uniform(): number; normal(): number } {
  let a = seed >>> 0;
  const uniform = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { uniform, normal: () => Math.sqrt(-2 * Math.log(1 - uniform())) * Math.cos(2 * Math.PI * uniform()) };
}

/** Feeds samples 1 s apart; returns every transition with the index of the sample that caused it. */
function feed(d: ServiceDetector, values: [number, number][], start = 0, stepMs = 1000): { i: number; t: Transition }[] {
  const out: { i: number; t: Transition }[] = [];
  values.forEach(([l, p], k) => {
    const seq = d.lastSeq + 1;
    const t = d.observe(seq, (start + k) * stepMs, l, p);
    if (t) out.push({ i: start + k, t });
  });
  return out;
}

const normal = (n: number, seed: number, mean = 150, sd = 10): [number, number][] => {
  const r = rng(seed);
  return Array.from({ length: n }, () => [mean + sd * r.normal(), 2 + 0.2 * r.normal()]);
};

describe(ServiceDetector.name, () => {
  describe("the seed's contract (independent traffic, no cycle)", () => {
    it('should be STABLE at exactly the 100th sample, for every seed', () => {
      for (let seed = 1; seed <= 20; seed++) {
        const d = new ServiceDetector(config);
        const transitions = feed(d, normal(100, seed));
        expect(transitions).toHaveLength(1);
        expect(transitions[0].t.reason).toBe('baseline_ready');
        expect(transitions[0].i).toBe(99);
      }
    });

    it("should score z = (x − μ) / σ against the window's plain mean and σ (no shape, no autocorrelation)", () => {
      const d = new ServiceDetector(config);
      feed(d, normal(1000, 7));
      const s = d.snapshot!;
      expect(s.latency.model!.season).toBe('none');
      expect(s.latency.model!.phi).toBe(0);
      expect(s.latency.model!.scale).toBeCloseTo(s.latency.stddev, 9);
      expect(s.latency.model!.level).toBeCloseTo(s.latency.mean, 9);
      d.observe(d.lastSeq + 1, 1_000_000, s.latency.mean + 2 * s.latency.stddev, 2);
      expect(d.lastZLatency).toBeCloseTo(2, 6);
    });

    it('should raise consecutive_severe_anomalies at the 5th sample of a ×3 spike, then recover after 50 calm samples', () => {
      const d = new ServiceDetector(config);
      feed(d, normal(500, 3));
      const spike = normal(20, 4).map(([l, p]) => [3 * l, p] as [number, number]);
      const raised = feed(d, spike, 500);
      expect(raised[0].t.reason).toBe('consecutive_severe_anomalies');
      expect(raised[0].i).toBe(504);
      expect(raised[0].t.metric).toBe('latency');
      const recovered = feed(d, normal(400, 5), 520);
      expect(recovered[0].t.reason).toBe('recovered');
      // 50 calm samples in a row (|z| ≤ 2) after the spike's last sample, at the earliest.
      expect(recovered[0].i).toBeGreaterThanOrEqual(569);
      expect(d.state).toBe(HealthState.STABLE);
    });

    it('should raise moderate_anomaly_density when half of 20 samples are moderately off', () => {
      const d = new ServiceDetector(config);
      feed(d, normal(500, 8));
      const s = d.snapshot!.latency;
      const mixed: [number, number][] = Array.from({ length: 20 }, (_, k) => [s.mean + (k % 2 === 0 ? 2.8 : 0) * s.stddev, 2]);
      const raised = feed(d, mixed, 500);
      expect(raised[0].t.reason).toBe('moderate_anomaly_density');
    });

    it('should stay STABLE on 200 000 samples of heavy-tailed (lognormal) traffic', () => {
      const d = new ServiceDetector(config);
      const r = rng(11);
      let alarms = 0;
      for (let i = 0; i < 200_000; i++) {
        const t = d.observe(i + 1, i * 100, 150 * Math.exp(0.5 * r.normal()), 2 + r.uniform());
        if (t && t.to === HealthState.DRIFT_DETECTED) alarms++;
      }
      expect(alarms).toBe(0);
    });
  });

  describe('tail drift', () => {
    it('should catch 5 % of requests becoming 3× slower within 1000 samples (150 ± 25 ms lognormal traffic), which the mean rules miss', () => {
      for (let seed = 21; seed <= 40; seed++) {
        const d = new ServiceDetector(config);
        const r = rng(seed);
        const sample = (slow: boolean): [number, number] => {
          const x = 150 * Math.exp(0.166 * r.normal());
          return [slow && r.uniform() < 0.05 ? 3 * x : x, 2];
        };
        feed(d, Array.from({ length: 2000 }, () => sample(false)));
        const raised = feed(d, Array.from({ length: 1000 }, () => sample(true)), 2000);
        expect(raised.length).toBeGreaterThan(0);
        expect(raised[0].t.to).toBe(HealthState.DRIFT_DETECTED);
      }
    });
  });

  describe('persistent change', () => {
    it('should find a 15 % creep within 300 samples of crossing +15 %', () => {
      const d = new ServiceDetector(config);
      feed(d, normal(1000, 31, 150, 15));
      const r = rng(32);
      // +50 % over 600 samples: +15 % is reached at sample 1180.
      const ramp: [number, number][] = Array.from({ length: 1000 }, (_, k) => [150 * (1 + 0.5 * Math.min(1, k / 600)) + 15 * r.normal(), 2]);
      const raised = feed(d, ramp, 1000);
      expect(raised[0].t.to).toBe(HealthState.DRIFT_DETECTED);
      expect(raised[0].i - 1180).toBeLessThanOrEqual(300);
    });

    it('should adopt a level shift that lasts as the new normal, once, and not alarm again on it', () => {
      const d = new ServiceDetector({ ...config, newNormalAfterMinutes: 10 });
      feed(d, normal(1000, 41));
      const shifted = feed(d, normal(3000, 42, 200, 10), 1000);
      expect(shifted.map((x) => x.t.reason)).toEqual(['consecutive_severe_anomalies', 'new_normal_adopted']);
      // The adopted window is the drift's last MIN_SAMPLES_FOR_BASELINE samples: no blind period.
      expect(shifted[1].t.count).toBe(100);
      expect(shifted[1].t.to).toBe(HealthState.STABLE);
      expect(d.snapshot!.latency.mean).toBeGreaterThan(190);
    });

    it('should never adopt a short incident on a busy service (NEW_NORMAL_AFTER_MINUTES)', () => {
      const d = new ServiceDetector(config);
      feed(d, normal(1000, 51), 0, 100);
      // 10 minutes of ×2 latency at 10 samples/s: 6000 samples, but less than an hour.
      const incident = feed(d, normal(6000, 52, 300, 20), 1000, 100);
      expect(incident.map((x) => x.t.reason)).toEqual(['consecutive_severe_anomalies']);
      const after = feed(d, normal(100, 53), 7000, 100);
      expect(after.map((x) => x.t.reason)).toEqual(['recovered']);
    });
  });

  describe('daily cycle', () => {
    it('should learn a daily shape and stay quiet on it, then flag a break in it', () => {
      const d = new ServiceDetector(config);
      const r = rng(61);
      const day = (k: number) => 100 + 60 * Math.sin((2 * Math.PI * k) / 288);
      const values: [number, number][] = Array.from({ length: 288 * 10 }, (_, k) => [day(k) + 4 * r.normal(), 1]);
      const learning = feed(d, values, 0, 300_000);
      const late = learning.filter((x) => x.i >= 288 * 4 && x.t.to === HealthState.DRIFT_DETECTED);
      expect(late).toEqual([]);
      expect(d.snapshot!.latency.model!.season).toBe('daily');
      const k0 = 288 * 10;
      const broken: [number, number][] = Array.from({ length: 60 }, (_, k) => [day(k0 + k) + 60 + 4 * r.normal(), 1]);
      const raised = feed(d, broken, k0, 300_000);
      expect(raised[0]?.t.to).toBe(HealthState.DRIFT_DETECTED);
    });
  });

  describe('a service without payload', () => {
    it('should watch latency alone and show no payload statistics', () => {
      const d = new ServiceDetector(config);
      feed(d, normal(300, 71).map(([l]) => [l, NaN] as [number, number]));
      expect(d.state).toBe(HealthState.STABLE);
      expect(d.snapshot!.payload).toBeNull();
      const raised = feed(d, normal(10, 72, 450).map(([l]) => [l, NaN] as [number, number]), 300);
      expect(raised[0].t.metric).toBe('latency');
      expect(raised[0].t.zPayload).toBeNull();
    });
  });

  describe('restart', () => {
    /** Runs `values` through one detector, and through one restored from its exported state every `every` samples. */
    function compare(values: [number, number][], every: number, cfg: DetectorConfig = config): void {
      const live = new ServiceDetector(cfg);
      let restored = new ServiceDetector(cfg);
      const window: WindowSample[] = [];
      values.forEach(([l, p], i) => {
        const a = live.observe(i + 1, i * 60_000, l, p);
        const b = restored.observe(i + 1, i * 60_000, l, p);
        expect(b).toEqual(a);
        if (restored.lastAccepted) window.push({ seq: i + 1, timeMs: i * 60_000, latency: Math.fround(l), payload: Math.fround(p) });
        if (b?.reason === 'new_normal_adopted') {
          // The adopted drift samples become the window (the committer marks them as baseline).
          const front = restored.windowFrontSeq!;
          window.length = 0;
          values.slice(front - 1, i + 1).forEach(([x, y], k) => window.push({ seq: front + k, timeMs: (front - 1 + k) * 60_000, latency: Math.fround(x), payload: Math.fround(y) }));
        }
        if ((i + 1) % every === 0) {
          const state = JSON.parse(JSON.stringify(restored.exportState())) as unknown;
          const front = restored.windowFrontSeq;
          restored = ServiceDetector.restore(cfg, state, front === null ? [] : window.filter((s) => s.seq >= front));
        }
      });
      expect(restored.exportState()).toEqual(live.exportState());
    }

    it('should give the same transitions after a restore as without one (drift, adoption and recovery)', () => {
      const values = [...normal(600, 81), ...normal(400, 82, 260, 10), ...normal(300, 83, 260, 10)];
      compare(values, 37, { ...config, newNormalAfterMinutes: 10 });
    });
  });

  describe('stored state', () => {
    it('should refuse a state of an unknown version or with a bad field, saying which', () => {
      const d = new ServiceDetector(config);
      feed(d, normal(150, 91));
      const good = JSON.parse(JSON.stringify(d.exportState())) as Record<string, unknown>;
      expect(() => parseDetectorState({ ...good, version: 9 })).toThrow(DetectorStateError);
      expect(() => parseDetectorState({ ...good, sampleCount: -1 })).toThrow(/sampleCount/);
      expect(() => parseDetectorState({ ...good, state: 'MAYBE' })).toThrow(/state/);
      expect(parseDetectorState(good).sampleCount).toBe(150);
    });

    it('should migrate a version 1 state: counts and state kept, the model refitted from the window', () => {
      const d = new ServiceDetector(config);
      const values = normal(300, 92);
      feed(d, values);
      const v1 = {
        version: 1,
        state: 'STABLE',
        transitionTimeMs: 99_000,
        sampleCount: 300,
        lastSeq: 300,
        maxTimeMs: 299_000,
        acceptedSinceRefresh: 0,
        driftSamples: 0,
        recoveryRun: 0,
        snapshot: { sampleCount: 300 },
        rules: [{}, {}],
        lastTransition: { from: 'INSUFFICIENT_DATA', to: 'STABLE', reason: 'baseline_relearn', timeMs: 99_000, dailyProfile: null },
        windowFrontSeq: 1,
        windowSize: 300,
      };
      const window = values.map(([l, p], i) => ({ seq: i + 1, timeMs: i * 1000, latency: Math.fround(l), payload: Math.fround(p) }));
      const restored = ServiceDetector.restore(config, v1, window);
      expect(restored.state).toBe(HealthState.STABLE);
      expect(restored.sampleCount).toBe(300);
      expect(restored.lastTransition!.reason).toBe('baseline_reset');
      expect(restored.snapshot!.latency.mean).toBeCloseTo(d.snapshot!.latency.mean, 3);
    });
  });
});
