/** What an alert says about a drift event; every payload builder reads only this. */

export type AlertType = 'drift.detected' | 'drift.resolved';
export type AlertDestinationName = 'webhook' | 'slack' | 'pagerduty';

/** The detector's state that alerts are about (the states outlive the detector's reason names). */
const DRIFT_STATE = 'DRIFT_DETECTED';

/**
 * Decides by states only, so new detector rules need no change here: entering DRIFT_DETECTED
 * opens an episode, leaving it (to STABLE, or to learning after a reset or relearn) closes it.
 */
export function alertTypeFor(from: string, to: string): AlertType | null {
  if (to === DRIFT_STATE && from !== DRIFT_STATE) return 'drift.detected';
  if (from === DRIFT_STATE && to !== DRIFT_STATE) return 'drift.resolved';
  return null;
}

export interface AlertEvent {
  type: AlertType;
  eventId: number;
  /** The DRIFT_DETECTED event that opened the episode (equal to eventId for drift.detected). */
  episodeEventId: number;
  serviceId: string;
  /** Time of the triggering sample (or operator action), ms since epoch. */
  timeMs: number;
  from: string;
  to: string;
  reason: string;
  metric: string | null;
  /** The endpoint whose detector drifted; absent or null for the service's own samples. */
  endpoint?: string | null;
  maxZscore: number | null;
  /** The event exactly as `GET /v1/events` shows it. */
  view: unknown;
}

/** Where a person looks at the service's drift events. */
export function eventsLink(publicUrl: string, serviceId: string): string {
  return `${publicUrl}/v1/events/${encodeURIComponent(serviceId)}`;
}
