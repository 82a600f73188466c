import type { DriftConfig } from '@app/config';
import type { GateDecision } from '@app/gate';
import { InvalidGateRequestError } from '@app/gate';
import { HealthState, parseDetectorState } from '@app/health/engine';
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

const iso = (ms: number): string => new Date(ms).toISOString();

/**
 * The deployment gate in cluster mode: the embedded gate's rules on the shared store, answered by
 * any process. It judges the state as scored through `progress.scoredThroughMs`, and fails closed:
 * while the oldest unscored record of the service's partition has waited longer than
 * CLUSTER_MAX_LAG_MS (an owner died and its partitions are being taken over, or scoring is behind),
 * it answers 503 rather than pass on stale state. A drift already scored still fails (409).
 */
export class ClusterGate {
  constructor(
    private readonly config: DriftConfig,
    private readonly reads: ClusterReadRepository,
  ) {}

  async check(query: ClusterGateQuery, nowMs: number): Promise<ClusterGateDecision> {
    if (query.deploymentId !== undefined) {
      throw new InvalidGateRequestError(['deployment markers are not available in cluster mode: give since instead']);
    }
    if (query.sinceMs !== undefined && query.sinceMs > nowMs + this.config.futureToleranceSeconds * 1000) {
      throw new InvalidGateRequestError(['since must not be in the future']);
    }
    const sinceMs = query.sinceMs ?? nowMs;
    const sinceSource = query.sinceMs === undefined ? 'now' : 'since';
    const minSamples = query.minSamples ?? this.config.gateMinSamples;
    const progress = await this.reads.progress(partitionOf(query.serviceName, this.config.clusterPartitions));
    const lagging = progress.lagMs > this.config.clusterMaxLagMs;
    const base = {
      serviceName: query.serviceName,
      sinceMs,
      sinceSource,
      checkedAtMs: nowMs,
      deployment: null,
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
    const judged = { ...base, state, samplesSince, driftsSince: drifts.total, lastDrift: drifts.latest };
    const period = sinceSource === 'now' ? '' : ` since ${iso(sinceMs)}`;
    if (state === HealthState.DRIFT_DETECTED) {
      const current = drifts.latest ?? (await this.reads.transitionsInto(row.id, HealthState.DRIFT_DETECTED, 0)).latest;
      const what = current ? ` since ${iso(current.ts)} (${current.reason}${current.metric ? `, ${current.metric}` : ''})` : '';
      return { ...judged, lastDrift: current, verdict: 'fail', outcome: 'drifting', reason: `in drift now${what}` };
    }
    if (drifts.total > 0 && drifts.latest) {
      const last = drifts.latest;
      return {
        ...judged,
        verdict: 'fail',
        outcome: 'drifted',
        reason: `${drifts.total} drift(s) began${period}, the latest at ${iso(last.ts)} (${last.reason}${last.metric ? `, ${last.metric}` : ''}); it has recovered, but a regression that came and went still blocks a rollout`,
      };
    }
    if (lagging) return laggingAnswer(state);
    if (state === HealthState.INSUFFICIENT_DATA) {
      const needed = stored.snapshot ? 0 : Math.max(0, this.config.minSamplesForBaseline - stored.windowSize);
      return {
        ...judged,
        verdict: 'inconclusive',
        outcome: 'learning',
        retryAfterSeconds: this.config.gateRetryAfterSeconds,
        reason: `learning a baseline: ${needed} more sample(s) needed`,
      };
    }
    if (samplesSince !== null && samplesSince < minSamples) {
      return {
        ...judged,
        verdict: 'inconclusive',
        outcome: 'too_few_samples',
        retryAfterSeconds: this.config.gateRetryAfterSeconds,
        reason: `${samplesSince} sample(s)${period}; ${minSamples} needed before a verdict`,
      };
    }
    return {
      ...judged,
      verdict: 'pass',
      outcome: 'pass',
      reason:
        sinceSource === 'now'
          ? 'STABLE with a ready baseline (no period given: the current state is judged)'
          : `STABLE with a ready baseline, no drift${period} (${samplesSince} samples)`,
    };
  }
}
