import { DRIFT_CONFIG, DriftConfig } from '@app/config';
import { PersistenceModule } from '@app/persistence';
import { DynamicModule, Module } from '@nestjs/common';
import { AlertDeliveryWorker } from './alert-delivery.worker';
import { AlertOutbox } from './alert-outbox';
import { buildAlertSettings } from './alert-settings';
import { ALERT_EVENT_VIEW, ALERT_SETTINGS, EventViewMapper } from './alerting.tokens';

export interface AlertingModuleOptions {
  /** How a drift event looks in the API (the CloudEvent's `data`, PagerDuty's custom_details). */
  eventView: EventViewMapper;
}

/**
 * Global, so ingestion's BatchCommitter finds `AlertOutbox` without importing this module: a
 * process that does not load it (replay, simulator) simply sends no alerts.
 */
@Module({})
export class AlertingModule {
  static forRoot(options: AlertingModuleOptions): DynamicModule {
    return {
      module: AlertingModule,
      global: true,
      imports: [PersistenceModule],
      providers: [
        { provide: ALERT_SETTINGS, inject: [DRIFT_CONFIG], useFactory: (config: DriftConfig) => buildAlertSettings(config) },
        { provide: ALERT_EVENT_VIEW, useValue: options.eventView },
        AlertDeliveryWorker,
        AlertOutbox,
      ],
      exports: [AlertOutbox, AlertDeliveryWorker],
    };
  }
}
