import { DRIFT_CONFIG_DEFAULTS } from '@app/config';
import { DailyProfile } from './daily-profile';

const MIN = 60_000;
const DAY = 86_400_000;
const T0 = Date.UTC(2024, 0, 1);

/** Feeds `days` of 5-minute samples: latency = base + amplitude × daily sine + a small wobble. */
function feed(profile: DailyProfile, days: number, amplitude: number, base = 100, start = T0): number {
  let t = start;
  for (let i = 0; t < start + days * DAY; i++, t += 5 * MIN) {
    const phase = (2 * Math.PI * (t % DAY)) / DAY;
    profile.add(t, base + amplitude * Math.sin(phase) + ((i * 7919) % 13) / 13 - 0.5, 10);
  }
  return t;
}

describe(DailyProfile.name, () => {
  const settings = DRIFT_CONFIG_DEFAULTS;

  it('should not be used before it spans DAILY_PROFILE_MIN_DAYS', () => {
    const sut = new DailyProfile(settings);
    const t = feed(sut, settings.dailyProfileMinDays - 0.1, 30);
    expect(sut.explained(0)).toBeGreaterThan(0.9);
    expect(sut.statsFor(0, t)).toBeNull();
  });

  it('should score a metric with a daily cycle against its hour once it spans enough days', () => {
    const sut = new DailyProfile(settings);
    feed(sut, settings.dailyProfileMinDays + 0.5, 30);
    const sixAm = T0 + 3 * DAY + 6 * 60 * MIN; // sin peaks at 06:00 UTC
    const stats = sut.statsFor(0, sixAm);
    expect(stats?.hourUtc).toBe(6);
    expect(stats?.mean).toBeGreaterThan(125);
    expect(stats?.stddev).toBeLessThan(3);
    // payload never varies with the hour: it stays on the window.
    expect(sut.statsFor(1, sixAm)).toBeNull();
    expect(sut.isActive(1)).toBe(false);
  });

  it('should never be used for a metric the hour does not explain', () => {
    const sut = new DailyProfile(settings);
    const t = feed(sut, 5, 0);
    expect(sut.explained(0)).toBeLessThan(settings.dailyProfileMinExplained);
    expect(sut.statsFor(0, t)).toBeNull();
  });

  it('should forget old days with the configured half-life', () => {
    const sut = new DailyProfile(settings);
    const t = feed(sut, 3, 30, 100);
    // Right after a level shift the hour no longer explains the variance: back to the window.
    const shifted = feed(sut, 1, 30, 200, t);
    expect(sut.statsFor(0, shifted)).toBeNull();
    // Five half-lives later the old level weighs ~3 %: the profile is back, at the new level.
    const later = feed(sut, 5 * settings.dailyProfileHalfLifeDays, 30, 200, shifted);
    const noon = later + 12 * 60 * MIN;
    expect(sut.statsFor(0, noon)?.mean).toBeGreaterThan(190);
  });

  it('should restore exactly from its exported state', () => {
    const sut = new DailyProfile(settings);
    const t = feed(sut, 3, 30);
    const copy = new DailyProfile(settings);
    copy.importState(JSON.parse(JSON.stringify(sut.exportState())));
    expect(copy.statsFor(0, t)).toEqual(sut.statsFor(0, t));
    expect(copy.explained(0)).toBe(sut.explained(0));
    expect(copy.daysSpanned).toBe(sut.daysSpanned);
  });

  it('should measure the autocorrelation of the residuals from the hour, not of the cycle', () => {
    const sut = new DailyProfile(settings);
    const end = feed(sut, 3, 30);
    // One day of the same cycle: raw values are strongly autocorrelated, residuals are the wobble.
    const n = 288;
    const values = new Float64Array(n);
    const times = new Float64Array(n);
    for (let k = 0; k < n; k++) {
      times[k] = end + k * 5 * MIN;
      values[k] = 100 + 30 * Math.sin((2 * Math.PI * (times[k] % DAY)) / DAY) + ((k * 7919) % 13) / 13 - 0.5;
    }
    const raw = Array.from(values);
    const mean = raw.reduce((a, b) => a + b, 0) / n;
    let lagged = 0;
    let squares = 0;
    for (let k = 0; k < n; k++) {
      squares += (raw[k] - mean) ** 2;
      if (k > 0) lagged += (raw[k] - mean) * (raw[k - 1] - mean);
    }
    expect(lagged / squares).toBeGreaterThan(0.95);
    expect(sut.residualRho(0, values, times, n)).toBeLessThan(0.6);
  });

  it('should be off with DAILY_PROFILE_MIN_DAYS = 0', () => {
    const sut = new DailyProfile({ ...settings, dailyProfileMinDays: 0 });
    const t = feed(sut, 4, 30);
    expect(sut.statsFor(0, t)).toBeNull();
  });
});
