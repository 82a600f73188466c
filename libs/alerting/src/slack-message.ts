import type { AlertEvent } from './alert-event';
import { eventsLink } from './alert-event';

/** A Slack incoming-webhook message: `text` is the notification fallback, `blocks` the layout. */
export interface SlackMessage {
  text: string;
  blocks: Record<string, unknown>[];
}

const MAX_HEADER = 150;

/** The kind decided at the onset (the event view's explanation), e.g. "level shift"; null when there is none. */
function driftKind(alert: AlertEvent): string | null {
  const kind = (alert.view as { explanation?: { kind?: unknown } | null } | null)?.explanation?.kind;
  return typeof kind === 'string' ? kind.replace(/_/g, ' ') : null;
}

/** Slack's three control characters in mrkdwn. */
function escape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function buildSlackMessage(alert: AlertEvent, publicUrl: string): SlackMessage {
  const detected = alert.type === 'drift.detected';
  const title = detected ? `:rotating_light: Drift detected: ${alert.serviceId}` : `:white_check_mark: Drift resolved: ${alert.serviceId}`;
  const z = alert.maxZscore === null ? '—' : alert.maxZscore.toFixed(2);
  const time = new Date(alert.timeMs).toISOString();
  const link = eventsLink(publicUrl, alert.serviceId);
  const on = alert.endpoint ? ` ${alert.endpoint}` : '';
  const kind = detected ? driftKind(alert) : null;
  const text = detected
    ? `Drift detected on ${alert.serviceId}${on}: ${kind ? `${kind} in ` : ''}${alert.metric ?? 'telemetry'} (${alert.reason}, max |z| ${z}) at ${time}`
    : `Drift resolved on ${alert.serviceId}${on}: now ${alert.to} (${alert.reason}) at ${time}`;
  const field = (label: string, value: string) => ({ type: 'mrkdwn', text: `*${label}*\n${escape(value)}` });
  return {
    text,
    blocks: [
      { type: 'header', text: { type: 'plain_text', text: title.slice(0, MAX_HEADER), emoji: true } },
      {
        type: 'section',
        fields: [
          field('Service', alert.serviceId),
          ...(alert.endpoint ? [field('Endpoint', alert.endpoint)] : []),
          field('State', `${alert.from} → ${alert.to}`),
          field('Metric', alert.metric ?? '—'),
          field('Reason', alert.reason),
          ...(kind ? [field('Kind', kind)] : []),
          field('Max |z|', z),
          field('Time', time),
        ],
      },
      { type: 'context', elements: [{ type: 'mrkdwn', text: `<${link}|Drift event #${alert.eventId}> · DriftWatch` }] },
    ],
  };
}
