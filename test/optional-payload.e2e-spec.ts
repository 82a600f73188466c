import { DRIFT_CONFIG_DEFAULTS } from '@app/config';
import Database from 'better-sqlite3';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { InitialSchema1764000000000 } from '../libs/persistence/src/migrations/1764000000000-initial-schema';
import { normalSamples } from './support/samples';
import { startTestApp, TestApp } from './support/test-app';

const latencyOnly = (service: string, count: number, startMs: number, seed = 1) =>
  normalSamples(service, count, startMs, seed).map(({ service_id, latency_ms, timestamp }) => ({ service_id, latency_ms, timestamp }));

describe('payload_kb is optional (e2e)', () => {
  let sut: TestApp;
  const start = Date.now() - 600_000;

  beforeAll(async () => {
    sut = await startTestApp();
  });
  afterAll(() => sut.close());

  it('should accept samples without payload_kb (or with null) and store NULL', async () => {
    await request(sut.baseUrl).post('/v1/telemetry').send({ service_id: 'lat-only', latency_ms: 150 }).expect(202);
    await request(sut.baseUrl).post('/v1/telemetry').send({ service_id: 'lat-only', latency_ms: 151, payload_kb: null }).expect(202);
    const db = new Database(sut.dbPath, { readonly: true });
    try {
      const nulls = db.prepare('SELECT COUNT(*) FROM telemetry WHERE payload_kb IS NULL').pluck().get();
      expect(nulls).toBe(2);
    } finally {
      db.close();
    }
  });

  // Needs the detector to treat a non-finite payload as absent (the engine rewrite): with the
  // previous engine NaN payloads poison the payload statistics.
  it('should watch a latency-only service on latency alone: STABLE, payload statistics null', async () => {
    const ready = DRIFT_CONFIG_DEFAULTS.minSamplesForBaseline;
    await request(sut.baseUrl).post('/v1/telemetry/batch').send({ samples: latencyOnly('latency-svc', ready + 20, start) }).expect(202);
    const health = (await request(sut.baseUrl).get('/v1/health/latency-svc').expect(200)).body;
    expect(health).toMatchObject({ state: 'STABLE', samples_total: ready + 20 });
    const baseline = (await request(sut.baseUrl).get('/v1/baseline/latency-svc').expect(200)).body;
    expect(baseline.mean_latency).toBeGreaterThan(100);
    expect(baseline).toMatchObject({ mean_payload: null, stddev_payload: null, p50_payload: null, p95_payload: null, p99_payload: null });
    // A latency spike still raises drift.
    const spike = latencyOnly('latency-svc', DRIFT_CONFIG_DEFAULTS.driftConsecutiveThreshold, start + 200_000, 7).map((s) => ({ ...s, latency_ms: s.latency_ms * 3 }));
    await request(sut.baseUrl).post('/v1/telemetry/batch').send({ samples: spike }).expect(202);
    const drift = (await request(sut.baseUrl).get('/v1/health/latency-svc').expect(200)).body;
    expect(drift).toMatchObject({ state: 'DRIFT_DETECTED', metadata: { metric: 'latency' } });
  });

  it('should restore a latency-only service after a restart and keep scoring it', async () => {
    await sut.stop();
    sut = await startTestApp({ dbPath: sut.dbPath });
    const baseline = (await request(sut.baseUrl).get('/v1/baseline/latency-svc').expect(200)).body;
    expect(baseline).toMatchObject({ mean_payload: null, p99_payload: null });
    expect(baseline.mean_latency).toBeGreaterThan(100);
    await request(sut.baseUrl).post('/v1/telemetry/batch').send({ samples: latencyOnly('latency-svc', 10, start + 300_000, 9) }).expect(202);
    expect((await request(sut.baseUrl).get('/v1/health/latency-svc').expect(200)).body.samples_total).toBe(DRIFT_CONFIG_DEFAULTS.minSamplesForBaseline + 20 + 5 + 10);
  });
});

describe('migration 1765000000003 (optional payload) on an existing database', () => {
  it('should keep every row and allow NULL payloads afterwards', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'driftwatch-migrate-'));
    const dbPath = path.join(dir, 'driftwatch.db');
    // A database as the previous version left it: only the initial schema, payload NOT NULL.
    const old = new DataSource({ type: 'better-sqlite3', database: dbPath, migrations: [InitialSchema1764000000000], migrationsRun: false });
    await old.initialize();
    await old.runMigrations();
    await old.query(`INSERT INTO telemetry (service_id, seq, ts, latency_ms, payload_kb, baseline) VALUES (1, 1, 1000, 150.5, 2.5, 1), (1, 2, 2000, 151, 2.25, 0)`);
    await old.destroy();

    const app = await startTestApp({ dbPath });
    try {
      const db = new Database(dbPath, { readonly: true });
      try {
        const columns = db.prepare('PRAGMA table_info(telemetry)').all() as { name: string; notnull: number; pk: number }[];
        expect(columns.find((c) => c.name === 'payload_kb')?.notnull).toBe(0);
        expect(columns.filter((c) => c.pk > 0).map((c) => c.name)).toEqual(['service_id', 'seq']);
        expect(db.prepare('SELECT sql FROM sqlite_master WHERE name = ?').pluck().get('telemetry')).toContain('WITHOUT ROWID');
        expect(db.prepare('SELECT service_id, seq, ts, latency_ms, payload_kb, baseline FROM telemetry ORDER BY seq').all()).toEqual([
          { service_id: 1, seq: 1, ts: 1000, latency_ms: 150.5, payload_kb: 2.5, baseline: 1 },
          { service_id: 1, seq: 2, ts: 2000, latency_ms: 151, payload_kb: 2.25, baseline: 0 },
        ]);
      } finally {
        db.close();
      }
    } finally {
      await app.close();
    }
  });
});
