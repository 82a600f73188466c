import { DRIFT_CONFIG_DEFAULTS } from '@app/config';
import { MetricRules, RuleHit } from './metric-rules';

const cfg = DRIFT_CONFIG_DEFAULTS;

describe(MetricRules.name, () => {
  describe('wouldDrift (rules 1–3 on a replay of z-scores)', () => {
    it('should say no to calm scores and yes to five severe ones in a row', () => {
      const sut = new MetricRules(cfg);
      expect(sut.wouldDrift(Array.from({ length: 100 }, (_, i) => (i % 2 ? 1 : -1)))).toBe(false);
      const severe = cfg.driftZscoreThreshold + 0.5;
      expect(sut.wouldDrift([0, ...Array.from({ length: cfg.driftConsecutiveThreshold }, () => severe)])).toBe(true);
    });

    it('should see a shift through rule 3 only as strongly as this metric\'s autocorrelation allows', () => {
      const shifted = Array.from({ length: 100 }, () => cfg.gradualDriftK + 0.5);
      const independent = new MetricRules(cfg);
      const wandering = new MetricRules(cfg);
      wandering.setAutocorrelation(0.95);
      expect(independent.wouldDrift(shifted)).toBe(true);
      expect(wandering.wouldDrift(shifted)).toBe(false);
    });

    it('should leave the real counters untouched', () => {
      const sut = new MetricRules(cfg);
      sut.evaluate(cfg.driftZscoreThreshold + 1);
      const before = sut.exportState();
      sut.wouldDrift(Array.from({ length: 50 }, () => 10));
      expect(sut.exportState()).toEqual(before);
    });
  });

  describe('evaluate (rule 3, gradual drift)', () => {
    // A steady z of k + step raises the upper CUSUM by exactly `step` per sample.
    const step = 0.5;
    const z = cfg.gradualDriftK + step;
    const samplesToReachH = Math.ceil(cfg.gradualDriftH / step);

    beforeAll(() => {
      expect(z).toBeLessThan(cfg.driftModerateZscoreThreshold);
    });

    it('should not fire while the CUSUM is at or just below H', () => {
      const sut = new MetricRules(cfg);
      for (let i = 0; i < samplesToReachH; i++) expect(sut.evaluate(z)).toBe(RuleHit.NONE);
      expect(sut.cusum()).toBeLessThanOrEqual(cfg.gradualDriftH);
      expect(sut.cusum()).toBeGreaterThan(cfg.gradualDriftH - step - 1e-9);
    });

    it('should fire once the CUSUM is just above H', () => {
      const sut = new MetricRules(cfg);
      for (let i = 0; i < samplesToReachH; i++) sut.evaluate(z);
      expect(sut.evaluate(z)).toBe(RuleHit.GRADUAL);
      expect(sut.cusum()).toBeGreaterThan(cfg.gradualDriftH);
    });

    it('should watch downward shifts too', () => {
      const sut = new MetricRules(cfg);
      for (let i = 0; i < samplesToReachH; i++) expect(sut.evaluate(-z)).toBe(RuleHit.NONE);
      expect(sut.evaluate(-z)).toBe(RuleHit.GRADUAL);
    });

    it('should clip one huge outlier so it cannot raise gradual drift alone', () => {
      const sut = new MetricRules(cfg);
      expect(sut.evaluate(1e6)).toBe(RuleHit.NONE);
      expect(sut.cusum()).toBe(cfg.gradualDriftClip - cfg.gradualDriftK);
    });
  });

  describe('setAutocorrelation (rule 3 in series that wander)', () => {
    const z = cfg.gradualDriftK + 1;

    it('should leave the evidence of independent samples (ρ at or below the floor) untouched', () => {
      const plain = new MetricRules(cfg);
      const sut = new MetricRules(cfg);
      sut.setAutocorrelation(cfg.gradualDriftAutocorrelationFloor);
      for (let i = 0; i < 5; i++) {
        plain.evaluate(z);
        sut.evaluate(z);
      }
      expect(sut.cusum()).toBe(plain.cusum());
    });

    it('should discount each sample of a strongly autocorrelated series so a long run cannot fire', () => {
      const sut = new MetricRules(cfg);
      sut.setAutocorrelation(0.99);
      for (let i = 0; i < 10_000; i++) expect(sut.evaluate(z)).toBe(RuleHit.NONE);
      expect(sut.cusum()).toBe(0);
    });
  });

  describe('rule 4 memory', () => {
    const armed = (): MetricRules => {
      const sut = new MetricRules(cfg);
      for (let i = 0; i < cfg.minSamplesForBaseline; i++) sut.evaluate(i % 2 ? 1 : -1, true);
      return sut;
    };
    const extremeZ = cfg.extremePointZscore + 1;

    it('should outlive the reset of the other rules at a state change', () => {
      const sut = armed();
      sut.evaluate(extremeZ / cfg.extremePointNovelty + 0.5, true);
      sut.reset();
      expect(sut.evaluate(extremeZ, true)).toBe(RuleHit.NONE);
    });

    it('should forget a large |z| with a half-life of EXTREME_POINT_MEMORY_SAMPLES', () => {
      const sut = armed();
      sut.evaluate(extremeZ / cfg.extremePointNovelty + 0.5, true);
      // Four half-lives later the remembered |z| is a sixteenth of what it was.
      for (let i = 0; i < 4 * cfg.extremePointMemorySamples; i++) sut.evaluate(0, true);
      expect(sut.evaluate(extremeZ, true)).toBe(RuleHit.EXTREME);
    });

    it('should survive export and import', () => {
      const sut = armed();
      sut.evaluate(extremeZ / cfg.extremePointNovelty + 0.5, true);
      const restored = new MetricRules(cfg);
      restored.importState(JSON.parse(JSON.stringify(sut.exportState())));
      // The recent large |z| is remembered, and the count that arms the rule too.
      expect(restored.evaluate(extremeZ, true)).toBe(RuleHit.NONE);
      expect(restored.evaluate((extremeZ + 1) * cfg.extremePointNovelty, true)).toBe(RuleHit.EXTREME);
    });
  });

  describe('exportState / importState', () => {
    it('should round-trip through JSON and continue identically', () => {
      const zs = Array.from({ length: 200 }, (_, i) => Math.sin(i * 0.7) * 3.2);
      const a = new MetricRules(cfg);
      const hitsA = zs.map((z) => a.evaluate(z));
      const b = new MetricRules(cfg);
      const hitsB = zs.slice(0, 77).map((z) => b.evaluate(z));
      const sut = new MetricRules(cfg);
      sut.importState(JSON.parse(JSON.stringify(b.exportState())));
      hitsB.push(...zs.slice(77).map((z) => sut.evaluate(z)));
      expect(hitsB).toEqual(hitsA);
    });
  });
});
