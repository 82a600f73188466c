import { DRIFT_CONFIG, DriftConfig } from '@app/config';
import { DetectorRegistry } from '@app/health';
import { DeploymentListQuery, DeploymentRepository, DeploymentRow, TelemetryRangeRepository } from '@app/persistence';
import { Inject, Injectable } from '@nestjs/common';
import { compareDeployment, DeploymentComparison } from './deployment-comparison';
import { InvalidGateRequestError, UnknownDeploymentError } from './gate.errors';

export interface DeploymentReport {
  deployment: DeploymentRow;
  /** The service's next marker: the samples compared end where it begins (null: up to now). */
  next: DeploymentRow | null;
  comparison: DeploymentComparison;
  checkedAtMs: number;
}

/** Deployment markers: recording them, and comparing a service's samples on either side of one. */
@Injectable()
export class DeploymentService {
  constructor(
    @Inject(DRIFT_CONFIG) private readonly config: DriftConfig,
    private readonly deployments: DeploymentRepository,
    private readonly registry: DetectorRegistry,
    private readonly range: TelemetryRangeRepository,
  ) {}

  /** Records a marker; `timeMs` defaults to `nowMs` and may not be further ahead than sample times may. */
  create(serviceName: string, version: string, timeMs: number | undefined, nowMs: number): DeploymentRow {
    const at = timeMs ?? nowMs;
    if (at > nowMs + this.config.futureToleranceSeconds * 1000) {
      throw new InvalidGateRequestError([`timestamp must not be more than ${this.config.futureToleranceSeconds} s in the future`]);
    }
    return this.deployments.insert(serviceName, version, at, nowMs);
  }

  get(id: number): DeploymentRow {
    const row = this.deployments.findById(id);
    if (!row) throw new UnknownDeploymentError(id);
    return row;
  }

  list(query: DeploymentListQuery): DeploymentRow[] {
    return this.deployments.list(query);
  }

  /**
   * The marker's service after it (its first DEPLOYMENT_COMPARE_MAX_AFTER samples, up to the
   * service's next marker, so each release is judged on its own traffic) against its baseline
   * before it (the last BASELINE_WINDOW_SIZE samples the detector accepted as normal).
   */
  compare(id: number, minSamples: number | undefined, nowMs: number): DeploymentReport {
    const deployment = this.get(id);
    const service = this.registry.find(deployment.serviceName);
    const next = this.deployments.next(deployment);
    let before: { latency: number; payload: number | null }[] = [];
    let after: typeof before = [];
    if (service) {
      const boundary = this.range.firstSeqAtOrAfter(service.id, deployment.ts);
      after = this.range.loadFrom(service.id, boundary, deployment.ts, next?.ts ?? null, this.config.deploymentCompareMaxAfter);
      before = this.range.loadBaselineBefore(service.id, boundary, deployment.ts, this.config.baselineWindowSize);
    }
    const comparison = compareDeployment(before, after, {
      alpha: this.config.deploymentCompareAlpha,
      bandPercent: this.config.deploymentCompareBandPercent,
      minSamples: minSamples ?? this.config.gateMinSamples,
    });
    if (!service) comparison.reason = `no telemetry from '${deployment.serviceName}' yet: ${comparison.reason}`;
    return { deployment, next, comparison, checkedAtMs: nowMs };
  }
}
