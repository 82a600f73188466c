import type { DriftEvent } from './api-types';
import { episodesFrom } from './episodes';

const ev = (id: number, iso: string, from: string, to: string, reason = 'x'): DriftEvent =>
  ({ id, service_id: 's', timestamp: iso, from, to, reason, metric: 'latency', evidence_samples: 5, max_zscore: 9, z_latency: 9, z_payload: null, deployment_id: null }) as DriftEvent;

const T = (m: number) => Date.parse('2026-12-02T10:00:00Z') + m * 60_000;

describe(episodesFrom.name, () => {
  it('should pair each drift onset with the transition that ends it, newest-first input included', () => {
    const events = [
      ev(4, new Date(T(40)).toISOString(), 'STABLE', 'DRIFT_DETECTED', 'persistent_shift'),
      ev(3, new Date(T(20)).toISOString(), 'DRIFT_DETECTED', 'STABLE', 'recovered'),
      ev(2, new Date(T(10)).toISOString(), 'STABLE', 'DRIFT_DETECTED', 'consecutive_severe_anomalies'),
      ev(1, new Date(T(0)).toISOString(), 'INSUFFICIENT_DATA', 'STABLE', 'baseline_ready'),
    ];
    expect(episodesFrom(events, T(-5), T(60), 'DRIFT_DETECTED')).toEqual([
      { startMs: T(10), endMs: T(20), open: false, reason: 'consecutive_severe_anomalies', metric: 'latency', kind: undefined },
      { startMs: T(40), endMs: T(60), open: true, reason: 'persistent_shift', metric: 'latency', kind: undefined },
    ]);
  });

  it('should start an episode at the range start when the range begins in a drift', () => {
    const events = [ev(3, new Date(T(20)).toISOString(), 'DRIFT_DETECTED', 'STABLE', 'recovered')];
    expect(episodesFrom(events, T(0), T(60), 'STABLE')).toMatchObject([{ startMs: T(0), endMs: T(20), open: false }]);
    expect(episodesFrom([], T(0), T(60), 'DRIFT_DETECTED')).toMatchObject([{ startMs: T(0), endMs: T(60), open: true }]);
    expect(episodesFrom([], T(0), T(60), 'STABLE')).toEqual([]);
  });
});
