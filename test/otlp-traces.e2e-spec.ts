import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import request from 'supertest';
import type { ExportJob, FakeRequest } from './support/otel-export';
import { startTestApp, TestApp } from './support/test-app';

const ROOT = join(__dirname, '..');

/** A deterministic wobble around `mean` (tests must not depend on Math.random). */
const wobble = (i: number, mean: number) => mean * (1 + 0.15 * Math.sin(i * 1.7) + 0.1 * Math.cos(i * 0.37));

/** Runs the real OpenTelemetry SDK and OTLP exporter in a child process (support/otel-export.ts). */
function exportSpans(dir: string, job: ExportJob): Promise<{ success: boolean; spans: number; error: string | null }> {
  const path = join(dir, `job-${Date.now()}-${Math.round(wobble(job.requests.length, 1000))}.json`);
  writeFileSync(path, JSON.stringify(job));
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', join(ROOT, 'test/support/otel-export.ts'), path],
      { cwd: ROOT, env: { ...process.env, TS_NODE_PROJECT: join(ROOT, 'tsconfig.json') } },
    );
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(JSON.parse(out.trim().split('\n').pop() as string)) : reject(new Error(`otel-export exited ${code}: ${err}`))));
  });
}

/** A raw POST (supertest would re-serialise a Buffer sent as JSON). */
async function postRaw(url: string, headers: Record<string, string>, body: Buffer): Promise<{ status: number; body: unknown }> {
  const res = await fetch(url, { method: 'POST', headers, body: new Uint8Array(body) });
  return { status: res.status, body: await res.json() };
}

function traffic(count: number, t0: number, latency: (i: number) => number): FakeRequest[] {
  const out: FakeRequest[] = [];
  for (let i = 0; i < count; i++) {
    const endMs = t0 + i * 200;
    out.push({ kind: 'server', name: 'POST /pay', method: 'POST', route: '/pay', latencyMs: latency(i), bytes: 2048 + (i % 7) * 10, endMs });
    out.push({ kind: 'server', name: 'GET /cart/:id', method: 'GET', route: '/cart/:id', latencyMs: Math.round(wobble(i, 40)), endMs: endMs + 50 });
    // The outgoing call a server makes is a CLIENT span: not a request served, not a sample.
    out.push({ kind: 'client', name: 'SELECT orders', latencyMs: 5, endMs: endMs + 60 });
  }
  return out;
}

