import { ClusterModule } from '@app/cluster';
import type { DriftConfig } from '@app/config';
import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_PIPE } from '@nestjs/core';
import { ApiExceptionFilter } from '../common/api-exception.filter';
import { BoundedValidationPipe } from '../common/bounded-validation.pipe';
import { ServiceIdPipe } from '../common/service-id.pipe';
import { toEventDto } from '../events/events.controller';
import { ApiKeyGuard } from '../security/api-key.guard';
import { ApiKeys } from '../security/api-keys';
import { ClusterDeploymentsController } from './cluster-deployments.controller';
import { ClusterEventsController } from './cluster-events.controller';
import { ClusterGateController } from './cluster-gate.controller';
import { ClusterMetricsController } from './cluster-metrics.controller';
import { ClusterServicesController } from './cluster-services.controller';
import { ClusterSystemController } from './cluster-system.controller';
import { ClusterTelemetryController } from './cluster-telemetry.controller';

/**
 * The API process in cluster mode (DRIFTWATCH_DATABASE_URL set): same keys and scopes, validation, error shape and
 * DTOs as AppModule, with the shared PostgreSQL store behind every route. SQLite is never opened.
 */
@Module({})
export class ClusterAppModule {
  static forRoot(config: DriftConfig, keys: ApiKeys = ApiKeys.load(config)): DynamicModule {
    return {
      module: ClusterAppModule,
      imports: [ClusterModule.forRoot(config, toEventDto)],
      controllers: [
        ClusterTelemetryController,
        ClusterServicesController,
        ClusterGateController,
        ClusterEventsController,
        ClusterSystemController,
        ClusterMetricsController,
        ClusterDeploymentsController,
      ],
      providers: [
        ServiceIdPipe,
        { provide: ApiKeys, useValue: keys },
        // As in AppModule: the scope comes from @RequireScope / @Public, or the HTTP method.
        { provide: APP_GUARD, useClass: ApiKeyGuard },
        { provide: APP_PIPE, useValue: new BoundedValidationPipe() },
        { provide: APP_FILTER, useClass: ApiExceptionFilter },
      ],
    };
  }
}
