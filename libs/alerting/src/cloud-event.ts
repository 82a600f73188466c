import type { AlertEvent } from './alert-event';

/** A CloudEvents 1.0 event in the structured JSON format (content type application/cloudevents+json). */
export interface DriftCloudEvent {
  specversion: '1.0';
  type: string;
  /** This DriftWatch (its public URL): `source` + `id` is unique per event. */
  source: string;
  subject: string;
  id: string;
  time: string;
  datacontenttype: 'application/json';
  /** Extension attribute: the id of the drift.detected event that opened the episode. */
  driftepisodeid: string;
  data: unknown;
}

export const CLOUD_EVENT_TYPE_PREFIX = 'dev.driftwatch.';

export function buildCloudEvent(alert: AlertEvent, publicUrl: string): DriftCloudEvent {
  return {
    specversion: '1.0',
    type: `${CLOUD_EVENT_TYPE_PREFIX}${alert.type}`,
    source: publicUrl,
    subject: alert.serviceId,
    id: String(alert.eventId),
    time: new Date(alert.timeMs).toISOString(),
    datacontenttype: 'application/json',
    driftepisodeid: String(alert.episodeEventId),
    data: alert.view,
  };
}
