import { DRIFT_CONFIG, DriftConfig } from '@app/config';
import { DetectorRegistry, HealthState } from '@app/health';
import { DeploymentRepository, DeploymentRow, DriftEventEntity, DriftEventRepository, TelemetryRangeRepository } from '@app/persistence';
import { Inject, Injectable } from '@nestjs/common';
import { DeploymentService } from './deployment.service';
import { InvalidGateRequestError } from './gate.errors';
import { judgeGate } from './gate-rules';
import type { Verdict } from './verdict';

export interface GateQuery {
  serviceName: string;
  /** Start of the period to judge (sample time, ms). Exclusive with `deploymentId`. */
  sinceMs?: number;
  /** Judge the period since this deployment marker of the service. */
  deploymentId?: number;
  /** Samples needed since the start of the period; default GATE_MIN_SAMPLES. */
  minSamples?: number;
  /** Judge one endpoint of the service alone (its state, drifts and samples); default: the whole service. */
  endpoint?: string;
}

/**
 * Why the gate answered as it did, one value per rule (the API maps them to HTTP statuses:
 * pass 200, drifting/drifted 409, learning/too_few_samples 503, unknown_service 404).
 */
export type GateOutcome = 'pass' | 'drifting' | 'drifted' | 'learning' | 'too_few_samples' | 'unknown_service';

/** Where the start of the judged period came from. */
export type PeriodSource = 'since' | 'deployment' | 'latest_deployment' | 'now';

export interface GateDecision {
  serviceName: string;
  verdict: Verdict;
  outcome: GateOutcome;
  reason: string;
  /** null for an unknown service. */
  state: HealthState | null;
  /** Start of the judged period (sample time); `checkedAtMs` when there is no marker. */
  sinceMs: number;
  sinceSource: PeriodSource;
  checkedAtMs: number;
  deployment: DeploymentRow | null;
  /** Samples since the start of the period (null when the period starts now). */
  samplesSince: number | null;
  minSamples: number;
  /** Drift onsets (transitions into DRIFT_DETECTED) in the period. */
  driftsSince: number;
  /** The latest of them; when in drift now, the current drift (even if it began earlier); else null. */
  lastDrift: DriftEventEntity | null;
  /** For an inconclusive answer a pipeline should retry: seconds to wait. */
  retryAfterSeconds: number | null;
  /** The endpoint judged alone, or null for the whole service. */
  endpoint: string | null;
}

/**
 * The deployment gate. Rule 1: an unknown service → inconclusive (it has sent no telemetry); rules
 * 2–6 for a known one are `judgeGate`'s (gate-rules.ts), shared with cluster mode.
 * The period starts at `since`, at the `deployment` marker, by default at the service's latest
 * marker, else now. A failure outranks "not enough data": a drift is a definite answer.
 * A service with endpoints is judged as a whole (a drift on any endpoint fails it) unless the
 * query names one endpoint, which is then judged alone by the same rules.
 */
@Injectable()
export class GateService {
  constructor(
    @Inject(DRIFT_CONFIG) private readonly config: DriftConfig,
    private readonly registry: DetectorRegistry,
    private readonly events: DriftEventRepository,
    private readonly deployments: DeploymentRepository,
    private readonly deploymentService: DeploymentService,
    private readonly range: TelemetryRangeRepository,
  ) {}

  check(query: GateQuery, nowMs: number): GateDecision {
    const minSamples = query.minSamples ?? this.config.gateMinSamples;
    const { sinceMs, sinceSource, deployment } = this.period(query, nowMs);
    const base = {
      serviceName: query.serviceName,
      sinceMs,
      sinceSource,
      checkedAtMs: nowMs,
      deployment,
      minSamples,
      samplesSince: null as number | null,
      driftsSince: 0,
      lastDrift: null as DriftEventEntity | null,
      retryAfterSeconds: null as number | null,
      endpoint: query.endpoint ?? null,
    };
    const service = this.registry.find(query.serviceName);
    if (!service) {
      return {
        ...base,
        verdict: 'inconclusive',
        outcome: 'unknown_service',
        state: null,
        reason: `unknown service '${query.serviceName}': it has not sent any telemetry (check the name)`,
      };
    }
    // An unknown endpoint of a known service is a client error (404 body), not a verdict.
    const stream = query.endpoint === undefined ? null : this.registry.getEndpoint(service, query.endpoint);
    const endpoint = stream?.name;
    const state = stream ? stream.ownState : service.state;
    const drifts = this.events.transitionsInto(service.id, HealthState.DRIFT_DETECTED, sinceMs, 1, endpoint);
    const samplesSince =
      sinceSource === 'now'
        ? null
        : this.range.countFrom(service.id, this.range.firstSeqAtOrAfter(service.id, sinceMs), sinceMs, stream?.id);
    const latest = drifts.events[0] ?? null;
    // The current drift may have begun before the period: it still blocks, and is the one to show.
    const currentDrift =
      state === HealthState.DRIFT_DETECTED ? (latest ?? this.events.transitionsInto(service.id, HealthState.DRIFT_DETECTED, 0, 1, endpoint).events[0] ?? null) : null;
    const judgement = judgeGate({
      state,
      driftsSince: { total: drifts.total, latest },
      currentDrift,
      samplesSince,
      samplesUntilBaseline: (stream ?? service).samplesUntilBaseline,
      minSamples,
      sinceMs,
      periodIsNow: sinceSource === 'now',
      deployment,
    });
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

  private period(query: GateQuery, nowMs: number): { sinceMs: number; sinceSource: PeriodSource; deployment: DeploymentRow | null } {
    if (query.sinceMs !== undefined && query.deploymentId !== undefined) {
      throw new InvalidGateRequestError(['give since or deployment, not both']);
    }
    if (query.sinceMs !== undefined) {
      if (query.sinceMs > nowMs + this.config.futureToleranceSeconds * 1000) {
        throw new InvalidGateRequestError(['since must not be in the future']);
      }
      return { sinceMs: query.sinceMs, sinceSource: 'since', deployment: null };
    }
    if (query.deploymentId !== undefined) {
      const deployment = this.deploymentService.get(query.deploymentId);
      if (deployment.serviceName !== query.serviceName) {
        throw new InvalidGateRequestError([`deployment ${deployment.id} is a deployment of '${deployment.serviceName}', not of '${query.serviceName}'`]);
      }
      return { sinceMs: deployment.ts, sinceSource: 'deployment', deployment };
    }
    const latest = this.deployments.latest(query.serviceName);
    return latest ? { sinceMs: latest.ts, sinceSource: 'latest_deployment', deployment: latest } : { sinceMs: nowMs, sinceSource: 'now', deployment: null };
  }
}
