import { ClusterModule } from '@app/cluster';
import type { DriftConfig } from '@app/config';
import { DynamicModule, Module, ValidationPipe } from '@nestjs/common';
import { APP_FILTER, APP_PIPE } from '@nestjs/core';
import { ApiExceptionFilter } from '../common/api-exception.filter';
import { ServiceIdPipe } from '../common/service-id.pipe';
import { toEventDto } from '../events/events.controller';
import { ClusterDeploymentsController } from './cluster-deployments.controller';
import { ClusterEventsController } from './cluster-events.controller';
import { ClusterGateController } from './cluster-gate.controller';
import { ClusterMetricsController } from './cluster-metrics.controller';
import { ClusterServicesController } from './cluster-services.controller';
import { ClusterSystemController } from './cluster-system.controller';
import { ClusterTelemetryController } from './cluster-telemetry.controller';

/**
 * The API process in cluster mode (DRIFTWATCH_DATABASE_URL set): same validation, error shape and
 * DTOs as AppModule, with the shared PostgreSQL store behind every route. SQLite is never opened.
 */
@Module({})
export class ClusterAppModule {
  static forRoot(config: DriftConfig): DynamicModule {
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
        { provide: APP_PIPE, useValue: new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true }) },
        { provide: APP_FILTER, useClass: ApiExceptionFilter },
      ],
    };
  }
}
