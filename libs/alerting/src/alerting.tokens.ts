import type { DriftEventEntity } from '@app/persistence';

/** Injection token of the validated `AlertSettings` (holds secrets: never log or return it). */
export const ALERT_SETTINGS = Symbol('ALERT_SETTINGS');

/** Injection token of the function that renders a drift event as `GET /v1/events` shows it. */
export const ALERT_EVENT_VIEW = Symbol('ALERT_EVENT_VIEW');

/** The API's event mapper; alerts carry exactly what the events route shows. */
export type EventViewMapper = (event: DriftEventEntity, serviceId: string) => unknown;
