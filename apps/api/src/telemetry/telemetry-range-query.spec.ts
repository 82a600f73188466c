import { formatStep, parseStep, resolveTelemetryRange } from './telemetry-range-query';

const settings = { telemetryReadDefaultRangeMinutes: 60, telemetryReadTargetBuckets: 1000, telemetryReadMaxBuckets: 10000, telemetryReadRawMaxHours: 6 };
const NOW = Date.parse('2026-12-02T10:00:07.500Z');

describe('telemetry range query', () => {
  it('should parse steps with a unit and refuse anything else', () => {
    expect(parseStep('500ms')).toBe(500);
    expect(parseStep('10s')).toBe(10_000);
    expect(parseStep('5m')).toBe(300_000);
    expect(parseStep('1h')).toBe(3_600_000);
    expect(parseStep('1d')).toBe(86_400_000);
    for (const bad of ['', '10', '1.5m', '-1m', '1w', 'm', '1 m']) expect(parseStep(bad)).toBeNaN();
    expect(formatStep(90_000)).toBe('90s');
    expect(formatStep(3_600_000)).toBe('1h');
    expect(formatStep(250)).toBe('250ms');
  });

  it('should default to the last hour at the finest step of at most 1000 buckets, aligned on the step', () => {
    const r = resolveTelemetryRange({}, NOW, settings);
    expect(r).toEqual({ fromMs: Date.parse('2026-12-02T09:00:05Z'), toMs: Date.parse('2026-12-02T10:00:10Z'), stepMs: 5000, buckets: 721 });
  });

  it('should pick whole minutes for a week (read from the rollup)', () => {
    const r = resolveTelemetryRange({ from: '2026-11-25T10:00:00Z', to: '2026-12-02T10:00:00Z' }, NOW, settings);
    expect(r).toMatchObject({ stepMs: 900_000, buckets: 672 });
  });

  it('should pick a whole-minute step past the raw range even when a finer one would fit the target', () => {
    const r = resolveTelemetryRange({ from: '2026-12-02T00:00:00Z', to: '2026-12-02T08:00:00Z' }, NOW, { ...settings, telemetryReadTargetBuckets: 5000 });
    expect(r).toMatchObject({ stepMs: 60_000, buckets: 480 });
  });

  it('should answer each bad input with one clear message', () => {
    expect(resolveTelemetryRange({ from: 'yesterday' }, NOW, settings)).toEqual({ errors: ['from must be an ISO-8601 time such as 2026-12-02T09:00:00Z'] });
    expect(resolveTelemetryRange({ to: '1764651600' }, NOW, settings)).toEqual({ errors: ['to must be an ISO-8601 time such as 2026-12-02T10:00:00Z'] });
    expect(resolveTelemetryRange({ step: 'fast' }, NOW, settings)).toEqual({ errors: ['step must be a whole number with a unit: 500ms, 10s, 1m, 1h or 1d'] });
    expect(resolveTelemetryRange({ step: '0s' }, NOW, settings)).toEqual({ errors: ['step must be a whole number with a unit: 500ms, 10s, 1m, 1h or 1d'] });
    expect(resolveTelemetryRange({ from: '2026-12-02T10:00:00Z', to: '2026-12-02T09:00:00Z' }, NOW, settings)).toEqual({ errors: ['from must be before to'] });
    const tooMany = resolveTelemetryRange({ from: '2026-11-25T00:00:00Z', to: '2026-12-02T00:00:00Z', step: '1m' }, NOW, settings);
    expect((tooMany as { errors: string[] }).errors[0]).toMatch(/10080 buckets, more than the limit of 10000/);
    const rawTooLong = resolveTelemetryRange({ from: '2026-12-01T00:00:00Z', to: '2026-12-02T00:00:00Z', step: '90s' }, NOW, settings);
    expect((rawTooLong as { errors: string[] }).errors[0]).toMatch(/at most 6 h \(this range is 24 h\)/);
  });
});
