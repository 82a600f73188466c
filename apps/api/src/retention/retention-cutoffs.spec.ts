import { DRIFT_CONFIG_DEFAULTS } from '@app/config';
import { retentionCutoffs } from './retention-cutoffs';

describe(retentionCutoffs.name, () => {
  it('should put the cutoffs the configured number of days before now', () => {
    const now = Date.parse('2026-11-24T12:00:00Z');
    const sut = retentionCutoffs(now, DRIFT_CONFIG_DEFAULTS.telemetryRetentionDays, DRIFT_CONFIG_DEFAULTS.driftEventsRetentionDays);
    expect(new Date(sut.telemetryBeforeMs).toISOString()).toBe('2026-11-17T12:00:00.000Z');
    expect(new Date(sut.eventsBeforeMs).toISOString()).toBe('2026-10-25T12:00:00.000Z');
  });

  it('should accept fractional days', () => {
    expect(retentionCutoffs(86_400_000, 0.5, 1)).toEqual({ telemetryBeforeMs: 43_200_000, eventsBeforeMs: 0 });
  });
});
