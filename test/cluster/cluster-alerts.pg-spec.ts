import type { NestExpressApplication } from '@nestjs/platform-express';
import { Test } from '@nestjs/testing';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ClusterAppModule } from '../../apps/api/src/cluster/cluster-app.module';
import { configureClusterApp } from '../../apps/api/src/cluster/configure-cluster-app';
import { freshDatabase } from './pg-test-db';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Alerts in cluster mode: written in the scoring transaction, delivered by the partition's owner. */
describe('cluster-mode alert delivery (PostgreSQL)', () => {
  let db: Awaited<ReturnType<typeof freshDatabase>>;
  let app: NestExpressApplication;
  let receiver: http.Server;
  const received: { type: string; subject?: string; data: { service_id: string; reason: string } }[] = [];
  let base: string;

  beforeAll(async () => {
    jest.spyOn(console, 'log').mockImplementation(() => undefined);
    receiver = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        received.push(JSON.parse(body));
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    const hook = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
    db = await freshDatabase('alerts', { DRIFTWATCH_CLUSTER_PARTITIONS: '4', DRIFTWATCH_CLUSTER_HEARTBEAT_MS: '20', DRIFTWATCH_ALERT_WEBHOOK_URL: hook, DRIFTWATCH_ALERT_POLL_INTERVAL_MS: '50' });
    const moduleRef = await Test.createTestingModule({ imports: [ClusterAppModule.forRoot(db.config)] }).compile();
    app = moduleRef.createNestApplication<NestExpressApplication>({ logger: ['error'] });
    configureClusterApp(app, db.config);
    await app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await app.close();
    receiver.close();
    await db.drop();
  });

  it('should deliver drift.detected to the webhook once the drift is scored, and mark the row delivered', async () => {
    const t0 = Date.now() - 3_600_000;
    const samples = Array.from({ length: 160 }, (_, i) => ({
      service_id: 'payments',
      latency_ms: i < 150 ? 100 + (i % 7) : 500,
      payload_kb: 3,
      timestamp: new Date(t0 + i * 1000).toISOString(),
    }));
    const res = await fetch(`${base}/v1/telemetry/batch`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ samples }) });
    expect(res.status).toBe(202);
    for (let i = 0; i < 100 && received.length === 0; i++) await sleep(50);
    expect(received).toHaveLength(1);
    expect(received[0].type).toContain('drift.detected');
    expect(received[0].data).toMatchObject({ service_id: 'payments' });
    const { Client } = await import('pg');
    const c = new Client({ connectionString: db.url });
    await c.connect();
    for (let i = 0; i < 50; i++) {
      const row = (await c.query(`SELECT status, attempts FROM alert_outbox`)).rows[0];
      if (row.status === 'delivered') break;
      await sleep(50);
    }
    expect((await c.query(`SELECT status, attempts, destination FROM alert_outbox`)).rows).toEqual([{ status: 'delivered', attempts: 1, destination: 'webhook' }]);
    await c.end();
  });
});
