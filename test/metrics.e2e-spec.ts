import { METRIC, MetricsService } from '@app/metrics';
import { Gauge } from 'prom-client';
import request from 'supertest';
import { normalSamples } from './support/samples';
import { startTestApp, TestApp } from './support/test-app';

interface Sample {
  labels?: Record<string, string>;
  value?: string;
  count?: string;
  buckets?: Record<string, string>;
}
interface Family {
  name: string;
  type: string;
  metrics: Sample[];
}
// No type declarations ship with the parser; this is its documented shape.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const parsePrometheus = require('parse-prometheus-text-format') as (text: string) => Family[];

async function scrape(app: TestApp): Promise<Map<string, Family>> {
  const res = await request(app.baseUrl).get('/metrics').expect(200);
  expect(res.headers['content-type']).toMatch(/^text\/plain;.*version=0\.0\.4/);
  return new Map(parsePrometheus(res.text).map((f) => [f.name, f]));
}

/** The value of one series; `labels` must match exactly the series' labels. */
function value(families: Map<string, Family>, name: string, labels: Record<string, string> = {}): number {
  const family = families.get(name);
  if (!family) throw new Error(`no metric ${name}`);
  const series = family.metrics.find((m) => JSON.stringify(m.labels ?? {}) === JSON.stringify(labels));
  if (!series) throw new Error(`no series ${name}${JSON.stringify(labels)}`);
  return Number(series.value ?? series.count);
}

describe('GET /metrics (e2e)', () => {
  let sut: TestApp;
  const start = Date.now() - 600_000;

  beforeAll(async () => {
    sut = await startTestApp({ metricsMaxServices: 2 });
    const post = (samples: unknown[]) => request(sut.baseUrl).post('/v1/telemetry/batch').send({ samples });
    await post(normalSamples('orders', 120, start)).expect(202);
    await post(normalSamples('billing', 30, start)).expect(202);
    await post(normalSamples('cart', 10, start)).expect(202);
    // Rejected: one bad sample, a batch of three with one bad sample (all or nothing), malformed JSON.
    await request(sut.baseUrl).post('/v1/telemetry').send({ service_id: 'orders', latency_ms: -1 }).expect(400);
    const batch = normalSamples('orders', 3, start);
    batch[1].latency_ms = -5;
    await post(batch).expect(400);
    await request(sut.baseUrl).post('/v1/telemetry').set('Content-Type', 'application/json').send('{"service_id":').expect(400);
  });
  afterAll(() => sut.close());

  it('should count samples ingested and rejected by reason, and requests rejected by reason', async () => {
    const m = await scrape(sut);
    expect(value(m, METRIC.samplesIngested)).toBe(160);
    expect(value(m, METRIC.samplesRejected, { reason: 'invalid' })).toBe(4);
    expect(value(m, METRIC.samplesRejected, { reason: 'queue_full' })).toBe(0);
    expect(value(m, METRIC.samplesRejected, { reason: 'commit_failed' })).toBe(0);
    expect(value(m, METRIC.requestsRejected, { reason: 'invalid' })).toBe(2);
    expect(value(m, METRIC.requestsRejected, { reason: 'malformed_json' })).toBe(1);
    expect(value(m, METRIC.requestsRejected, { reason: 'overloaded' })).toBe(0);
  });

  it('should show the queue, the commit histogram, services by state and drift events by reason', async () => {
    const m = await scrape(sut);
    expect(value(m, METRIC.queueDepth)).toBe(0);
    expect(value(m, METRIC.queueCapacity)).toBe(sut.config.queueCapacity);
    expect(m.get(METRIC.commitDuration)?.type).toBe('HISTOGRAM');
    expect(value(m, METRIC.commitDuration)).toBeGreaterThanOrEqual(3);
    expect(value(m, METRIC.services, { state: 'STABLE' })).toBe(1);
    expect(value(m, METRIC.services, { state: 'INSUFFICIENT_DATA' })).toBe(2);
    expect(value(m, METRIC.services, { state: 'DRIFT_DETECTED' })).toBe(0);
    expect(value(m, METRIC.driftEvents, { reason: 'baseline_ready' })).toBe(1);
    expect(value(m, METRIC.driftEvents, { reason: 'persistent_shift' })).toBe(0);
    expect(m.has('process_cpu_user_seconds_total')).toBe(true);
    expect(m.has('nodejs_heap_size_used_bytes')).toBe(true);
  });

  it('should export per-service series for at most METRICS_MAX_SERVICES services and count the rest', async () => {
    const m = await scrape(sut);
    expect(value(m, METRIC.serviceState, { service_id: 'orders', state: 'STABLE' })).toBe(1);
    expect(value(m, METRIC.serviceState, { service_id: 'orders', state: 'DRIFT_DETECTED' })).toBe(0);
    expect(value(m, METRIC.serviceSamples, { service_id: 'billing' })).toBe(30);
    const ids = new Set(m.get(METRIC.serviceState)?.metrics.map((s) => s.labels?.service_id));
    expect([...ids].sort()).toEqual(['billing', 'orders']);
    expect(value(m, METRIC.servicesOmitted)).toBe(1);
  });

  it('should let another module add its metrics through registerCollector', async () => {
    const metrics = sut.app.get(MetricsService);
    const deliveries = new Gauge({
      name: 'driftwatch_test_collector',
      help: 'test',
      labelNames: ['destination', 'outcome'],
      registers: [metrics.registry],
    });
    metrics.registerCollector(() => deliveries.set({ destination: 'webhook', outcome: 'delivered' }, 2));
    expect(value(await scrape(sut), 'driftwatch_test_collector', { destination: 'webhook', outcome: 'delivered' })).toBe(2);
  });

  it('should start the drift event counter from the stored events after a restart', async () => {
    await sut.stop();
    const restarted = await startTestApp({ dbPath: sut.dbPath, metricsMaxServices: 2 });
    try {
      const m = await scrape(restarted);
      expect(value(m, METRIC.driftEvents, { reason: 'baseline_ready' })).toBe(1);
      expect(value(m, METRIC.services, { state: 'INSUFFICIENT_DATA' })).toBe(2);
      expect(value(m, METRIC.serviceSamples, { service_id: 'orders' })).toBe(120);
    } finally {
      await restarted.stop();
    }
  });
});
