import { AdvisoryLockOwnership } from '@app/cluster/advisory-lock-ownership';
import { ClusterDatabase } from '@app/cluster/cluster-database';
import { ClusterDeployments } from '@app/cluster/cluster-deployments';
import { ClusterGate } from '@app/cluster/cluster-gate';
import { ClusterReadRepository } from '@app/cluster/cluster-read.repository';
import { ClusterRetention } from '@app/cluster/cluster-retention';
import type { NewLogRecord } from '@app/cluster/log-record';
import { partitionOf } from '@app/cluster/partition-of';
import { PartitionScorer } from '@app/cluster/partition-scorer';
import { PgSampleLog } from '@app/cluster/pg-sample-log';
import { ServiceDetector } from '@app/health/engine';
import { freshDatabase } from './pg-test-db';

const DAY_MS = 86_400_000;

describe('sample log, scoring transaction, cluster gate and retention (PostgreSQL)', () => {
  let db: Awaited<ReturnType<typeof freshDatabase>>;
  let store: ClusterDatabase;
  let log: PgSampleLog;
  let owner: AdvisoryLockOwnership;
  let scorer: PartitionScorer;
  let reads: ClusterReadRepository;
  let deployments: ClusterDeployments;
  const t0 = Date.now() - 2 * DAY_MS;
  const sample = (serviceId: string, i: number, latency: number): NewLogRecord => ({ kind: 'sample', serviceId, timeMs: t0 + i * 1000, latency, payload: i % 7 === 0 ? NaN : 10 });
  const steady = (serviceId: string, from: number, n: number, level = 100) =>
    Array.from({ length: n }, (_, k) => sample(serviceId, from + k, level + ((from + k) % 10) - 5));

  /** Scores every waiting record of the service's partition, one batch per transaction, like the loop. */
  async function scoreAll(serviceId: string): Promise<number> {
    const p = partitionOf(serviceId, db.config.clusterPartitions);
    const epoch = owner.owned().get(p) as number;
    let total = 0;
    for (;;) {
      const batch = await scorer.score(owner, p, epoch, Date.now());
      if (!batch) return total;
      total += batch.records;
    }
  }

  beforeAll(async () => {
    jest.spyOn(console, 'log').mockImplementation(() => undefined);
    db = await freshDatabase('score', { DRIFTWATCH_CLUSTER_PARTITIONS: '4', DRIFTWATCH_CLUSTER_SCORE_BATCH: '70', DRIFTWATCH_CLUSTER_MAX_LAG_MS: '1000', DRIFTWATCH_CLUSTER_LEASE_TIMEOUT_MS: '60000' });
    store = new ClusterDatabase(db.config);
    await store.prepare();
    log = new PgSampleLog(store.pool, db.config);
    owner = new AdvisoryLockOwnership(db.config, 'spec');
    await owner.connect();
    await owner.rebalance();
    deployments = new ClusterDeployments(db.config, store.pool);
    scorer = new PartitionScorer(
      db.config,
      { destinations: ['webhook'], typeFor: (from, to) => (to === 'DRIFT_DETECTED' ? 'drift.detected' : from === 'DRIFT_DETECTED' ? 'drift.resolved' : null) },
      deployments,
    );
    reads = new ClusterReadRepository(store.pool);
  });
  afterAll(async () => {
    await log.close();
    await owner.close();
    await store.close();
    await db.drop();
  });

  it('should store and score every appended sample once, in order, with the pure engine\'s transitions', async () => {
    const records = [...steady('api', 0, 150), ...Array.from({ length: 10 }, (_, k) => sample('api', 150 + k, 400))];
    await Promise.all([log.append(records.slice(0, 80)), log.append(records.slice(80))]);
    expect(await scoreAll('api')).toBe(160);
    const detector = new ServiceDetector(db.config);
    const expected = records.map((r, i) => detector.observe(i + 1, r.timeMs, r.latency, r.payload)).filter((t) => t !== null);
    const client = await store.pool.connect();
    try {
      const rows = await client.query('SELECT seq, ts, payload_kb FROM telemetry t JOIN services s ON s.id = t.service_id WHERE s.name = $1 ORDER BY seq', ['api']);
      expect(rows.rows.map((r) => r.seq)).toEqual(records.map((_, i) => i + 1));
      expect(rows.rows.map((r) => r.ts)).toEqual(records.map((r) => r.timeMs));
      expect(rows.rows[0].payload_kb).toBeNull();
      const events = await client.query('SELECT seq, to_state, reason FROM drift_events ORDER BY id');
      expect(events.rows.map((e) => [e.seq, e.to_state, e.reason])).toEqual(expected.map((t) => [t?.seq, t?.to, t?.reason]));
      expect(events.rows.map((e) => e.to_state)).toContain('DRIFT_DETECTED');
      const alerts = await client.query(`SELECT type FROM alert_outbox`);
      expect(alerts.rows).toEqual([{ type: 'drift.detected' }]);
      expect((await client.query('SELECT COUNT(*)::int AS n FROM dw_log')).rows[0].n).toBe(0);
    } finally {
      client.release();
    }
  });

  it('should roll a failed scoring transaction back entirely and score the same records again identically', async () => {
    await log.append(steady('billing', 0, 120));
    // A row already holding the batch's last log position makes the telemetry insert fail after the service row and detector ran.
    const p = partitionOf('billing', db.config.clusterPartitions);
    const head = (await store.pool.query('SELECT head FROM dw_partitions WHERE partition = $1', [p])).rows[0].head;
    await store.pool.query('INSERT INTO telemetry VALUES (-1, 1, 0, 1, NULL, false, $1, $2, 0)', [p, head]);
    await expect(scoreAll('billing')).rejects.toThrow('duplicate key');
    // The first batch (CLUSTER_SCORE_BATCH = 70) committed; nothing of the failed second one did.
    expect(JSON.parse((await reads.service('billing'))?.detector as string)).toMatchObject({ sampleCount: 70, lastSeq: 70 });
    expect((await reads.progress(p)).pending).toBe(50);
    expect((await store.pool.query('SELECT COUNT(*)::int AS n FROM telemetry WHERE service_id > 0 AND log_partition = $1', [p])).rows[0].n).toBe(70);
    await store.pool.query('DELETE FROM telemetry WHERE service_id = -1');
    expect(await scoreAll('billing')).toBe(50);
    const row = await reads.service('billing');
    expect(JSON.parse(row?.detector as string)).toMatchObject({ state: 'STABLE', sampleCount: 120, lastSeq: 120 });
  });

  it('should continue exactly after a new owner restores the detectors from the store', async () => {
    const p = partitionOf('billing', db.config.clusterPartitions);
    scorer.forget(p);
    await log.append(steady('billing', 120, 30));
    expect(await scoreAll('billing')).toBe(30);
    const replay = new ServiceDetector(db.config);
    steady('billing', 0, 150).forEach((r, i) => replay.observe(i + 1, r.timeMs, r.latency, r.payload));
    const row = await reads.service('billing');
    expect(JSON.parse(row?.detector as string)).toEqual(JSON.parse(JSON.stringify(replay.exportState())));
  });

  it('should report the lag of a partition and fail the gate closed above CLUSTER_MAX_LAG_MS', async () => {
    const gate = new ClusterGate(db.config, reads, deployments);
    expect((await gate.check({ serviceName: 'billing' }, Date.now())).outcome).toBe('pass');
    await log.append(steady('billing', 150, 5));
    const progress = await reads.progress(partitionOf('billing', db.config.clusterPartitions));
    expect(progress.pending).toBe(5);
    await new Promise((r) => setTimeout(r, 1100));
    const lagging = await gate.check({ serviceName: 'billing' }, Date.now());
    expect(lagging).toMatchObject({ outcome: 'lagging', verdict: 'inconclusive' });
    expect(lagging.progress.lagMs).toBeGreaterThan(1000);
    // A drift already scored still fails: a definite answer outranks the lag.
    await log.append([sample('api', 160, 400)]);
    await new Promise((r) => setTimeout(r, 1100));
    expect((await gate.check({ serviceName: 'api' }, Date.now())).outcome).toBe('drifting');
    await scoreAll('billing');
    await scoreAll('api');
    expect((await gate.check({ serviceName: 'billing' }, Date.now())).outcome).toBe('pass');
    await expect(gate.check({ serviceName: 'billing', deploymentId: 1 }, Date.now())).rejects.toThrow('Unknown deployment 1');
  });

  it('should expire old samples but never the live window, in the owner\'s transaction', async () => {
    const retention = new ClusterRetention({ ...db.config, telemetryRetentionDays: 1 });
    const p = partitionOf('billing', db.config.clusterPartitions);
    const epoch = owner.owned().get(p) as number;
    await owner.transaction(p, epoch, (c) => retention.run(c, p, Date.now()));
    const row = await reads.service('billing');
    const state = JSON.parse(row?.detector as string);
    const left = await store.pool.query('SELECT MIN(seq)::int AS lo, COUNT(*)::int AS n FROM telemetry WHERE service_id = $1', [row?.id]);
    // Every sample is two days old: only the window (from windowFrontSeq on) is kept.
    expect(left.rows[0].lo).toBe(state.windowFrontSeq);
    scorer.forget(p);
    await log.append(steady('billing', 155, 1));
    expect(await scoreAll('billing')).toBe(1);
  });
});
