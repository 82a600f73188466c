import { alertTypeFor, buildAlertSettings } from '@app/alerting';
import { DRIFT_CONFIG, DriftConfig } from '@app/config';
import { BeforeApplicationShutdown, Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import * as os from 'node:os';
import { AdvisoryLockOwnership } from './advisory-lock-ownership';
import { ClusterAdmissionRegistry } from './cluster-admission-registry';
import { ClusterAlertDelivery, ClusterEventView } from './cluster-alert-delivery';
import { ClusterDatabase } from './cluster-database';
import { ClusterDeployments } from './cluster-deployments';
import { ClusterGate } from './cluster-gate';
import { ClusterRetention } from './cluster-retention';
import { ClusterReadRepository } from './cluster-read.repository';
import { PartitionScorer } from './partition-scorer';
import { PgIdempotencyKeys } from './pg-idempotency-keys';
import { PgSampleLog } from './pg-sample-log';
import { ScoringLoop } from './scoring-loop';

/** Injection token of the mapper from a stored event to the JSON an alert carries (the API's event view). */
export const CLUSTER_EVENT_VIEW = Symbol('CLUSTER_EVENT_VIEW');

/**
 * Everything a cluster process runs, wired once: the store, the log, the lease and the scoring
 * loop. Start: migrations (one process at a time), then the loop claims its share. Shutdown: the
 * log drains what was accepted, the loop finishes its batch and hands its partitions over, the
 * HTTP server closes, then the pool.
 */
@Injectable()
export class ClusterRuntime implements OnModuleInit, OnApplicationBootstrap, BeforeApplicationShutdown, OnApplicationShutdown {
  readonly database: ClusterDatabase;
  readonly log: PgSampleLog;
  readonly idempotencyKeys: PgIdempotencyKeys;
  readonly admission: ClusterAdmissionRegistry;
  readonly ownership: AdvisoryLockOwnership;
  readonly loop: ScoringLoop;
  readonly reads: ClusterReadRepository;
  readonly gate: ClusterGate;
  readonly deployments: ClusterDeployments;
  readonly alerts: ClusterAlertDelivery;

  constructor(
    @Inject(DRIFT_CONFIG) readonly config: DriftConfig,
    @Inject(CLUSTER_EVENT_VIEW) eventView: ClusterEventView,
  ) {
    this.database = new ClusterDatabase(config);
    this.log = new PgSampleLog(this.database.pool, config);
    this.idempotencyKeys = new PgIdempotencyKeys(this.database.pool);
    this.admission = new ClusterAdmissionRegistry(this.database.pool, config);
    this.ownership = new AdvisoryLockOwnership(config, `${os.hostname()}:${process.pid}`);
    const settings = buildAlertSettings(config);
    this.deployments = new ClusterDeployments(config, this.database.pool);
    const scorer = new PartitionScorer(config, { destinations: settings.destinations.map((d) => d.name), typeFor: alertTypeFor }, this.deployments);
    this.loop = new ScoringLoop(config, this.ownership, scorer, new ClusterRetention(config));
    this.reads = new ClusterReadRepository(this.database.pool);
    this.gate = new ClusterGate(config, this.reads, this.deployments);
    this.alerts = new ClusterAlertDelivery(settings, this.database.pool, this.ownership, eventView);
    // A committed transition may have written alert rows: look at once rather than at the next poll.
    this.loop.onScored((batch) => {
      if (batch.transitions.length > 0) this.alerts.wake();
    });
  }

  async onModuleInit(): Promise<void> {
    await this.database.prepare();
  }

  onApplicationBootstrap(): void {
    this.loop.start();
    this.alerts.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.log.close();
    await this.alerts.stop();
    await this.loop.stop();
  }

  /** After the HTTP server has closed: reads still in flight during the handover had their connections. */
  async onApplicationShutdown(): Promise<void> {
    await this.database.close();
  }
}
