import { ExtremeSampleRule } from './extreme-sample-rule';
import { LevelShiftRule } from './level-shift-rule';
import { ModerateDensityRule } from './moderate-density-rule';
import { SevereRunRule } from './severe-run-rule';
import { TailRateRule } from './tail-rate-rule';

const feed = (rule: { evaluate(z: number): boolean }, zs: number[]): number => zs.findIndex((z) => rule.evaluate(z));

describe(SevereRunRule.name, () => {
  it('should fire on the 5th consecutive |z| > 3, and a calm sample restarts the run', () => {
    expect(feed(new SevereRunRule(3, 5), [4, -4, 5, 3.1, 6])).toBe(4);
    expect(feed(new SevereRunRule(3, 5), [4, 4, 4, 4, 1, 4, 4, 4, 4])).toBe(-1);
  });
});

describe(ModerateDensityRule.name, () => {
  it('should fire when 10 of the last 20 have |z| > 2.5', () => {
    const zs = Array.from({ length: 20 }, (_, i) => (i % 2 === 0 ? 2.6 : 0));
    expect(feed(new ModerateDensityRule(2.5, 10, 20), zs)).toBe(18);
    expect(feed(new ModerateDensityRule(2.5, 10, 20), zs.map((z) => (z > 0 ? 2.5 : 0)))).toBe(-1);
  });

  it('should restore its window from its state', () => {
    const rule = new ModerateDensityRule(2.5, 10, 20);
    feed(rule, [3, 3, 3, 0, 3]);
    const copy = new ModerateDensityRule(2.5, 10, 20);
    copy.importState(rule.exportState());
    expect(copy.evidence()).toEqual(rule.evidence());
  });
});

describe(LevelShiftRule.name, () => {
  it('should find a lasting +1.5σ shift, and never a single outlier', () => {
    const shift = new LevelShiftRule(0.75, 13, 3.5);
    const at = feed(shift, Array.from({ length: 100 }, () => 1.5));
    // (1.5 − 0.75) a sample: past 13 at the 18th.
    expect(at).toBe(17);
    expect(feed(new LevelShiftRule(0.75, 13, 3.5), [1000, 0, 0, 0])).toBe(-1);
  });
});

describe(TailRateRule.name, () => {
  it('should fire when the line is crossed four times as often, and not at the usual rate', () => {
    const usual = new TailRateRule(0.99, 4, 20);
    usual.setLine(2.33);
    const zs = Array.from({ length: 100_000 }, (_, i) => (i % 100 === 0 ? 3 : 0));
    expect(feed(usual, zs)).toBe(-1);
    const heavy = new TailRateRule(0.99, 4, 20);
    heavy.setLine(2.33);
    const at = feed(heavy, Array.from({ length: 2000 }, (_, i) => (i % 20 === 0 ? 3 : 0)));
    expect(at).toBeGreaterThan(0);
    expect(at).toBeLessThan(1000);
  });
});

describe(ExtremeSampleRule.name, () => {
  it('should fire on one score past the threshold', () => {
    const rule = new ExtremeSampleRule(5);
    expect(rule.evaluate(4.9)).toBe(false);
    expect(rule.evaluate(-5.1)).toBe(true);
    expect(rule.evidence()).toEqual({ count: 1, maxAbsZ: 5.1 });
  });
});
