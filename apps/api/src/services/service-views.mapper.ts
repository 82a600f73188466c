import type { MonitoredService } from '@app/health';
import type { BaselineSnapshot, MetricStats } from '@app/statistics';
import type { BaselineDto, HealthDto, MetricModelDto, ServiceSummaryDto } from './service-views.dto';

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

const maybe = (x: number | undefined): number | null => (x === undefined ? null : round(x));

function toModelDto(stats: MetricStats | null): MetricModelDto | null {
  const m = stats?.model;
  if (!m) return null;
  return { season: m.season, level: round(m.level), autocorrelation: round(m.phi), residual_scale: round(m.scale), samples: m.n };
}

export function toBaselineDto(name: string, s: BaselineSnapshot): BaselineDto {
  return {
    service_id: name,
    window_samples: s.sampleCount,
    sample_count: s.sampleCount,
    mean_latency: round(s.latency.mean),
    stddev_latency: round(s.latency.stddev),
    p50_latency: round(s.latency.p50),
    p95_latency: round(s.latency.p95),
    p99_latency: round(s.latency.p99),
    mean_payload: maybe(s.payload?.mean),
    stddev_payload: maybe(s.payload?.stddev),
    p50_payload: maybe(s.payload?.p50),
    p95_payload: maybe(s.payload?.p95),
    p99_payload: maybe(s.payload?.p99),
    last_updated: new Date(s.computedAtMs).toISOString(),
    model: { latency: toModelDto(s.latency), payload: toModelDto(s.payload) },
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
