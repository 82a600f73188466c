import { AlertingModule } from '@app/alerting';
import { ConfigModule, DriftConfig, loadConfig } from '@app/config';
import { GateModule } from '@app/gate';
import { HealthModule } from '@app/health';
import { IngestionModule } from '@app/ingestion';
import { MetricsModule } from '@app/metrics';
import { PersistenceModule } from '@app/persistence';
import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_PIPE } from '@nestjs/core';
import { ScheduleModule } from '@nestjs/schedule';
import { AlertsController } from './alerts/alerts.controller';
import { ApiExceptionFilter } from './common/api-exception.filter';
import { BoundedValidationPipe } from './common/bounded-validation.pipe';
import { ServiceIdPipe } from './common/service-id.pipe';
import { DeploymentsController } from './deployments/deployments.controller';
import { EventsController, toEventDto } from './events/events.controller';
import { GateController } from './gate/gate.controller';
import { IncidentsController } from './incidents/incidents.controller';
import { MetricsController } from './metrics/metrics.controller';
import { RetentionService } from './retention/retention.service';
import { ApiKeyGuard } from './security/api-key.guard';
import { ApiKeys } from './security/api-keys';
import { BaselineController } from './services/baseline.controller';
import { HealthController } from './services/health.controller';
import { ServicesController } from './services/services.controller';
import { SystemController } from './system/system.controller';
import { TelemetryController } from './telemetry/telemetry.controller';
import { TracesController } from './traces/traces.controller';
import { TelemetryReadController } from './telemetry/telemetry-read.controller';

/**
 * The API process. The pipe and the filter are module providers (not `useGlobal*` in main.ts),
 * so an e2e test built from this module validates and shapes errors exactly like production.
 */
@Module({})
export class AppModule {
  static forRoot(config: DriftConfig = loadConfig(), keys: ApiKeys = ApiKeys.load(config)): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        ScheduleModule.forRoot(),
        PersistenceModule,
        HealthModule,
        IngestionModule,
        GateModule,
        AlertingModule.forRoot({ config, eventView: toEventDto }),
        MetricsModule,
      ],
      controllers: [
        TelemetryController,
        TelemetryReadController,
        HealthController,
        BaselineController,
        ServicesController,
        EventsController,
        IncidentsController,
        SystemController,
        GateController,
        DeploymentsController,
        AlertsController,
        MetricsController,
        TracesController,
      ],
      providers: [
        ServiceIdPipe,
        RetentionService,
        { provide: ApiKeys, useValue: keys },
        // A guard for every route: the scope comes from @RequireScope / @Public, or the HTTP method.
        { provide: APP_GUARD, useClass: ApiKeyGuard },
        { provide: APP_PIPE, useValue: new BoundedValidationPipe() },
        { provide: APP_FILTER, useClass: ApiExceptionFilter },
      ],
    };
  }
}
