import type { DriftConfig } from '@app/config';
import type { GateDecision, PeriodSource } from '@app/gate';
import type { DeploymentRow } from '@app/persistence';
import { InvalidGateRequestError, judgeGate } from '@app/gate';
import { HealthState, parseDetectorState } from '@app/health/engine';
import type { ClusterDeployments } from './cluster-deployments';
import type { ClusterReadRepository, ScoringProgress } from './cluster-read.repository';
import { partitionOf } from './partition-of';

export interface ClusterGateQuery {
  serviceName: string;
  sinceMs?: number;
  deploymentId?: number;
  minSamples?: number;
}

/** The embedded gate's decision, plus `lagging` (503: too much of the service's partition is unscored) and the scoring progress. */
export type ClusterGateDecision = Omit<GateDecision, 'outcome'> & { outcome: GateDecision['outcome'] | 'lagging'; progress: ScoringProgress };

/**
 * The deployment gate in cluster mode: the embedded gate's rules and periods (since, a deployment
 * marker, by default the latest marker) on the shared store, answered by any process. It judges the state as scored through `progress.scoredThroughMs`, and fails closed:
 * while the oldest unscored record of the service's partition has waited longer than
 * CLUSTER_MAX_LAG_MS (an owner died and its partitions are being taken over, or scoring is behind),
 * it answers 503 rather than pass on stale state. A drift already scored still fails (409).
 */
export class ClusterGate {
  constructor(
    private readonly config: DriftConfig,
    private readonly reads: ClusterReadRepository,
    private readonly deployments: ClusterDeployments,
  ) {}

  async check(query: ClusterGateQuery, nowMs: number): Promise<ClusterGateDecision> {
    const { sinceMs, sinceSource, deployment } = await this.period(query, nowMs);
    const minSamples = query.minSamples ?? this.config.gateMinSamples;
    const progress = await this.reads.progress(partitionOf(query.serviceName, this.config.clusterPartitions));
    const lagging = progress.lagMs > this.config.clusterMaxLagMs;
    const base = {
      serviceName: query.serviceName,
      // Per-endpoint detectors are an embedded-mode feature: the cluster gate judges the whole service.
      endpoint: null,
      sinceMs,
      sinceSource,
      checkedAtMs: nowMs,
      deployment,
      minSamples,
      samplesSince: null as number | null,
      driftsSince: 0,
      lastDrift: null as GateDecision['lastDrift'],
      retryAfterSeconds: null as number | null,
      progress,
    } as const;
    const laggingAnswer = (state: HealthState | null): ClusterGateDecision => ({
      ...base,
      state,
      verdict: 'inconclusive',
      outcome: 'lagging',
      retryAfterSeconds: this.config.gateRetryAfterSeconds,
      reason: `scoring is behind: the oldest unscored sample of partition ${progress.partition} has waited ${progress.lagMs} ms (max ${this.config.clusterMaxLagMs} ms); failing closed`,
    });
    const row = await this.reads.service(query.serviceName);
    if (!row) {
      if (lagging) return laggingAnswer(null);
      return {
        ...base,
        state: null,
        verdict: 'inconclusive',
        outcome: 'unknown_service',
        reason: `unknown service '${query.serviceName}': it has not sent any telemetry (check the name)`,
      };
    }
    const stored = parseDetectorState(row.detector);
    const state = stored.state;
    const drifts = await this.reads.transitionsInto(row.id, HealthState.DRIFT_DETECTED, sinceSource === 'now' ? nowMs : sinceMs);
    const samplesSince = sinceSource === 'now' ? null : await this.reads.samplesSince(row.id, sinceMs);
    const currentDrift =
      state === HealthState.DRIFT_DETECTED ? (drifts.latest ?? (await this.reads.transitionsInto(row.id, HealthState.DRIFT_DETECTED, 0)).latest) : null;
    const judgement = judgeGate({
      state,
      driftsSince: drifts,
      currentDrift,
      samplesSince,
      samplesUntilBaseline: stored.snapshot ? 0 : Math.max(0, this.config.minSamplesForBaseline - stored.windowSize),
      minSamples,
      sinceMs,
      periodIsNow: sinceSource === 'now',
      deployment,
    });
    // A drift already scored is definite; any other answer on a lagging partition would be stale.
    if (lagging && judgement.outcome !== 'drifting' && judgement.outcome !== 'drifted') return laggingAnswer(state);
    return {
      ...base,
      state,
      samplesSince,
      driftsSince: drifts.total,
      lastDrift: judgement.lastDrift,
      verdict: judgement.verdict,
      outcome: judgement.outcome,
      reason: judgement.reason,
      retryAfterSeconds: judgement.retry ? this.config.gateRetryAfterSeconds : null,
    };
  }

  /** Where the judged period starts: `since`, the `deployment` marker, by default the service's latest marker, else now. */
  private async period(query: ClusterGateQuery, nowMs: number): Promise<{ sinceMs: number; sinceSource: PeriodSource; deployment: DeploymentRow | null }> {
    if (query.sinceMs !== undefined && query.deploymentId !== undefined) throw new InvalidGateRequestError(['give since or deployment, not both']);
    if (query.sinceMs !== undefined) {
      if (query.sinceMs > nowMs + this.config.futureToleranceSeconds * 1000) throw new InvalidGateRequestError(['since must not be in the future']);
      return { sinceMs: query.sinceMs, sinceSource: 'since', deployment: null };
    }
    if (query.deploymentId !== undefined) {
      const deployment = await this.deployments.get(query.deploymentId);
      if (deployment.serviceName !== query.serviceName) {
        throw new InvalidGateRequestError([`deployment ${deployment.id} is a deployment of '${deployment.serviceName}', not of '${query.serviceName}'`]);
      }
      return { sinceMs: deployment.ts, sinceSource: 'deployment', deployment };
    }
    const latest = await this.deployments.latest(query.serviceName);
    return latest ? { sinceMs: latest.ts, sinceSource: 'latest_deployment', deployment: latest } : { sinceMs: nowMs, sinceSource: 'now', deployment: null };
  }
}
