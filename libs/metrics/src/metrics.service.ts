import { DRIFT_CONFIG, DriftConfig } from '@app/config';
import { DetectorRegistry, HealthState, TRANSITION_REASONS } from '@app/health';
import { IngestionQueue, IngestionService, IngestionWorker, SAMPLE_REJECT_REASONS } from '@app/ingestion';
import { AlertOutboxRepository, DriftEventRepository } from '@app/persistence';
import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { COMMIT_DURATION_BUCKETS, METRIC, REQUEST_REJECT_REASONS, RequestRejectReason } from './metric-names';

/**
 * Work to do before each scrape, e.g. refreshing a gauge from a table. Registered by modules
 * that own metrics of their own (see `registerCollector`).
 */
export type MetricsCollector = () => void | Promise<void>;

const STATES = Object.values(HealthState);

/**
 * Owner of DriftWatch's Prometheus metrics, in a registry of its own (not prom-client's global
 * one, so several apps in one test process do not collide). The owners of the numbers keep
 * plain counters (queue, worker, ingestion service, registry); this class only reads them at
 * scrape time, plus two pushes: the commit histogram and drift events, via the worker's
 * `onCommitted`, and requests rejected, from the exception filter.
 */
@Injectable()
export class MetricsService implements OnModuleInit {
  /** The registry /metrics renders. Other modules may add metrics to it (`registers: [registry]`). */
  readonly registry = new Registry();
  private readonly collectors: MetricsCollector[] = [];
  private readonly rejectedRequests = new Map<RequestRejectReason, number>(REQUEST_REJECT_REASONS.map((r) => [r, 0]));
  private readonly commitDuration: Histogram<string>;
  private readonly driftEvents: Counter<'reason'>;

