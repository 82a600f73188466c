import type { AlertEvent } from './alert-event';
import type { AlertDestination } from './alert-settings';
import { buildCloudEvent } from './cloud-event';
import { buildPagerDutyEvent } from './pagerduty-event';
import { buildSlackMessage } from './slack-message';
import { signWebhook } from './standard-webhooks';

export interface AlertRequest {
  url: string;
  headers: Record<string, string>;
  body: string;
}

const USER_AGENT = 'DriftWatch-Alerts/1.0';

/** The HTTP request one attempt sends; `nowMs` stamps the webhook attempt (webhook-timestamp). */
export function buildAlertRequest(destination: AlertDestination, alert: AlertEvent, publicUrl: string, nowMs: number): AlertRequest {
  switch (destination.name) {
    case 'webhook': {
      const body = JSON.stringify(buildCloudEvent(alert, publicUrl));
      const id = String(alert.eventId);
      const timestamp = Math.floor(nowMs / 1000);
      const headers: Record<string, string> = {
        'content-type': 'application/cloudevents+json; charset=utf-8',
        'user-agent': USER_AGENT,
        'webhook-id': id,
        'webhook-timestamp': String(timestamp),
      };
      if (destination.signingKey) headers['webhook-signature'] = signWebhook(destination.signingKey, id, timestamp, body);
      return { url: destination.url, headers, body };
    }
    case 'slack':
      return { url: destination.url, headers: jsonHeaders(), body: JSON.stringify(buildSlackMessage(alert, publicUrl)) };
    case 'pagerduty':
      return {
        url: destination.url,
        headers: jsonHeaders(),
        body: JSON.stringify(buildPagerDutyEvent(alert, destination.routingKey, destination.severity, publicUrl)),
      };
  }
}

function jsonHeaders(): Record<string, string> {
  return { 'content-type': 'application/json; charset=utf-8', 'user-agent': USER_AGENT };
}
