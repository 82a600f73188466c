import type { ScoringProgress } from '@app/cluster';
import type { DetectorState } from '@app/health';
import type { HealthDto } from '../services/service-views.dto';
import type { ScoringProgressDto } from './cluster.dto';

const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());
const round = (x: number): number => Math.round(x * 1e6) / 1e6;

export function toScoringDto(p: ScoringProgress): ScoringProgressDto {
  return { partition: p.partition, scored_through: iso(p.scoredThroughMs), pending: p.pending, lag_ms: p.lagMs, owner: p.owner };
}

/** The embedded health view, from a stored detector state instead of a live detector (same fields, same rounding). */
export function toHealthDtoFromState(name: string, d: DetectorState, minSamplesForBaseline: number): HealthDto {
  const snapshot = d.snapshot;
  const last = d.lastTransition;
  const dto: HealthDto = {
    service_id: name,
    state: d.state,
    transition_timestamp: iso(d.transitionTimeMs),
    samples_total: d.sampleCount,
    sample_count: d.sampleCount,
    baseline: snapshot
      ? { mean_latency: round(snapshot.latency.mean), stddev_latency: round(snapshot.latency.stddev), window_samples: snapshot.sampleCount, sample_count: snapshot.sampleCount }
      : null,
    metadata:
      d.state === 'DRIFT_DETECTED' && last
        ? {
            reason: last.reason,
            metric: last.metric,
            evidence_samples: last.count,
            consecutive_count: last.count,
            max_zscore: last.maxZscore === null ? null : round(last.maxZscore),
            cusum: last.cusum === null ? null : round(last.cusum),
          }
        : null,
  };
  if (!snapshot) dto.samples_needed = Math.max(0, minSamplesForBaseline - d.windowSize);
  return dto;
}