  constructor(
    @Inject(DRIFT_CONFIG) private readonly config: DriftConfig,
    private readonly queue: IngestionQueue,
    private readonly worker: IngestionWorker,
    private readonly ingestion: IngestionService,
    private readonly detectors: DetectorRegistry,
    private readonly events: DriftEventRepository,
    private readonly alerts: AlertOutboxRepository,
  ) {
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry });
    const self = this;

    new Counter({
      name: METRIC.samplesIngested,
      help: 'Samples committed to storage and scored by the detector',
      registers,
      collect() {
        this.reset();
        this.inc(self.worker.committedSamples);
      },
    });
    new Counter({
      name: METRIC.samplesRejected,
      help: 'Samples of parsed telemetry requests that were not stored, by reason (invalid, queue_full, shutting_down, commit_failed); a rejected batch counts all its samples',
      labelNames: ['reason'],
      registers,
      collect() {
        this.reset();
        for (const reason of SAMPLE_REJECT_REASONS) this.inc({ reason }, self.ingestion.rejectedSamples[reason]);
        this.inc({ reason: 'commit_failed' }, self.worker.failedSamples);
      },
    });
    new Counter({
      name: METRIC.requestsRejected,
      help: 'Telemetry requests answered with an error, by reason; overloaded = refused before the body was read (queue saturated or shutting down)',
      labelNames: ['reason'],
      registers,
      collect() {
        this.reset();
        for (const [reason, n] of self.rejectedRequests) this.inc({ reason }, reason === 'overloaded' ? n + self.queue.refusedRequests : n);
      },
    });
    new Gauge({
      name: METRIC.alertDeliveries,
      help: 'Alerts in the outbox by destination and outcome (pending, delivered, failed)',
      labelNames: ['destination', 'outcome'],
      registers,
      collect() {
        this.reset();
        for (const row of self.alerts.countsByDestinationAndStatus()) this.set({ destination: row.destination, outcome: row.status }, row.count);
      },
    });
    new Gauge({
      name: METRIC.queueDepth,
      help: 'Samples waiting in the ingestion queue for the next group commit',
      registers,
      collect() {
        this.set(self.queue.depth);
      },
    });
    new Gauge({
      name: METRIC.queueCapacity,
      help: 'Samples the ingestion queue holds before telemetry is answered 503 (DRIFTWATCH_QUEUE_CAPACITY)',
      registers,
      collect() {
        this.set(self.queue.capacity);
      },
    });
    this.commitDuration = new Histogram({
      name: METRIC.commitDuration,
      help: 'Duration of one group commit (one SQLite transaction: store, score, persist detector state)',
      buckets: COMMIT_DURATION_BUCKETS,
      registers,
    });
    new Gauge({
      name: METRIC.services,
      help: 'Monitored services by detector state',
      labelNames: ['state'],
      registers,
      collect() {
        const counts = new Map<string, number>(STATES.map((s) => [s, 0]));
        for (const service of self.detectors.all()) counts.set(service.state, (counts.get(service.state) ?? 0) + 1);
        for (const [state, n] of counts) this.set({ state }, n);
      },
    });
    this.driftEvents = new Counter({
      name: METRIC.driftEvents,
      help: 'Drift events (state transitions) recorded, by reason; starts from the events stored at start-up',
      labelNames: ['reason'],
      registers,
    });
    this.registerPerServiceMetrics();
  }

  onModuleInit(): void {
    // Every reason is exported from the start (at 0), so rate() and alerts see the series before the first event.
    const stored = this.events.countByReason();
    for (const reason of new Set<string>([...TRANSITION_REASONS, ...stored.keys()])) this.driftEvents.inc({ reason }, stored.get(reason) ?? 0);
    this.worker.onCommitted((report) => {
      this.commitDuration.observe(report.durationMs / 1000);
      for (const t of report.transitions) this.driftEvents.inc({ reason: t.reason });
    });
  }

  /**
   * Hook for metrics owned elsewhere (e.g. alert deliveries): `collector` runs before every
   * scrape. Create the metric with `registers: [metrics.registry]`, and either update it where
   * the thing happens or refresh it in the collector.
   */
  registerCollector(collector: MetricsCollector): void {
    this.collectors.push(collector);
  }

  /** Counts a telemetry request answered with an error (called by the exception filter). */
  countRejectedRequest(reason: RequestRejectReason): void {
    this.rejectedRequests.set(reason, (this.rejectedRequests.get(reason) ?? 0) + 1);
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  /** The Prometheus text exposition (format 0.0.4). */
  async render(): Promise<string> {
    for (const collect of this.collectors) await collect();
    return this.registry.metrics();
  }

  /**
   * Per-service series for the first METRICS_MAX_SERVICES services (in the order they were first
   * seen, so the exported set is stable); the rest are only counted, so a fleet of 100 000
   * services cannot blow up a Prometheus server. Answered from the registry without paging in windows.
   */
  private registerPerServiceMetrics(): void {
    const registers = [this.registry];
    const self = this;
    const exported = function* () {
      let n = 0;
      for (const service of self.detectors.all()) {
        if (n++ >= self.config.metricsMaxServices) return;
        yield service;
      }
    };
    new Gauge({
      name: METRIC.serviceState,
      help: 'Detector state of each service: 1 for its current state, 0 for the others (first METRICS_MAX_SERVICES services)',
      labelNames: ['service_id', 'state'],
      registers,
      collect() {
        this.reset();
        for (const service of exported()) {
          for (const state of STATES) this.set({ service_id: service.name, state }, service.state === state ? 1 : 0);
        }
      },
    });
    new Counter({
      name: METRIC.serviceSamples,
      help: 'Samples each service has sent since it was first seen (first METRICS_MAX_SERVICES services)',
      labelNames: ['service_id'],
      registers,
      collect() {
        this.reset();
        for (const service of exported()) this.inc({ service_id: service.name }, service.sampleCount);
      },
    });
    new Gauge({
      name: METRIC.servicesOmitted,
      help: 'Services left out of the per-service series because of DRIFTWATCH_METRICS_MAX_SERVICES',
      registers,
      collect() {
        this.set(Math.max(0, self.detectors.size - self.config.metricsMaxServices));
      },
    });
  }
}
