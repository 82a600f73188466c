import { AlertDeliveryWorker } from '@app/alerting';
import { ConfigError, DriftConfig, loadConfig } from '@app/config';
import { createHmac, timingSafeEqual } from 'node:crypto';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { AppModule } from '../apps/api/src/app.module';
import { RetentionService } from '../apps/api/src/retention/retention.service';
import { normalSamples } from './support/samples';
import { startTestApp, TestApp } from './support/test-app';

/** A real HTTP receiver on loopback: records every request and answers with `respond(callIndex)`. */
class Receiver {
  readonly requests: { path: string; headers: http.IncomingHttpHeaders; body: string }[] = [];
  private constructor(
    private readonly server: http.Server,
    private readonly respond: (call: number) => { status: number; body?: string },
  ) {}

  static async start(respond: (call: number) => { status: number; body?: string } = () => ({ status: 200 }), port = 0): Promise<Receiver> {
    let receiver: Receiver | undefined;
    const server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const call = receiver!.requests.length;
        receiver!.requests.push({ path: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
        const answer = receiver!.respond(call);
        res.writeHead(answer.status, { 'content-type': 'text/plain' }).end(answer.body ?? 'ok');
      });
    });
    receiver = new Receiver(server, respond);
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    return receiver;
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  url(path = '/hook'): string {
    return `http://127.0.0.1:${this.port}${path}`;
  }

  json<T = Record<string, any>>(): T[] {
    return this.requests.map((r) => JSON.parse(r.body) as T);
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

/** A loopback port with nobody listening on it (yet). */
async function freePort(): Promise<number> {
  const probe = await Receiver.start();
  const port = probe.port;
  await probe.close();
  return port;
}

const SECRET = `whsec_${Buffer.from('driftwatch-e2e-signing-key-0123456789').toString('base64')}`;

/** What a receiver does per Standard Webhooks: HMAC of "id.timestamp.body" with the decoded secret, in constant time. */
function verifyStandardWebhook(headers: http.IncomingHttpHeaders, body: string, secret: string): boolean {
  const id = String(headers['webhook-id']);
  const timestamp = Number(headers['webhook-timestamp']);
  if (!Number.isInteger(timestamp) || Math.abs(Date.now() / 1000 - timestamp) > 300) return false;
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  const expected = Buffer.from(createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest('base64'));
  return String(headers['webhook-signature'])
    .split(' ')
    .some((entry) => {
      const [version, signature] = entry.split(',');
      const given = Buffer.from(signature ?? '');
      return version === 'v1' && given.length === expected.length && timingSafeEqual(given, expected);
    });
}

/** Small backoff so retries happen within a test. */
const FAST: Partial<DriftConfig> = { alertRetryBaseMs: 20, alertRetryMaxMs: 100, alertPollIntervalMs: 50, publicUrl: 'http://driftwatch.test' };

const send = (app: TestApp, samples: object[]) => request(app.baseUrl).post('/v1/telemetry/batch').send({ samples }).expect(202);

/** 100 samples make a baseline, 5 samples at ×3 latency raise DRIFT_DETECTED. */
async function raiseDrift(app: TestApp, service: string, t0: number): Promise<void> {
  await send(app, normalSamples(service, 100, t0));
  await send(app, normalSamples(service, 5, t0 + 200_000, 7).map((s) => ({ ...s, latency_ms: s.latency_ms * 3 })));
  expect((await request(app.baseUrl).get(`/v1/health/${service}`).expect(200)).body.state).toBe('DRIFT_DETECTED');
}

/** 50 calm samples end the drift. */
async function recover(app: TestApp, service: string, t0: number): Promise<void> {
  await send(app, normalSamples(service, 50, t0 + 300_000, 11, 100, 0.5));
  expect((await request(app.baseUrl).get(`/v1/health/${service}`).expect(200)).body.state).toBe('STABLE');
}

const deliveries = async (app: TestApp, query = '') => (await request(app.baseUrl).get(`/v1/alerts/deliveries${query}`).expect(200)).body;

async function waitFor<T>(what: string, probe: () => Promise<T | undefined | false> | T | undefined | false, timeoutMs = 15_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

const settled = (app: TestApp, query: string, count: number) =>
  waitFor(`${count} settled deliveries for ${query}`, async () => {
    const body = await deliveries(app, query);
    return body.deliveries.length >= count && body.deliveries.every((d: { status: string }) => d.status !== 'pending') && body;
  });

describe('Alerts (e2e)', () => {
  describe('webhook, Slack and PagerDuty receivers', () => {
    let app: TestApp;
    let webhook: Receiver;
    let slack: Receiver;
    let pagerduty: Receiver;
    const service = 'alert-svc';
    const t0 = Date.now() - 3_600_000;

    beforeAll(async () => {
      [webhook, slack, pagerduty] = await Promise.all([Receiver.start(), Receiver.start(), Receiver.start(() => ({ status: 202, body: '{"status":"success"}' }))]);
      app = await startTestApp({
        ...FAST,
        alertWebhookUrl: webhook.url(),
        alertWebhookSecret: SECRET,
        slackWebhookUrl: slack.url('/services/T000/B000/XXXX'),
        pagerdutyRoutingKey: 'e2e-routing-key',
        pagerdutyUrl: pagerduty.url('/v2/enqueue'),
      });
      await raiseDrift(app, service, t0);
      await recover(app, service, t0);
      await settled(app, `?service_id=${service}`, 6);
    });
    afterAll(async () => {
      await app.close();
      await Promise.all([webhook.close(), slack.close(), pagerduty.close()]);
    });

    it('should send a signed CloudEvent for the drift and one for its end, in order', async () => {
      const events = (await request(app.baseUrl).get(`/v1/events/${service}?limit=10`).expect(200)).body.events;
      const drift = events.find((e: { to: string }) => e.to === 'DRIFT_DETECTED');
      const end = events.find((e: { from: string }) => e.from === 'DRIFT_DETECTED');
      expect(webhook.requests).toHaveLength(2);
      for (const r of webhook.requests) {
        expect(r.headers['content-type']).toBe('application/cloudevents+json; charset=utf-8');
        expect(verifyStandardWebhook(r.headers, r.body, SECRET)).toBe(true);
        expect(verifyStandardWebhook(r.headers, r.body.replace('alert-svc', 'alert-svd'), SECRET)).toBe(false);
      }
      const [detected, resolved] = webhook.json();
      expect(detected).toEqual({
        specversion: '1.0',
        type: 'dev.driftwatch.drift.detected',
        source: 'http://driftwatch.test',
        subject: service,
        id: String(drift.id),
        time: drift.timestamp,
        datacontenttype: 'application/json',
        driftepisodeid: String(drift.id),
        // The alert carries the explanation decided at the onset; GET /v1/events refines it with the episode.
        data: { ...drift, explanation: expect.objectContaining({ basis: 'onset', samples_after_onset: 0, kind: expect.any(String) }) },
      });
      expect(resolved).toMatchObject({ type: 'dev.driftwatch.drift.resolved', id: String(end.id), driftepisodeid: String(drift.id), data: end });
      expect(webhook.requests.map((r) => r.headers['webhook-id'])).toEqual([String(drift.id), String(end.id)]);
    });

    it('should trigger and resolve one PagerDuty incident with the same dedup_key', () => {
      const [trigger, resolve] = pagerduty.json();
      expect(pagerduty.requests.map((r) => r.path)).toEqual(['/v2/enqueue', '/v2/enqueue']);
      expect(trigger).toMatchObject({
        routing_key: 'e2e-routing-key',
        event_action: 'trigger',
        payload: { source: service, severity: 'error', component: 'latency', class: 'consecutive_severe_anomalies', group: 'driftwatch' },
        links: [{ href: `http://driftwatch.test/v1/events/${service}`, text: `Drift events of ${service}` }],
      });
      expect(trigger.payload.summary).toContain(`${service} latency drifted`);
      expect(trigger.dedup_key).toMatch(new RegExp(`^driftwatch:${service}:\\d+$`));
      expect(resolve).toEqual({ routing_key: 'e2e-routing-key', event_action: 'resolve', dedup_key: trigger.dedup_key });
    });

    it('should post a readable Slack message with a link to the events', () => {
      const [detected, resolved] = slack.json();
      expect(slack.requests[0].path).toBe('/services/T000/B000/XXXX');
      // The kind decided at the onset leads the text: the on-call engineer's first question.
      expect(detected.text).toMatch(new RegExp(`^Drift detected on ${service}: [a-z ]+ in latency \\(consecutive_severe_anomalies, max \\|z\\| \\d+\\.\\d\\d\\) at `));
      expect(detected.blocks.map((b: { type: string }) => b.type)).toEqual(['header', 'section', 'context']);
      expect(detected.blocks[1].fields.map((f: { text: string }) => f.text.split('\n')[0])).toEqual([
        '*Service*',
        '*State*',
        '*Metric*',
        '*Reason*',
        '*Kind*',
        '*Max |z|*',
        '*Time*',
      ]);
      expect(detected.blocks[2].elements[0].text).toContain(`<http://driftwatch.test/v1/events/${service}|Drift event #`);
      expect(resolved.text).toMatch(new RegExp(`^Drift resolved on ${service}: now STABLE`));
    });

    it('should list the deliveries, newest first, with the destinations configured', async () => {
      const body = await deliveries(app, `?service_id=${service}`);
      expect(body.destinations).toEqual(['webhook', 'slack', 'pagerduty']);
      expect(body.deliveries).toHaveLength(6);
      expect(body.deliveries[0]).toEqual({
        id: expect.any(Number),
        destination: 'pagerduty',
        type: 'drift.resolved',
        event_id: expect.any(Number),
        service_id: service,
        status: 'delivered',
        attempts: 1,
        created_at: expect.any(String),
        next_attempt_at: null,
        last_attempt_at: expect.any(String),
        delivered_at: expect.any(String),
        last_status: 202,
        last_error: null,
      });
      const ids = body.deliveries.map((d: { id: number }) => d.id);
      expect(ids).toEqual([...ids].sort((a, b) => b - a));
    });

    it('should filter deliveries by status, destination, service and limit', async () => {
      expect((await deliveries(app, '?status=delivered&destination=slack')).deliveries.map((d: { destination: string }) => d.destination)).toEqual([
        'slack',
        'slack',
      ]);
      expect((await deliveries(app, '?status=failed')).deliveries).toEqual([]);
      expect((await deliveries(app, '?status=pending')).deliveries).toEqual([]);
      expect((await deliveries(app, '?service_id=other-svc')).deliveries).toEqual([]);
      expect((await deliveries(app, '?limit=2')).deliveries).toHaveLength(2);
    });

    it.each([
      ['?status=sent', 'status must be one of pending, delivered, failed'],
      ['?destination=email', 'destination must be one of webhook, slack, pagerduty'],
      ['?limit=abc', 'limit must be an integer from 1 to 1000'],
      ['?limit=0', 'limit must be an integer from 1 to 1000'],
      ['?service_id=a%20b', 'service_id must start with a letter or digit and contain only letters, digits, ".", "_", ":" or "-"'],
      ['?secret=1', 'property secret should not exist'],
    ])('should answer 400 to %s', async (query, message) => {
      const res = await request(app.baseUrl).get(`/v1/alerts/deliveries${query}`).expect(400);
      expect(res.body).toMatchObject({ statusCode: 400, error: 'Bad Request' });
      expect(res.body.message).toEqual([message]);
    });

    it('should document the route in Swagger with its filters and examples', async () => {
      const spec = (await request(app.baseUrl).get('/docs-json').expect(200)).body;
      const route = spec.paths['/v1/alerts/deliveries'].get;
      expect(route.parameters.map((p: { name: string }) => p.name).sort()).toEqual(['destination', 'limit', 'service_id', 'status']);
      expect(Object.keys(route.responses)).toEqual(expect.arrayContaining(['200', '400']));
      const dto = spec.components.schemas.AlertDeliveryDto.properties;
      expect(dto.status.enum).toEqual(['pending', 'delivered', 'failed']);
      expect(dto.last_error.example).toBe('HTTP 503: upstream unavailable');
    });

    it('should never show a secret', async () => {
      const text = JSON.stringify(await deliveries(app));
      for (const secret of [SECRET, 'e2e-routing-key', 'XXXX']) expect(text).not.toContain(secret);
    });
  });

  describe('failing receivers', () => {
    let app: TestApp;
    let flaky: Receiver;
    let refusing: Receiver;
    const service = 'flaky-svc';
    const t0 = Date.now() - 3_600_000;

    beforeAll(async () => {
      flaky = await Receiver.start((call) => (call < 3 ? { status: 503, body: 'warming up' } : { status: 204 }));
      refusing = await Receiver.start(() => ({ status: 400, body: 'invalid_payload' }));
      app = await startTestApp({ ...FAST, alertWebhookUrl: flaky.url(), slackWebhookUrl: refusing.url() });
      await raiseDrift(app, service, t0);
      await recover(app, service, t0);
      await settled(app, '', 4);
    });
    afterAll(async () => {
      await app.close();
      await Promise.all([flaky.close(), refusing.close()]);
    });

    it('should retry a receiver that fails its first 3 calls and deliver on the 4th, keeping the service order', async () => {
      const [resolved, detected] = (await deliveries(app, '?destination=webhook')).deliveries;
      expect(detected).toMatchObject({ type: 'drift.detected', status: 'delivered', attempts: 4, last_status: 204, last_error: null });
      expect(resolved).toMatchObject({ type: 'drift.resolved', status: 'delivered', attempts: 1 });
      // The resolve waited behind the detect: 4 tries of one, then the other; every try of an alert is the same message.
      const types = flaky.json<{ type: string; id: string }>().map((e) => e.type);
      expect(types).toEqual([...Array(4).fill('dev.driftwatch.drift.detected'), 'dev.driftwatch.drift.resolved']);
      const firstFour = flaky.requests.slice(0, 4);
      expect(new Set(firstFour.map((r) => r.body)).size).toBe(1);
      expect(new Set(firstFour.map((r) => r.headers['webhook-id'])).size).toBe(1);
      expect(flaky.requests[0].headers['webhook-signature']).toBeUndefined();
    });

    it('should give up at once on a 400 and say why', async () => {
      const failed = (await deliveries(app, '?status=failed')).deliveries;
      expect(failed).toHaveLength(2);
      for (const d of failed) {
        expect(d).toMatchObject({ destination: 'slack', status: 'failed', attempts: 1, last_status: 400, delivered_at: null, next_attempt_at: null });
        expect(d.last_error).toBe('HTTP 400: invalid_payload (not retried: the receiver refused the request)');
      }
      await new Promise((r) => setTimeout(r, 300));
      expect(refusing.requests).toHaveLength(2);
    });

    it('should let the retention job delete settled deliveries with their events', async () => {
      const result = await app.app.get(RetentionService).run(Date.now() + 31 * 86_400_000);
      expect(result.alertsDeleted).toBe(4);
      expect((await deliveries(app)).deliveries).toEqual([]);
    });
  });

  describe('a receiver down across a DriftWatch restart', () => {
    it('should keep the alert pending, and deliver it after the restart once the receiver is up', async () => {
      const port = await freePort();
      const service = 'restart-alert-svc';
      const url = `http://127.0.0.1:${port}/hook`;
      const first = await startTestApp({ ...FAST, alertWebhookUrl: url, alertWebhookSecret: SECRET });
      let second: TestApp | undefined;
      let receiver: Receiver | undefined;
      try {
        await raiseDrift(first, service, Date.now() - 3_600_000);
        const pending = await waitFor('a failed attempt', async () => {
          const [d] = (await deliveries(first)).deliveries;
          return d?.attempts >= 2 && d;
        });
        expect(pending).toMatchObject({ status: 'pending', last_status: null, next_attempt_at: expect.any(String) });
        expect(pending.last_error).toContain('ECONNREFUSED');
        await first.stop();

        receiver = await Receiver.start(() => ({ status: 200 }), port);
        second = await startTestApp({ ...FAST, alertWebhookUrl: url, alertWebhookSecret: SECRET, dbPath: first.dbPath });
        const [delivered] = (await settled(second, '', 1)).deliveries;
        expect(delivered).toMatchObject({ status: 'delivered', event_id: pending.event_id, last_status: 200 });
        expect(delivered.attempts).toBeGreaterThan(pending.attempts);
        expect(receiver.requests).toHaveLength(1);
        expect(receiver.requests[0].headers['webhook-id']).toBe(String(pending.event_id));
        expect(verifyStandardWebhook(receiver.requests[0].headers, receiver.requests[0].body, SECRET)).toBe(true);
      } finally {
        await (second ?? first).close();
        await first.close();
        await receiver?.close();
      }
    });
  });

  describe('shutdown during an attempt', () => {
    it('should abort the attempt without counting it and send the alert after the restart', async () => {
      let hang = true;
      // The first request never gets an answer: DriftWatch stops while it waits.
      const hanging = http.createServer((req, res) => (hang ? req.resume() : res.writeHead(200).end()));
      await new Promise<void>((resolve) => hanging.listen(0, '127.0.0.1', resolve));
      const url = `http://127.0.0.1:${(hanging.address() as AddressInfo).port}/hook`;
      const overrides = { ...FAST, alertWebhookUrl: url, alertTimeoutMs: 60_000 };
      const first = await startTestApp(overrides);
      let second: TestApp | undefined;
      try {
        await raiseDrift(first, 'shutdown-svc', Date.now() - 3_600_000);
        await waitFor('the attempt in flight', () => first.app.get(AlertDeliveryWorker).inFlightCount === 1);
        await first.stop();
        hang = false;
        second = await startTestApp({ ...overrides, dbPath: first.dbPath });
        const [delivered] = (await settled(second, '', 1)).deliveries;
        expect(delivered).toMatchObject({ status: 'delivered', attempts: 1, last_status: 200 });
      } finally {
        await (second ?? first).close();
        await first.close();
        hanging.closeAllConnections();
        await new Promise((resolve) => hanging.close(resolve));
      }
    });
  });

  describe('settings', () => {
    it('should refuse a bad signing secret before the app starts, without showing it', () => {
      const config = loadConfig({}, { alertWebhookUrl: 'http://127.0.0.1:9/hook', alertWebhookSecret: 'whsec_tooshort' });
      expect(() => AppModule.forRoot(config)).toThrow(ConfigError);
      expect(() => AppModule.forRoot(config)).toThrow('Invalid DRIFTWATCH_ALERT_WEBHOOK_SECRET (value not shown): must decode to 24-64 bytes, got 6');
    });
  });

  describe('no destination configured', () => {
    it('should write no outbox rows', async () => {
      const app = await startTestApp();
      try {
        await raiseDrift(app, 'quiet-svc', Date.now() - 3_600_000);
        expect(await deliveries(app)).toEqual({ destinations: [], deliveries: [] });
      } finally {
        await app.close();
      }
    });
  });
});
