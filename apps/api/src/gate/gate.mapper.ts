import type { GateDecision } from '@app/gate';
import { toDeploymentDto } from '../deployments/deployments.mapper';
import type { GateResultDto } from './gate.dto';

const iso = (ms: number): string => new Date(ms).toISOString();

export function toGateDto(d: GateDecision): GateResultDto {
  const dto: GateResultDto = {
    service_id: d.serviceName,
    verdict: d.verdict,
    outcome: d.outcome,
    reason: d.reason,
    state: d.state,
    since: iso(d.sinceMs),
    since_source: d.sinceSource,
    checked_at: iso(d.checkedAtMs),
    deployment: d.deployment ? toDeploymentDto(d.deployment) : null,
    samples_since: d.samplesSince,
    min_samples: d.minSamples,
    drifts_since: d.driftsSince,
    last_drift: d.lastDrift
      ? {
          id: d.lastDrift.id,
          timestamp: iso(d.lastDrift.ts),
          reason: d.lastDrift.reason,
          metric: d.lastDrift.metric,
          deployment_id: d.lastDrift.deploymentId ?? null,
          ...(d.lastDrift.endpoint ? { endpoint: d.lastDrift.endpoint } : {}),
        }
      : null,
    retry_after_seconds: d.retryAfterSeconds,
  };
  if (d.endpoint !== null) dto.endpoint = d.endpoint;
  return dto;
}
