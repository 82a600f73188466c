import { PersistenceModule } from '@app/persistence';
import { DynamicModule, Module } from '@nestjs/common';
import { AlertDeliveryWorker } from './alert-delivery.worker';
import { AlertOutbox } from './alert-outbox';
import { AlertConfig, buildAlertSettings } from './alert-settings';
import { ALERT_EVENT_VIEW, ALERT_SETTINGS, EventViewMapper } from './alerting.tokens';

export interface AlertingModuleOptions {
  config: AlertConfig;
  /** How a drift event looks in the API (the CloudEvent's `data`, PagerDuty's custom_details). */
  eventView: EventViewMapper;
}

/**
 * Global, so ingestion's BatchCommitter finds `AlertOutbox` without importing this module: a
 * process that does not load it (replay, simulator) simply sends no alerts.
 */
@Module({})
export class AlertingModule {
  /** Validates the settings here, before Nest starts: a bad one is a plain ConfigError for main.ts to print. */
  static forRoot(options: AlertingModuleOptions): DynamicModule {
    const settings = buildAlertSettings(options.config);
    return {
      module: AlertingModule,
      global: true,
      imports: [PersistenceModule],
      providers: [
        { provide: ALERT_SETTINGS, useValue: settings },
        { provide: ALERT_EVENT_VIEW, useValue: options.eventView },
        AlertDeliveryWorker,
        AlertOutbox,
      ],
      exports: [AlertOutbox, AlertDeliveryWorker],
    };
  }
}
