import { loadConfig } from '@app/config';
import { HealthState, ServiceDetector } from '@app/health/engine';
import type { DriftEventEntity } from '@app/persistence';
import { ClusterDeployments } from './cluster-deployments';
import { ClusterGate } from './cluster-gate';
import type { ClusterReadRepository, ClusterServiceRow, ScoringProgress } from './cluster-read.repository';

const config = loadConfig({ DRIFTWATCH_CLUSTER_MAX_LAG_MS: '1000' });
const NOW = Date.UTC(2026, 11, 2, 9);

function detectorIn(state: 'learning' | 'stable' | 'drifting'): string {
  const d = new ServiceDetector(config);
  let seq = 0;
  const n = state === 'learning' ? 10 : 150;
  for (let i = 0; i < n; i++) d.observe(++seq, NOW - 3_600_000 + seq * 1000, 100 + (i % 5), 2);
  if (state === 'drifting') for (let i = 0; i < 10; i++) d.observe(++seq, NOW - 3_600_000 + seq * 1000, 900, 2);
  return JSON.stringify(d.exportState());
}

/** The reads the gate makes, answered from memory. */
function reads(o: { service?: ClusterServiceRow; lagMs?: number; drifts?: DriftEventEntity[]; samplesSince?: number }): ClusterReadRepository {
  const progress: ScoringProgress = { partition: 3, pending: o.lagMs ? 5 : 0, scoredThroughMs: NOW - 10, lagMs: o.lagMs ?? 0, owner: 'p1' };
  return {
    service: async () => o.service,
    progress: async () => progress,
    transitionsInto: async (_id: number, _to: string, sinceMs: number) => {
      const hits = (o.drifts ?? []).filter((e) => e.ts >= sinceMs);
      return { total: hits.length, latest: hits[0] ?? null };
    },
    samplesSince: async () => o.samplesSince ?? 0,
  } as unknown as ClusterReadRepository;
}

const MARKER = { id: 4, serviceName: 'api', version: 'v2', ts: NOW - 600_000, createdAt: NOW - 600_000 };
/** Markers answered from memory: `api` has one, ten minutes ago, when `withMarker`. */
const markers = (withMarker = false) =>
  ({
    latest: async () => (withMarker ? MARKER : null),
    get: async (id: number) => {
      if (id !== MARKER.id) throw new Error(`Unknown deployment ${id}`);
      return MARKER;
    },
  }) as unknown as ClusterDeployments;

/** A gate on these reads, with no deployment marker. */
const gateOf = (r: ClusterReadRepository) => new ClusterGate(config, r, markers());

const row = (detector: string): ClusterServiceRow => ({ id: 1, name: 'api', partition: 3, detector });
const drift = (ts: number) => ({ id: 9, serviceId: 1, ts, reason: 'consecutive_severe_anomalies', metric: 'latency', toState: HealthState.DRIFT_DETECTED }) as DriftEventEntity;

describe(ClusterGate.name, () => {
  it('should pass a STABLE service whose partition is scored up to date', async () => {
    const d = await gateOf(reads({ service: row(detectorIn('stable')) })).check({ serviceName: 'api' }, NOW);
    expect(d).toMatchObject({ outcome: 'pass', verdict: 'pass', progress: { lagMs: 0 } });
  });

  it('should fail closed (lagging) instead of passing when the partition lags more than CLUSTER_MAX_LAG_MS', async () => {
    const d = await gateOf(reads({ service: row(detectorIn('stable')), lagMs: 1500 })).check({ serviceName: 'api' }, NOW);
    expect(d).toMatchObject({ outcome: 'lagging', verdict: 'inconclusive', retryAfterSeconds: config.gateRetryAfterSeconds });
    expect(d.reason).toContain('1500 ms');
  });

  it('should still fail a service in drift, lag or not (a definite answer)', async () => {
    const d = await gateOf(reads({ service: row(detectorIn('drifting')), lagMs: 5000, drifts: [drift(NOW - 60_000)] })).check({ serviceName: 'api' }, NOW);
    expect(d).toMatchObject({ outcome: 'drifting', verdict: 'fail' });
  });

  it('should fail a drift that began in the period and recovered', async () => {
    const d = await gateOf(reads({ service: row(detectorIn('stable')), drifts: [drift(NOW - 60_000)], samplesSince: 500 })).check(
      { serviceName: 'api', sinceMs: NOW - 3_600_000 },
      NOW,
    );
    expect(d).toMatchObject({ outcome: 'drifted', driftsSince: 1 });
  });

  it('should answer learning, too few samples and unknown service as the embedded gate does', async () => {
    expect((await gateOf(reads({ service: row(detectorIn('learning')) })).check({ serviceName: 'api' }, NOW)).outcome).toBe('learning');
    const few = await gateOf(reads({ service: row(detectorIn('stable')), samplesSince: 3 })).check({ serviceName: 'api', sinceMs: NOW - 60_000 }, NOW);
    expect(few).toMatchObject({ outcome: 'too_few_samples', samplesSince: 3 });
    expect((await new ClusterGate(config, reads({}), markers()).check({ serviceName: 'api' }, NOW)).outcome).toBe('unknown_service');
    expect((await new ClusterGate(config, reads({ lagMs: 2000 }), markers()).check({ serviceName: 'api' }, NOW)).outcome).toBe('lagging');
  });

  it('should judge the period since the latest deployment marker by default, or since the marker given', async () => {
    const gate = new ClusterGate(config, reads({ service: row(detectorIn('stable')), samplesSince: 400 }), markers(true));
    expect(await gate.check({ serviceName: 'api' }, NOW)).toMatchObject({ outcome: 'pass', sinceSource: 'latest_deployment', sinceMs: MARKER.ts, deployment: MARKER });
    expect(await gate.check({ serviceName: 'api', deploymentId: 4 }, NOW)).toMatchObject({ sinceSource: 'deployment', samplesSince: 400 });
    await expect(gate.check({ serviceName: 'other', deploymentId: 4 }, NOW)).rejects.toThrow("is a deployment of 'api'");
  });

  it('should refuse since with deployment, and a period starting in the future', async () => {
    const gate = new ClusterGate(config, reads({ service: row(detectorIn('stable')) }), markers(true));
    await expect(gate.check({ serviceName: 'api', deploymentId: 4, sinceMs: NOW - 1 }, NOW)).rejects.toThrow('not both');
    await expect(gate.check({ serviceName: 'api', sinceMs: NOW + 86_400_000 }, NOW)).rejects.toThrow('future');
  });
});
