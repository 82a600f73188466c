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

  it('should keep one detector per endpoint on the service\'s one seq, and fold endpoints past the cap into _other', () => {
    const sut = new ReplayRunner({ ...DRIFT_CONFIG_DEFAULTS, maxEndpointsPerService: 2 });
    const ready = DRIFT_CONFIG_DEFAULTS.minSamplesForBaseline;
    const seen: Array<[string | undefined, number | null, HealthState]> = [];
    for (let i = 0; i < ready; i++) {
      // Four endpoints and the service's own samples, interleaved: seq counts them all.
      for (const endpoint of ['GET /a', 'POST /b', 'GET /c', 'GET /d', undefined]) {
        const t = sut.feed({ serviceId: 's', timeMs: i * 1000, latency: 100 + (i % 2), payload: 1, ...(endpoint ? { endpoint } : {}) });
        if (t) seen.push([t.endpoint, t.transition.seq, t.transition.to]);
      }
    }
    expect(seen).toEqual([
      ['GET /a', 5 * (ready - 1) + 1, HealthState.STABLE],
      ['POST /b', 5 * (ready - 1) + 2, HealthState.STABLE],
      // GET /c and GET /d share _other, which has twice the samples: ready half-way.
      ['_other', 5 * (ready / 2 - 1) + 4, HealthState.STABLE],
      [undefined, 5 * ready, HealthState.STABLE],
    ].sort((x, y) => (x[1] as number) - (y[1] as number)));
    expect(sut.summary()).toMatchObject({ samples: 5 * ready, services: 1 });
  });
});