describe('POST /v1/traces: OpenTelemetry in (e2e)', () => {
  let app: TestApp;
  let dir: string;
  const t0 = Date.now() - 3_600_000;

  beforeAll(async () => {
    app = await startTestApp();
    dir = mkdtempSync(join(tmpdir(), 'otel-export-'));
  });
  afterAll(async () => {
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('should learn each endpoint from spans the OTLP protobuf exporter sends (gzip), then see a spike the JSON exporter sends', async () => {
    // Whole milliseconds: the SDK takes span times as Dates here.
    const normal = traffic(150, t0, (i) => Math.round(wobble(i, 150)));
    const url = `${app.baseUrl}/v1/traces`;
    expect(await exportSpans(dir, { url, exporter: 'proto', gzip: true, serviceName: 'otel-shop', requests: normal })).toEqual({
      success: true,
      spans: 450,
      error: null,
    });

    const learned = (await request(app.baseUrl).get('/v1/health/otel-shop').expect(200)).body;
    expect(learned.state).toBe('STABLE');
    expect(learned.samples_total).toBe(300);
    const byName = Object.fromEntries(learned.endpoints.map((e: { endpoint: string; samples_total: number; state: string }) => [e.endpoint, e]));
    expect(Object.keys(byName).sort()).toEqual(['GET /cart/:id', 'POST /pay']);
    expect(byName['POST /pay']).toMatchObject({ state: 'STABLE', samples_total: 150 });

    // Latency = end − start, payload = response body size in kB; a span without the size has no payload.
    const pay = (await request(app.baseUrl).get(`/v1/baseline/otel-shop?endpoint=${encodeURIComponent('POST /pay')}`).expect(200)).body;
    const payRequests = normal.filter((r) => r.name === 'POST /pay');
    expect(pay.mean_latency).toBeCloseTo(payRequests.reduce((a, r) => a + r.latencyMs, 0) / payRequests.length, 3);
    expect(pay.p50_payload).toBeGreaterThanOrEqual(2);
    expect(pay.p50_payload).toBeLessThan(2.1);
    const cart = (await request(app.baseUrl).get(`/v1/baseline/otel-shop?endpoint=${encodeURIComponent('GET /cart/:id')}`).expect(200)).body;
    expect(cart.mean_payload).toBeNull();

    const spike = traffic(10, t0 + 40_000, (i) => Math.round(wobble(i, 150) * 4)).filter((r) => r.name === 'POST /pay');
    expect(await exportSpans(dir, { url, exporter: 'json', gzip: false, serviceName: 'otel-shop', requests: spike })).toMatchObject({ success: true });

    const drifting = (await request(app.baseUrl).get('/v1/health/otel-shop').expect(200)).body;
    expect(drifting.state).toBe('DRIFT_DETECTED');
    expect(drifting.metadata).toMatchObject({ endpoint: 'POST /pay', metric: 'latency' });
    expect(drifting.metadata.summary).toContain('drift on POST /pay');
  });

  it('should name an endpoint after the span when there is no route, and report spans it cannot use as partial success', async () => {
    const now = Date.now() - 60_000;
    const body = {
      resourceSpans: [
        {
          resource: { attributes: [{ key: 'service.name', value: { stringValue: 'otel-json' } }] },
          scopeSpans: [
            {
              spans: [
                { name: 'checkout', kind: 'SPAN_KIND_SERVER', startTimeUnixNano: `${now}000000`, endTimeUnixNano: `${now + 12}500000` },
                { name: 'bad-times', kind: 2, startTimeUnixNano: `${now + 10}000000`, endTimeUnixNano: `${now}000000` },
                { name: 'internal', kind: 1, startTimeUnixNano: `${now}000000`, endTimeUnixNano: `${now + 1}000000` },
              ],
            },
          ],
        },
        { resource: { attributes: [] }, scopeSpans: [{ spans: [{ name: 'anonymous', kind: 2, startTimeUnixNano: `${now}000000`, endTimeUnixNano: `${now + 1}000000` }] }] },
      ],
    };
    const res = await request(app.baseUrl).post('/v1/traces').set('Content-Type', 'application/json').send(body).expect(200);
    expect(res.body.partialSuccess.rejectedSpans).toBe(2);
    expect(res.body.partialSuccess.errorMessage).toContain('span "bad-times" of otel-json: end time must be at or after');
    expect(res.body.partialSuccess.errorMessage).toContain('span "anonymous": its resource has no service.name');
    const health = (await request(app.baseUrl).get(`/v1/health/otel-json?endpoint=checkout`).expect(200)).body;
    expect(health.samples_total).toBe(1);
  });

  it('should reject spans older than the service newest by more than DRIFTWATCH_MAX_OUT_OF_ORDER_SECONDS as partial success, and store the rest', async () => {
    const now = Date.now() - 60_000;
    const span = (name: string, endMs: number) => ({ name, kind: 2, startTimeUnixNano: `${endMs - 5}000000`, endTimeUnixNano: `${endMs}000000` });
    const body = (spans: unknown[]) => ({
      resourceSpans: [{ resource: { attributes: [{ key: 'service.name', value: { stringValue: 'otel-late' } }] }, scopeSpans: [{ spans }] }],
    });
    await request(app.baseUrl).post('/v1/traces').set('Content-Type', 'application/json').send(body([span('GET /a', now)])).expect(200, {});
    const res = await request(app.baseUrl)
      .post('/v1/traces')
      .set('Content-Type', 'application/json')
      .send(body([span('GET /a', now - 600_000), span('GET /b', now - 200_000), span('GET /a', now + 10)]))
      .expect(200);
    expect(res.body.partialSuccess.rejectedSpans).toBe(1);
    expect(res.body.partialSuccess.errorMessage).toContain("older than the newest sample of 'otel-late'");
    const health = (await request(app.baseUrl).get('/v1/health/otel-late').expect(200)).body;
    expect(health.samples_total).toBe(3);
  });

  it('should answer {} when every span was used, and take gzip-compressed JSON', async () => {
    const now = Date.now() - 30_000;
    const span = { name: 'GET /ping', kind: 2, startTimeUnixNano: `${now}000000`, endTimeUnixNano: `${now + 3}000000` };
    const body = { resourceSpans: [{ resource: { attributes: [{ key: 'service.name', value: { stringValue: 'otel-gzip' } }] }, scopeSpans: [{ spans: [span] }] }] };
    const res = await postRaw(
      `${app.baseUrl}/v1/traces`,
      { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip' },
      gzipSync(Buffer.from(JSON.stringify(body))),
    );
    expect(res).toEqual({ status: 200, body: {} });
    expect((await request(app.baseUrl).get('/v1/health/otel-gzip').expect(200)).body.samples_total).toBe(1);
  });

  it('should refuse an undecodable body (400), another content type (415), and store nothing', async () => {
    const before = (await request(app.baseUrl).get('/v1/services').expect(200)).body.services.length;
    const garbage = await request(app.baseUrl).post('/v1/traces').set('Content-Type', 'application/x-protobuf').send(Buffer.from('not a protobuf message at all')).expect(400);
    expect(garbage.body.message).toContain('not an OTLP ExportTraceServiceRequest in protobuf');
    await request(app.baseUrl).post('/v1/traces').set('Content-Type', 'application/json').send('{"resourceSpans": 7}').expect(400);
    const text = await request(app.baseUrl).post('/v1/traces').set('Content-Type', 'text/plain').send('hello').expect(415);
    expect(text.body.message).toContain('application/x-protobuf or application/json');
    expect((await request(app.baseUrl).get('/v1/services').expect(200)).body.services.length).toBe(before);
  });

  describe('limits and backpressure, as on /v1/telemetry/batch', () => {
    let busy: TestApp;
    const capacity = 10;
    beforeAll(async () => {
      // A tiny queue committed only every 3 s: easy to fill on purpose.
      busy = await startTestApp({ queueCapacity: capacity, batchMaxSamples: capacity, flushMaxSamples: capacity, flushIntervalMs: 3000 });
    });
    afterAll(() => busy.close());

    const exportOfSpans = (count: number) => {
      const now = Date.now() - 60_000;
      const spans = Array.from({ length: count }, (_, i) => ({ name: 'GET /', kind: 2, startTimeUnixNano: `${now + i}000000`, endTimeUnixNano: `${now + i + 3}000000` }));
      return { resourceSpans: [{ resource: { attributes: [{ key: 'service.name', value: { stringValue: 'otel-busy' } }] }, scopeSpans: [{ spans }] }] };
    };
    const depth = async () => (await request(busy.baseUrl).get('/v1/system/status').expect(200)).body.queue.depth as number;

    it('should refuse more server spans than BATCH_MAX_SAMPLES with a 400 saying how to fix it', async () => {
      const res = await request(busy.baseUrl).post('/v1/traces').send(exportOfSpans(capacity + 1)).expect(400);
      expect(String(res.body.message)).toContain('send_batch_max_size');
    });

    it('should answer 503 with Retry-After while the queue is full, and store the export once there is room', async () => {
      const first = request(busy.baseUrl).post('/v1/traces').send(exportOfSpans(6)).then((r) => r.status);
      for (let i = 0; i < 200 && (await depth()) !== 6; i++) await new Promise((r) => setTimeout(r, 10));
      const tooMany = await request(busy.baseUrl).post('/v1/traces').send(exportOfSpans(5));
      expect(tooMany.status).toBe(503);
      expect(tooMany.headers['retry-after']).toBe('1');
      expect(await first).toBe(200);
      await request(busy.baseUrl).post('/v1/traces').send(exportOfSpans(5)).expect(200);
      expect((await request(busy.baseUrl).get('/v1/health/otel-busy').expect(200)).body.samples_total).toBe(11);
    });
  });
});
