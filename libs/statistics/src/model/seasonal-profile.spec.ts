import { PeriodProfile, SeasonalProfile, slotAt } from './seasonal-profile';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

describe(PeriodProfile.name, () => {
  it('should keep a mean and a spread per slot, and say how much of the variance the slots explain', () => {
    const p = new PeriodProfile(DAY, 24, 1000);
    for (let day = 0; day < 3; day++) {
      for (let h = 0; h < 24; h++) {
        // Hour h: value h, ± 0.5 within the hour.
        p.add(day * DAY + h * HOUR + 60_000, h - 0.5);
        p.add(day * DAY + h * HOUR + 120_000, h + 0.5);
      }
    }
    const offsets = p.offsets();
    expect(offsets[0]).toBeCloseTo(-11.5, 6);
    expect(offsets[23]).toBeCloseTo(11.5, 6);
    expect(p.spreads()[5]).toBeCloseTo(0.5, 6);
    expect(p.explained()).toBeGreaterThan(0.99);
    expect(p.covered(5.9)).toBe(true);
    expect(p.covered(6.1)).toBe(false);
  });

  it('should fade old periods with the half-life', () => {
    const p = new PeriodProfile(DAY, 24, 1);
    p.add(0, 10);
    p.add(DAY, 0);
    // One period later the first sample weighs half: (10·0.5 + 0) / 1.5.
    expect(p.offsets()[0] - p.offsets()[1]).toBeCloseTo(10 / 3, 6);
  });
});

describe(SeasonalProfile.name, () => {
  it('should allocate nothing for a metric that has not spanned an hour', () => {
    const p = new SeasonalProfile(24, 168, 4);
    for (let i = 0; i < 100; i++) p.add(i * 1000, 5);
    expect(p.daily).toBeNull();
    expect(p.exportState().daily).toBeNull();
    expect(p.select(2, 3, 0.5, 0.1)).toBe('none');
  });

  it('should choose the daily shape once two whole days explain the metric, and not before', () => {
    const p = new SeasonalProfile(24, 168, 4);
    const value = (t: number) => 100 + 50 * Math.sin((2 * Math.PI * t) / DAY);
    let t = 0;
    for (; t < 1.5 * DAY; t += 300_000) p.add(t, value(t));
    expect(p.select(2, 3, 0.5, 0.1)).toBe('none');
    for (; t < 3 * DAY; t += 300_000) p.add(t, value(t));
    expect(p.select(2, 3, 0.5, 0.1)).toBe('daily');
  });

  it('should learn at most one sample per spacing', () => {
    const p = new SeasonalProfile(24, 168, 1000, 60_000);
    for (let t = 0; t < 2 * HOUR; t += 1000) p.add(t, 1);
    const weights = p.exportState().daily?.weights ?? [];
    // Learned from the second hour on (the arrays exist from then), one sample a minute.
    expect(weights.reduce((a, b) => a + b, 0)).toBeCloseTo(60, 0);
  });

  it('should restore exactly what it exported', () => {
    const p = new SeasonalProfile(24, 168, 4);
    for (let t = 0; t < 3 * DAY; t += 600_000) p.add(t, t % 7);
    const copy = new SeasonalProfile(24, 168, 4);
    copy.importState(JSON.parse(JSON.stringify(p.exportState())));
    expect(copy.exportState()).toEqual(p.exportState());
  });

  it('should map a time to its slot, week slots starting at the epoch', () => {
    expect(slotAt(24, DAY, 5 * HOUR + 1)).toBe(5);
    expect(slotAt(168, 7 * DAY, DAY + 2 * HOUR)).toBe(26);
  });
});
