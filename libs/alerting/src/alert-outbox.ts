import { AlertOutboxRepository } from '@app/persistence';
import { Inject, Injectable } from '@nestjs/common';
import { AlertDestinationName, alertTypeFor } from './alert-event';
import { AlertDeliveryWorker } from './alert-delivery.worker';
import { AlertSettings, destinationNames } from './alert-settings';
import { ALERT_SETTINGS } from './alerting.tokens';

/** Writes the alerts a transition calls for, one outbox row per configured destination. */
@Injectable()
export class AlertOutbox {
  constructor(
    @Inject(ALERT_SETTINGS) private readonly settings: AlertSettings,
    private readonly outbox: AlertOutboxRepository,
    private readonly worker: AlertDeliveryWorker,
  ) {}

  /** The configured destinations (names only: URLs and keys are secrets). */
  get destinations(): AlertDestinationName[] {
    return destinationNames(this.settings);
  }

  /**
   * Must run inside the transaction that inserted drift event `eventId`, so the alert is durable
   * exactly when its event is. A drift.resolved names the episode it closes: the service's last
   * transition into DRIFT_DETECTED (itself, if that event is gone).
   */
  record(serviceId: number, eventId: number, from: string, to: string, nowMs = Date.now()): void {
    if (this.settings.destinations.length === 0) return;
    const type = alertTypeFor(from, to);
    if (type === null) return;
    const episodeEventId = type === 'drift.detected' ? eventId : (this.outbox.openingEventId(serviceId, eventId) ?? eventId);
    for (const destination of this.settings.destinations) {
      this.outbox.insert({ eventId, serviceId, destination: destination.name, type, episodeEventId, createdAt: nowMs });
    }
    this.worker.wake();
  }
}
