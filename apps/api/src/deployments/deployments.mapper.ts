import type { DeploymentReport, MetricComparison } from '@app/gate';
import type { DeploymentRow } from '@app/persistence';
import type { DeploymentComparisonDto, DeploymentDto, MetricComparisonDto } from './deployments.dto';

const iso = (ms: number): string => new Date(ms).toISOString();
/** Six significant decimals keep float noise out of the JSON; p-values keep their magnitude. */
const round = (x: number): number => Math.round(x * 1e6) / 1e6;
const roundOrNull = (x: number | null): number | null => (x === null ? null : round(x));
const sig = (x: number): number => Number(x.toPrecision(6));

export function toDeploymentDto(row: DeploymentRow): DeploymentDto {
  return { id: row.id, service_id: row.serviceName, version: row.version, timestamp: iso(row.ts), created_at: iso(row.createdAt) };
}

function toMetricDto(m: MetricComparison): MetricComparisonDto {
  return {
    verdict: m.verdict,
    reason: m.reason,
    before: { count: m.before.count, median: roundOrNull(m.before.median), p95: roundOrNull(m.before.p95) },
    after: { count: m.after.count, median: roundOrNull(m.after.median), p95: roundOrNull(m.after.p95) },
    median_ratio: m.medianRatio
      ? { ratio: round(m.medianRatio.ratio), lower: round(m.medianRatio.lower), upper: round(m.medianRatio.upper), confidence: m.medianRatio.confidence }
      : null,
    mann_whitney: m.mannWhitney
      ? { u: m.mannWhitney.u2, z: round(m.mannWhitney.z), p_value: sig(m.mannWhitney.pValue), probability_greater: round(m.mannWhitney.probabilityGreater) }
      : null,
    change: m.change,
  };
}

export function toComparisonDto(report: DeploymentReport, maxBefore: number, maxAfter: number): DeploymentComparisonDto {
  const { comparison } = report;
  const metric = (name: 'latency' | 'payload') => toMetricDto(comparison.metrics.find((m) => m.metric === name) as MetricComparison);
  return {
    deployment: toDeploymentDto(report.deployment),
    next_deployment: report.next ? toDeploymentDto(report.next) : null,
    verdict: comparison.verdict,
    reason: comparison.reason,
    checked_at: iso(report.checkedAtMs),
    rule: {
      alpha: comparison.rule.alpha,
      band_percent: comparison.rule.bandPercent,
      min_samples: comparison.rule.minSamples,
      max_before: maxBefore,
      max_after: maxAfter,
    },
    metrics: { latency: metric('latency'), payload: metric('payload') },
  };
}
