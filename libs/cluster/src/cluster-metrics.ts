import { collectDefaultMetrics, Counter, Gauge, Registry } from 'prom-client';
import type { ClusterIngestionService } from './cluster-ingestion.service';
import type { ClusterRuntime } from './cluster-runtime';

/** Every metric name cluster mode exports (README: Cluster mode). */
export const CLUSTER_METRIC = {
  appended: 'driftwatch_cluster_samples_appended_total',
  scored: 'driftwatch_cluster_records_scored_total',
  scoringFailures: 'driftwatch_cluster_scoring_failures_total',
  rejected: 'driftwatch_samples_rejected_total',
  leaseChanges: 'driftwatch_cluster_lease_changes_total',
  leaseConnected: 'driftwatch_cluster_lease_connected',
  owned: 'driftwatch_cluster_partitions_owned',
  partitions: 'driftwatch_cluster_partitions',
  members: 'driftwatch_cluster_members',
  pending: 'driftwatch_cluster_pending_samples',
  maxLag: 'driftwatch_cluster_max_lag_seconds',
  services: 'driftwatch_services',
} as const;

/**
 * Prometheus metrics of a cluster process: its own counters (appends, scoring, lease changes) and,
 * read from the shared store at scrape time, what every process sees alike (pending samples, lag,
 * services by state). Alert on the lag and on lease_connected; the sum of partitions_owned over the
 * processes should equal partitions.
 */
export class ClusterMetrics {
  readonly registry = new Registry();

  constructor(runtime: ClusterRuntime, ingestion: ClusterIngestionService) {
    collectDefaultMetrics({ register: this.registry });
    const registers = [this.registry];
    const counter = (name: string, help: string, read: () => number) =>
      new Counter({
        name,
        help,
        registers,
        collect() {
          this.reset();
          this.inc(read());
        },
      });
    counter(CLUSTER_METRIC.appended, 'Samples this process appended to the shared log (acknowledged with 202)', () => ingestion.appendedSamples);
    counter(CLUSTER_METRIC.scored, 'Log records this process scored as the owner of their partition', () => runtime.loop.scoredRecords);
    counter(CLUSTER_METRIC.scoringFailures, 'Scoring transactions of this process that failed and were rolled back (retried)', () => runtime.loop.failedBatches);
    new Counter({
      name: CLUSTER_METRIC.rejected,
      help: 'Samples of parsed telemetry requests that were not appended, by reason',
      labelNames: ['reason'],
      registers,
      collect() {
        this.reset();
        for (const [reason, n] of Object.entries(ingestion.rejectedSamples)) this.inc({ reason }, n);
      },
    });
    const leaseChanges = new Counter({ name: CLUSTER_METRIC.leaseChanges, help: 'Partition leases acquired, released and lost by this process', labelNames: ['kind'], registers });
    runtime.ownership.onChange((change) => leaseChanges.inc({ kind: change.kind }));
    const gauge = (name: string, help: string, read: () => number | Promise<number>) =>
      new Gauge({
        name,
        help,
        registers,
        async collect() {
          this.set(await read());
        },
      });
    gauge(CLUSTER_METRIC.leaseConnected, '1 while the lease session to PostgreSQL is up', () => (runtime.ownership.connected ? 1 : 0));
    gauge(CLUSTER_METRIC.owned, 'Partitions this process owns', () => runtime.ownership.owned().size);
    gauge(CLUSTER_METRIC.partitions, 'Partitions of the sample log', () => runtime.config.clusterPartitions);
    gauge(CLUSTER_METRIC.members, 'Live DriftWatch processes sharing the partitions, as last seen', () => runtime.ownership.members);
    let totals: Promise<{ pending: number; maxLagMs: number }> | null = null;
    // One query per scrape for both figures.
    const readTotals = () => (totals ??= runtime.reads.totals().finally(() => setImmediate(() => (totals = null))));
    gauge(CLUSTER_METRIC.pending, 'Samples accepted by any process and not scored yet (all partitions)', async () => (await readTotals()).pending);
    gauge(CLUSTER_METRIC.maxLag, 'Wait of the oldest unscored sample, all partitions (seconds)', async () => (await readTotals()).maxLagMs / 1000);
    new Gauge({
      name: CLUSTER_METRIC.services,
      help: 'Monitored services by detector state',
      labelNames: ['state'],
      registers,
      async collect() {
        this.reset();
        for (const row of await runtime.reads.servicesByState()) this.set({ state: row.state }, row.count);
      },
    });
  }

  render(): Promise<string> {
    return this.registry.metrics();
  }
}
