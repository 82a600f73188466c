import { EndpointStream, HealthState, MonitoredService, OTHER_ENDPOINT } from '@app/health';
import type { BaselineSnapshot, MetricStats } from '@app/statistics';
import type { BaselineDto, DriftMetadataDto, HealthDto, MetricModelDto, ServiceSummaryDto } from './service-views.dto';

const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());
/** Six significant decimals are plenty for ms/kB and keep float32 noise out of the JSON. */
const round = (x: number): number => Math.round(x * 1e6) / 1e6;
/** A statistic of a metric the service may not send (payload): null when absent or not finite. */
const optional = (x: number | null | undefined): number | null => (typeof x === 'number' && Number.isFinite(x) ? round(x) : null);

export function toHealthDto(service: MonitoredService, maxEndpoints: number): HealthDto {
  const endpoints = service.endpoints;
  if (!endpoints) return streamHealth(service.name, service);
  // A service with endpoints: the worst of its streams, named, with each endpoint listed.
  const { state, transitionTime, cause } = service.rollup();
  const own = service.ownSampleCount > 0 ? streamHealth(service.name, service) : null;
  const dto: HealthDto = {
    service_id: service.name,
    state,
    transition_timestamp: iso(transitionTime),
    samples_total: service.sampleCount,
    sample_count: service.sampleCount,
    baseline: own?.baseline ?? null,
    metadata: cause ? driftMetadata(cause.stream) : null,
    endpoints: Array.from(endpoints.values(), (e) => toEndpointHealthDto(service.name, e)),
    endpoint_overflow: {
      max_endpoints: maxEndpoints,
      capped: endpoints.find(OTHER_ENDPOINT) !== undefined,
      other_samples: endpoints.find(OTHER_ENDPOINT)?.ownSampleCount ?? 0,
    },
  };
  if (state === HealthState.INSUFFICIENT_DATA) dto.samples_needed = service.samplesUntilBaseline;
  return dto;
}

/** `/v1/health/{id}?endpoint=`: one endpoint's own detector, in the service's answer shape. */
export function toEndpointHealthDto(serviceName: string, stream: MonitoredService): HealthDto {
  return { ...streamHealth(serviceName, stream), endpoint: stream.name };
}

/** One detector's answer (the service's own, or one endpoint's). */
function streamHealth(serviceName: string, stream: MonitoredService): HealthDto {
  const d = stream.detector;
  const snapshot = d.snapshot;
  const dto: HealthDto = {
    service_id: serviceName,
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
    metadata: d.state === 'DRIFT_DETECTED' && d.lastTransition ? driftMetadata(stream) : null,
  };
  if (!snapshot) dto.samples_needed = d.samplesUntilBaseline;
  return dto;
}

/** Why a detector is in drift; an endpoint's drift names the endpoint ("drift on POST /pay"). */
function driftMetadata(stream: MonitoredService): DriftMetadataDto | null {
  const last = stream.detector.lastTransition;
  if (!last) return null;
  const metadata: DriftMetadataDto = {
    reason: last.reason,
    metric: last.metric,
    evidence_samples: last.count,
    consecutive_count: last.count,
    max_zscore: last.maxZscore === null ? null : round(last.maxZscore),
    cusum: last.cusum === null ? null : round(last.cusum),
  };
  if (stream instanceof EndpointStream) {
    metadata.endpoint = stream.name;
    metadata.summary = `drift on ${stream.name} (${last.reason}${last.metric ? `, ${last.metric}` : ''})`;
  }
  return metadata;
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
