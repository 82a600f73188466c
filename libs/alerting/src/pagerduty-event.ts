import { createHash } from 'node:crypto';
import type { AlertEvent } from './alert-event';
import { eventsLink } from './alert-event';

export type PagerDutySeverity = 'critical' | 'error' | 'warning' | 'info';

/** A PagerDuty Events API v2 event (POST /v2/enqueue). */
export interface PagerDutyEvent {
  routing_key: string;
  event_action: 'trigger' | 'resolve';
  dedup_key: string;
  payload?: {
    summary: string;
    source: string;
    severity: PagerDutySeverity;
    timestamp: string;
    component?: string;
    group: string;
    class: string;
    custom_details: unknown;
  };
  client?: string;
  client_url?: string;
  links?: { href: string; text: string }[];
}

const MAX_DEDUP_KEY = 255;
const MAX_SUMMARY = 1024;

/**
 * One incident per drift episode: the key names the drift.detected event that opened it, so the
 * resolve (built from the same episode id) closes exactly that incident.
 */
export function pagerDutyDedupKey(serviceId: string, episodeEventId: number): string {
  const key = `driftwatch:${serviceId}:${episodeEventId}`;
  if (key.length <= MAX_DEDUP_KEY) return key;
  return `driftwatch:${createHash('sha256').update(serviceId).digest('hex')}:${episodeEventId}`;
}

export function buildPagerDutyEvent(alert: AlertEvent, routingKey: string, severity: PagerDutySeverity, publicUrl: string): PagerDutyEvent {
  const dedupKey = pagerDutyDedupKey(alert.serviceId, alert.episodeEventId);
  if (alert.type === 'drift.resolved') return { routing_key: routingKey, event_action: 'resolve', dedup_key: dedupKey };
  const link = eventsLink(publicUrl, alert.serviceId);
  const z = alert.maxZscore === null ? '' : `, max |z| ${alert.maxZscore.toFixed(1)}`;
  const summary = `DriftWatch: ${alert.serviceId}${alert.endpoint ? ` ${alert.endpoint}` : ''} ${alert.metric ?? 'telemetry'} drifted from its baseline (${alert.reason}${z})`;
  return {
    routing_key: routingKey,
    event_action: 'trigger',
    dedup_key: dedupKey,
    payload: {
      summary: summary.slice(0, MAX_SUMMARY),
      source: alert.serviceId,
      severity,
      timestamp: new Date(alert.timeMs).toISOString(),
      ...(alert.metric ? { component: alert.metric } : {}),
      group: 'driftwatch',
      class: alert.reason,
      custom_details: alert.view,
    },
    client: 'DriftWatch',
    client_url: link,
    links: [{ href: link, text: `Drift events of ${alert.serviceId}` }],
  };
}
