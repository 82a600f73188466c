import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { normalSamples } from './support/samples';
import { startTestApp, TestApp } from './support/test-app';

const ROOT = join(__dirname, '..');
type Sample = ReturnType<typeof normalSamples>[number];

/**
 * Three interleaved services: a spike, a recovery, a moderate wobble and a slow creep at 10 samples
 * a second, and a sparse one (a sample every 90 s) with one isolated extreme point (rule 4) after
 * which its baseline is confirmed.
 */
function traffic(): Sample[] {
  const t0 = Date.now() - 2 * 3_600_000;
  const a = [
    ...normalSamples('replay-a', 300, t0, 21),
    ...normalSamples('replay-a', 10, t0 + 30_000, 22).map((s) => ({ ...s, latency_ms: s.latency_ms * 3 })),
    ...normalSamples('replay-a', 150, t0 + 31_000, 23, 100, 0.5),
    ...normalSamples('replay-a', 60, t0 + 46_000, 24).map((s, i) => ({ ...s, latency_ms: s.latency_ms + (i % 2) * 75 })),
  ];
  const b = normalSamples('replay-b', 900, t0, 31).map((s, i) => ({ ...s, latency_ms: s.latency_ms * (i < 300 ? 1 : 1 + (0.6 * (i - 300)) / 600) }));
  // c (one sample every 90 s) moves to a new level that lasts: after 100 samples and an hour of
  // drift it is adopted as the new normal (the committer marks those samples as the window).
  const c = normalSamples('replay-c', 520, Date.now() - 14 * 3_600_000, 41, 90_000).map((s, i) =>
    i >= 250 ? { ...s, latency_ms: s.latency_ms * 1.6 } : s,
  );
  const merged: Sample[] = [];
  for (let i = 0; i < Math.max(a.length, b.length, c.length); i++) {
    if (i < a.length) merged.push(a[i]);
    if (i < b.length) merged.push(b[i]);
    if (i < c.length) merged.push(c[i]);
  }
  return merged;
}

const comparable = (e: Record<string, unknown>) => ({
  timestamp: e.timestamp,
  service_id: e.service_id,
  seq: e.seq,
  from: e.from,
  to: e.to,
  reason: e.reason,
  metric: e.metric,
  count: e.count,
  max_zscore: e.max_zscore,
  z_latency: e.z_latency,
  z_payload: e.z_payload,
});

describe('Replay and HTTP give the same transitions (e2e)', () => {
  let app: TestApp;
  let dir: string;
  const samples = traffic();

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'replay-vs-http-'));
    app = await startTestApp();
  });
  afterAll(async () => {
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('should produce identical transitions, one by one', async () => {
    const input = join(dir, 'traffic.jsonl');
    const output = join(dir, 'transitions.jsonl');
    writeFileSync(input, samples.map((s) => JSON.stringify(s)).join('\n') + '\n');
    const run = spawnSync(
      process.execPath,
      ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', join(ROOT, 'apps/api/src/cli/replay.ts'), input, '--out', output],
      { cwd: ROOT, encoding: 'utf8', env: { ...process.env, TS_NODE_PROJECT: join(ROOT, 'tsconfig.json') } },
    );
    expect(run.stderr).not.toContain('line ');
    expect(run.status).toBe(0);
    const replayed = readFileSync(output, 'utf8').trim().split('\n').map((l) => comparable(JSON.parse(l)));

    for (let i = 0; i < samples.length; i += 250) {
      await request(app.baseUrl).post('/v1/telemetry/batch').send({ samples: samples.slice(i, i + 250) }).expect(202);
    }
    const events = (await request(app.baseUrl).get('/v1/events?limit=1000').expect(200)).body.events as Record<string, unknown>[];
    // The API lists newest first; replay writes in stream order. Order both by service, then seq.
    const order = (x: { service_id: unknown; seq: unknown }, y: { service_id: unknown; seq: unknown }) =>
      String(x.service_id).localeCompare(String(y.service_id)) || Number(x.seq) - Number(y.seq);
    const served = events.map(comparable).sort(order);

    expect(served).toEqual([...replayed].sort(order));
    expect(replayed.map((t) => `${t.service_id} ${t.reason}`)).toEqual(
      expect.arrayContaining([
        'replay-a baseline_ready',
        'replay-a consecutive_severe_anomalies',
        'replay-a recovered',
        'replay-b baseline_ready',
        'replay-b persistent_shift',
        'replay-c new_normal_adopted',
      ]),
    );
  });
});
