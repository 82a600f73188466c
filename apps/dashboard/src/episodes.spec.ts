import type { DriftEvent } from './api-types';
import { episodesByEndpoint, episodesFrom } from './episodes';

const ev = (id: number, iso: string, from: string, to: string, reason = 'x'): DriftEvent =>
  ({ id, service_id: 's', timestamp: iso, from, to, reason, metric: 'latency', evidence_samples: 5, max_zscore: 9, z_latency: 9, z_payload: null, deployment_id: null, explanation: to === 'DRIFT_DETECTED' ? { kind: reason === 'persistent_shift' ? 'level_shift' : 'spike', direction: 'up', basis: 'episode', samples_after_onset: 200, final: true, rule: 'r', measures: {}, hints: {} } : null }) as DriftEvent;

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
      { startMs: T(10), endMs: T(20), open: false, reason: 'consecutive_severe_anomalies', metric: 'latency', kind: 'spike' },
      { startMs: T(40), endMs: T(60), open: true, reason: 'persistent_shift', metric: 'latency', kind: 'level_shift' },
    ]);
  });

  it('should start an episode at the range start when the range begins in a drift', () => {
    const events = [ev(3, new Date(T(20)).toISOString(), 'DRIFT_DETECTED', 'STABLE', 'recovered')];
    expect(episodesFrom(events, T(0), T(60), 'STABLE')).toMatchObject([{ startMs: T(0), endMs: T(20), open: false }]);
    expect(episodesFrom([], T(0), T(60), 'DRIFT_DETECTED')).toMatchObject([{ startMs: T(0), endMs: T(60), open: true }]);
    expect(episodesFrom([], T(0), T(60), 'STABLE')).toEqual([]);
  });
});

describe(episodesByEndpoint.name, () => {
  const on = (e: DriftEvent, endpoint: string): DriftEvent => ({ ...e, endpoint });
  it('should keep one endpoint in drift while another recovers, and draw a drift that began before the range', () => {
    const events = [
      on(ev(1, new Date(T(10)).toISOString(), 'STABLE', 'DRIFT_DETECTED'), 'POST /pay'),
      on(ev(2, new Date(T(12)).toISOString(), 'STABLE', 'DRIFT_DETECTED'), 'GET /cart'),
      on(ev(3, new Date(T(20)).toISOString(), 'DRIFT_DETECTED', 'STABLE', 'recovered'), 'GET /cart'),
    ];
    const state = (ep: string | undefined) => (ep === 'GET /cart' ? 'STABLE' : 'DRIFT_DETECTED');
    expect(episodesByEndpoint(events, T(0), T(60), [], state)).toMatchObject([
      { startMs: T(10), endMs: T(60), open: true, endpoint: 'POST /pay' },
      { startMs: T(12), endMs: T(20), open: false, endpoint: 'GET /cart' },
    ]);
    expect(episodesByEndpoint([], T(0), T(60), ['POST /pay'], state)).toMatchObject([{ startMs: T(0), endMs: T(60), open: true, endpoint: 'POST /pay' }]);
  });
});
