import { AlertOutbox } from '@app/alerting';
import { DetectorRegistry, HealthState, MonitoredService, Transition } from '@app/health';
import { DeploymentRepository, DriftEventRepository, IdempotencyRepository, ServiceRemovalRepository, SqliteDatabase, TelemetryRepository } from '@app/persistence';
import { Injectable, Optional } from '@nestjs/common';
import type { QueueItem } from './ingestion-queue';

/**
 * One group commit: every sample of the taken requests is stored and scored, in arrival order,
 * inside a single SQLite transaction together with the drift events and detector states it
 * produced, the requests' Idempotency-Key records, and any queued service deletion. Either all of
 * it is durable or none of it is (and the detectors are resynced).
 */
@Injectable()
export class BatchCommitter {
  constructor(
    private readonly db: SqliteDatabase,
    private readonly registry: DetectorRegistry,
    private readonly telemetry: TelemetryRepository,
    private readonly events: DriftEventRepository,
    private readonly deployments: DeploymentRepository,
    private readonly idempotency: IdempotencyRepository,
    private readonly removal: ServiceRemovalRepository,
    // Absent where AlertingModule is not loaded (no alerts there).
    @Optional() private readonly alerts?: AlertOutbox,
  ) {}

  /** Returns the transitions recorded (valid once the transaction has committed). */
  commit(items: QueueItem[], nowMs: number): Transition[] {
    const touched = new Set<MonitoredService>();
    const names = new Set<string>();
    const recorded: Transition[] = [];
    try {
      this.db.transaction(() => {
        for (const item of items) {
          if (item.kind === 'reset') {
            // Resets are queued for known services only; one deleted since then has nothing to reset.
            const service = this.registry.find(item.serviceId);
            if (!service) continue;
            names.add(service.name);
            touched.add(service);
            const reset = service.detector.reset(item.timeMs);
            this.recordTransition(service, reset, item.timeMs);
            recorded.push(reset);
            continue;
          }
          if (item.kind === 'delete') {
            const service = this.registry.find(item.serviceId);
            // Deleted twice (two DELETEs queued together): the second finds nothing, as it should.
            if (!service) continue;
            names.add(service.name);
            touched.delete(service);
            this.telemetry.deletedElsewhere(this.removal.remove(service.id, service.name).samples);
            this.registry.remove(service);
            continue;
          }
          const samples = item.samples;
          for (let i = 0; i < samples.length; i++) {
            const s = samples[i];
            const service = this.registry.findOrCreate(s.serviceId, nowMs);
            if (!touched.has(service)) {
              touched.add(service);
              names.add(service.name);
            }
            const detector = service.detector;
            const seq = detector.lastSeq + 1;
            const transition = detector.observe(seq, s.timeMs, s.latency, s.payload);
            this.telemetry.insert(service.id, seq, s.timeMs, s.latency, s.payload, detector.lastAccepted);
            if (transition) {
              if (transition.reason === 'new_normal_adopted' && detector.windowFrontSeq !== null) {
                this.telemetry.markBaseline(service.id, detector.windowFrontSeq, seq - 1);
              }
              this.recordTransition(service, transition, item.receivedMs);
              recorded.push(transition);
            }
          }
          if (item.idempotency) this.idempotency.save(item.idempotency);
        }
        for (const service of touched) this.registry.persist(service, nowMs);
      });
    } catch (error) {
      this.registry.resync(names);
      this.telemetry.resetCount();
      throw error;
    }
    return recorded;
  }

  private recordTransition(service: MonitoredService, t: Transition, receivedMs: number): void {
    this.events.insert({
      serviceId: service.id,
      ts: t.timeMs,
      receivedAt: receivedMs,
      seq: t.seq,
      fromState: t.from,
      toState: t.to,
      reason: t.reason,
      metric: t.metric,
      count: t.count,
      maxZscore: t.maxZscore,
      zLatency: t.zLatency,
      zPayload: t.zPayload,
      cusum: t.cusum,
      // The statistics behind the score: the snapshot with each metric's model, and what it expected.
      baseline: t.baseline ? JSON.stringify({ ...t.baseline, expected: t.expected }) : null,
      // A drift that begins soon after a deployment marker names it.
      deploymentId: t.to === HealthState.DRIFT_DETECTED ? this.deployments.namedBy(service.name, t.timeMs) : null,
    });
    // Same transaction as the event: the alert is durable exactly when its event is.
    this.alerts?.record(service.id, this.db.lastInsertRowid(), t.from, t.to);
  }
}
