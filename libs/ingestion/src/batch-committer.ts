import { AlertOutbox } from '@app/alerting';
import { DetectorRegistry, DriftExplainer, EndpointStream, HealthState, MonitoredService, Transition } from '@app/health';
import { DeploymentRepository, DriftEventRepository, IdempotencyRepository, ServiceRemovalRepository, SqliteDatabase, TelemetryRepository } from '@app/persistence';
import { Injectable, Optional } from '@nestjs/common';
import type { QueueItem } from './ingestion-queue';

/**
 * One group commit: every sample of the taken requests is stored and scored, in arrival order,
 * inside a single SQLite transaction together with the drift events and detector states it
 * produced, the requests' Idempotency-Key records, and any queued service deletion. Either all of
 * it is durable or none of it is (and the detectors are resynced).
 * A sample that names an endpoint is scored by that endpoint's detector; its seq is still the
 * service's next one, so a service's rows keep one gap-free sequence across its endpoints.
 */
@Injectable()
export class BatchCommitter {
  constructor(
    private readonly db: SqliteDatabase,
    private readonly registry: DetectorRegistry,
    private readonly telemetry: TelemetryRepository,
    private readonly events: DriftEventRepository,
    private readonly deployments: DeploymentRepository,
    private readonly explainer: DriftExplainer,
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
            // An operator's new normal applies to the whole service: each of its detectors relearns.
            for (const stream of service.streams()) {
              touched.add(stream);
              const reset = stream.detector.reset(item.timeMs);
              this.recordTransition(service, reset, stream, item.timeMs);
              recorded.push(reset);
            }
            continue;
          }
          if (item.kind === 'delete') {
            const service = this.registry.find(item.serviceId);
            // Deleted twice (two DELETEs queued together): the second finds nothing, as it should.
            if (!service) continue;
            names.add(service.name);
            touched.delete(service);
            if (service.endpoints) for (const stream of service.endpoints.values()) touched.delete(stream);
            this.telemetry.serviceDeleted(service.id, this.removal.remove(service.id, service.name).samples);
            this.registry.remove(service);
            continue;
          }
          const samples = item.samples;
          for (let i = 0; i < samples.length; i++) {
            const s = samples[i];
            const service = this.registry.findOrCreate(s.serviceId, nowMs);
            const stream = s.endpoint === undefined ? service : this.registry.endpointOf(service, s.endpoint, nowMs);
            if (!touched.has(stream)) {
              touched.add(stream);
              names.add(service.name);
            }
            const detector = stream.detector;
            const seq = service.lastSeq + 1;
            const endpointId = stream === service ? null : stream.id;
            const transition = detector.observe(seq, s.timeMs, s.latency, s.payload);
            if (endpointId !== null) service.endpoints?.noteSeq(seq);
            this.telemetry.insert(service.id, seq, s.timeMs, s.latency, s.payload, detector.lastAccepted, endpointId);
            if (transition) {
              if (transition.reason === 'new_normal_adopted' && detector.windowFrontSeq !== null) {
                this.telemetry.markBaseline(service.id, detector.windowFrontSeq, seq - 1, endpointId);
              }
              this.recordTransition(service, transition, stream, item.receivedMs);
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

  /**
   * `stream` is the detector that made the transition: the service's own, or one of its endpoints';
   * `receivedMs` when the triggering sample (or the operator's reset) reached DriftWatch.
   */
  private recordTransition(service: MonitoredService, t: Transition, stream: MonitoredService, receivedMs: number): void {
    // A drift that begins soon after a deployment marker names it.
    const deploymentId = t.to === HealthState.DRIFT_DETECTED ? this.deployments.namedBy(service.name, t.timeMs) : null;
    const endpoint = stream instanceof EndpointStream ? stream.name : null;
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
      deploymentId,
      endpoint,
    });
    const eventId = this.db.lastInsertRowid();
    // Once per drift onset, from the samples up to it (stored in this transaction): what alerts carry.
    this.explainer.recordOnset(service.id, endpoint, eventId, t, deploymentId);
    // Same transaction as the event: the alert is durable exactly when its event is.
    this.alerts?.record(service.id, eventId, t.from, t.to);
  }
}
