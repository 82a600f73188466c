import { DRIFT_CONFIG_DEFAULTS } from '@app/config';
import { HealthState } from '@app/health/engine';
import { ReplayRunner } from './replay-runner';

describe(ReplayRunner.name, () => {
  it('should keep one detector and one seq per service and sum time in drift', () => {
    const sut = new ReplayRunner(DRIFT_CONFIG_DEFAULTS);
    const ready = DRIFT_CONFIG_DEFAULTS.minSamplesForBaseline;
    const seen: Array<[string, number | null, HealthState]> = [];
    for (let i = 0; i < ready + 20; i++) {
      for (const serviceId of ['a', 'b']) {
        const spike = serviceId === 'b' && i >= ready;
        const t = sut.feed({ serviceId, timeMs: i * 1000, latency: spike ? 1e6 : 100 + (i % 2), payload: 1 });
        if (t) seen.push([t.serviceId, t.transition.seq, t.transition.to]);
      }
    }
    const severe = DRIFT_CONFIG_DEFAULTS.driftConsecutiveThreshold;
    expect(seen).toEqual([
      ['a', ready, HealthState.STABLE],
      ['b', ready, HealthState.STABLE],
      ['b', ready + severe, HealthState.DRIFT_DETECTED],
    ]);
    const summary = sut.summary(3);
    expect(summary).toMatchObject({ samples: 2 * (ready + 20), services: 2, transitions: 3, badRowsSkipped: 3 });
    expect(summary.driftMs).toBe((20 - severe) * 1000);
  });
});
