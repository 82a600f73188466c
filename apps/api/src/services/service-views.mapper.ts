import type { MonitoredService, ServiceDetector } from '@app/health';
import type { BaselineSnapshot } from '@app/statistics';
import type { BaselineDto, HealthDto, ServiceSummaryDto } from './service-views.dto';

const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());
/** Six significant decimals are plenty for ms/kB and keep float32 noise out of the JSON. */
const round = (x: number): number => Math.round(x * 1e6) / 1e6;
/** A statistic of a metric the service may not send (payload): null when absent or not finite. */
const optional = (x: number | null | undefined): number | null => (typeof x === 'number' && Number.isFinite(x) ? round(x) : null);

export function toHealthDto(service: MonitoredService): HealthDto {
  const d = service.detector;
  const snapshot = d.snapshot;
  const last = d.lastTransition;
  const dto: HealthDto = {
    service_id: service.name,
    state: d.state,
    transition_timestamp: iso(d.transitionTime),
    samples_total: d.sampleCount,
    sample_count: d.sampleCount,
    baseline: snapshot
      ? {
          mean_latency: round(snapshot.latency.mean),
          stddev_latency: round(snapshot.latency.stddev),
          window_samples: snapshot.sampleCount,
          sample_count: snapshot.sampleCount,
        }
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
  if (!snapshot) dto.samples_needed = d.samplesUntilBaseline;
  return dto;
}

export function toBaselineDto(name: string, s: BaselineSnapshot, daily: ServiceDetector['dailyProfile']): BaselineDto {
  // A latency-only service has no payload statistics (the engine leaves them non-finite or absent).
  const payload: Partial<BaselineSnapshot['payload']> = s.payload ?? {};
  return {
    service_id: name,
    window_samples: s.sampleCount,
    sample_count: s.sampleCount,
    mean_latency: round(s.latency.mean),
    stddev_latency: round(s.latency.stddev),
    p50_latency: round(s.latency.p50),
    p95_latency: round(s.latency.p95),
    p99_latency: round(s.latency.p99),
    mean_payload: optional(payload.mean),
    stddev_payload: optional(payload.stddev),
    p50_payload: optional(payload.p50),
    p95_payload: optional(payload.p95),
    p99_payload: optional(payload.p99),
    last_updated: new Date(s.computedAtMs).toISOString(),
    daily_profile: {
      days_spanned: round(daily.daysSpanned),
      latency: { in_use: daily.latency.inUse, explained: round(daily.latency.explained) },
      payload: { in_use: daily.payload.inUse, explained: round(daily.payload.explained) },
    },
  };
}

export function toServiceSummaryDto(service: MonitoredService): ServiceSummaryDto {
  return {
    service_id: service.name,
    state: service.state,
    samples_total: service.sampleCount,
    sample_count: service.sampleCount,
    transition_timestamp: iso(service.transitionTime),
  };
}
