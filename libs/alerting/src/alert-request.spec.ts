import { createHmac } from 'node:crypto';
import type { AlertEvent } from './alert-event';
import { buildAlertRequest } from './alert-request';
import { pagerDutyDedupKey } from './pagerduty-event';

const publicUrl = 'https://driftwatch.example.com';
const view = { id: 42, service_id: 'payment-api', from: 'STABLE', to: 'DRIFT_DETECTED', reason: 'consecutive_severe_anomalies' };
const detected: AlertEvent = {
  type: 'drift.detected',
  eventId: 42,
  episodeEventId: 42,
  serviceId: 'payment-api',
  timeMs: Date.parse('2026-01-12T10:31:02.100Z'),
  from: 'STABLE',
  to: 'DRIFT_DETECTED',
  reason: 'consecutive_severe_anomalies',
  metric: 'latency',
  maxZscore: 14.234,
  view,
};
const resolved: AlertEvent = {
  ...detected,
  type: 'drift.resolved',
  eventId: 57,
  from: 'DRIFT_DETECTED',
  to: 'STABLE',
  reason: 'recovered',
  metric: null,
  maxZscore: null,
  view: { id: 57 },
};
const now = Date.parse('2026-01-12T10:31:05Z');
const key = Buffer.alloc(32, 1);

describe(buildAlertRequest.name, () => {
  describe('webhook', () => {
    it('should send the event as a structured CloudEvent', () => {
      const sut = buildAlertRequest({ name: 'webhook', url: 'http://r/hook', signingKey: null }, detected, publicUrl, now);
      expect(sut.url).toBe('http://r/hook');
      expect(sut.headers['content-type']).toBe('application/cloudevents+json; charset=utf-8');
      expect(JSON.parse(sut.body)).toEqual({
        specversion: '1.0',
        type: 'dev.driftwatch.drift.detected',
        source: publicUrl,
        subject: 'payment-api',
        id: '42',
        time: '2026-01-12T10:31:02.100Z',
        datacontenttype: 'application/json',
        driftepisodeid: '42',
        data: view,
      });
      expect(sut.headers).toMatchObject({ 'webhook-id': '42', 'webhook-timestamp': String(now / 1000) });
      expect(sut.headers['webhook-signature']).toBeUndefined();
    });

    it('should sign id, timestamp and the exact body when a key is set', () => {
      const sut = buildAlertRequest({ name: 'webhook', url: 'http://r/hook', signingKey: key }, resolved, publicUrl, now);
      const expected = createHmac('sha256', key).update(`57.${now / 1000}.${sut.body}`).digest('base64');
      expect(sut.headers['webhook-signature']).toBe(`v1,${expected}`);
      expect(JSON.parse(sut.body)).toMatchObject({ type: 'dev.driftwatch.drift.resolved', id: '57', driftepisodeid: '42' });
    });
  });

  describe('pagerduty', () => {
    const destination = { name: 'pagerduty' as const, url: 'http://pd/v2/enqueue', routingKey: 'RK', severity: 'error' as const };

    it('should trigger with a summary, a link and the event as custom details', () => {
      const body = JSON.parse(buildAlertRequest(destination, detected, publicUrl, now).body);
      expect(body).toEqual({
        routing_key: 'RK',
        event_action: 'trigger',
        dedup_key: 'driftwatch:payment-api:42',
        payload: {
          summary: 'DriftWatch: payment-api latency drifted from its baseline (consecutive_severe_anomalies, max |z| 14.2)',
          source: 'payment-api',
          severity: 'error',
          timestamp: '2026-01-12T10:31:02.100Z',
          component: 'latency',
          group: 'driftwatch',
          class: 'consecutive_severe_anomalies',
          custom_details: view,
        },
        client: 'DriftWatch',
        client_url: `${publicUrl}/v1/events/payment-api`,
        links: [{ href: `${publicUrl}/v1/events/payment-api`, text: 'Drift events of payment-api' }],
      });
    });

    it('should resolve with the dedup_key of the episode it ends', () => {
      const body = JSON.parse(buildAlertRequest(destination, resolved, publicUrl, now).body);
      expect(body).toEqual({ routing_key: 'RK', event_action: 'resolve', dedup_key: 'driftwatch:payment-api:42' });
    });

    it('should keep a dedup_key within 255 characters for a long service id', () => {
      expect(pagerDutyDedupKey('s'.repeat(1000), 42).length).toBeLessThanOrEqual(255);
    });
  });

  describe('an endpoint\'s drift', () => {
    const onPay: AlertEvent = { ...detected, endpoint: 'POST /pay' };

    it('should name the endpoint in the Slack text and fields', () => {
      const body = JSON.parse(buildAlertRequest({ name: 'slack', url: 'http://s' }, onPay, publicUrl, now).body);
      expect(body.text).toContain('Drift detected on payment-api POST /pay: latency');
      expect(JSON.stringify(body.blocks)).toContain('*Endpoint*\\nPOST /pay');
    });

    it('should name the endpoint in the PagerDuty summary', () => {
      const body = JSON.parse(buildAlertRequest({ name: 'pagerduty' as const, url: 'http://p', routingKey: 'RK', severity: 'error' as const }, onPay, publicUrl, now).body);
      expect(body.payload.summary).toContain('payment-api POST /pay latency drifted');
    });
  });

  describe('slack', () => {
    it('should say what drifted, why, how much, when, and link to the events', () => {
      const body = JSON.parse(buildAlertRequest({ name: 'slack', url: 'http://s' }, detected, publicUrl, now).body);
      expect(body.text).toBe('Drift detected on payment-api: latency (consecutive_severe_anomalies, max |z| 14.23) at 2026-01-12T10:31:02.100Z');
      expect(body.blocks[0]).toEqual({ type: 'header', text: { type: 'plain_text', text: ':rotating_light: Drift detected: payment-api', emoji: true } });
      expect(body.blocks[1].fields.map((f: { text: string }) => f.text)).toEqual([
        '*Service*\npayment-api',
        '*State*\nSTABLE → DRIFT_DETECTED',
        '*Metric*\nlatency',
        '*Reason*\nconsecutive_severe_anomalies',
        '*Max |z|*\n14.23',
        '*Time*\n2026-01-12T10:31:02.100Z',
      ]);
      expect(body.blocks[2].elements[0].text).toBe(`<${publicUrl}/v1/events/payment-api|Drift event #42> · DriftWatch`);
    });

    it('should name the kind of drift decided at the onset when the event carries one', () => {
      const explained = { ...detected, view: { ...view, explanation: { kind: 'level_shift', hints: {} } } };
      const body = JSON.parse(buildAlertRequest({ name: 'slack', url: 'http://s' }, explained, publicUrl, now).body);
      expect(body.text).toBe('Drift detected on payment-api: level shift in latency (consecutive_severe_anomalies, max |z| 14.23) at 2026-01-12T10:31:02.100Z');
      expect(body.blocks[1].fields.map((f: { text: string }) => f.text)).toContain('*Kind*\nlevel shift');
    });

    it('should announce the end of the episode', () => {
      const body = JSON.parse(buildAlertRequest({ name: 'slack', url: 'http://s' }, resolved, publicUrl, now).body);
      expect(body.text).toBe('Drift resolved on payment-api: now STABLE (recovered) at 2026-01-12T10:31:02.100Z');
      expect(body.blocks[1].fields[2].text).toBe('*Metric*\n—');
    });
  });
});
