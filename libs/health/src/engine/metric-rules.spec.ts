import { DRIFT_CONFIG_DEFAULTS } from '@app/config';
import { MetricRules, RuleHit } from './metric-rules';

const cfg = DRIFT_CONFIG_DEFAULTS;

describe(MetricRules.name, () => {
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
