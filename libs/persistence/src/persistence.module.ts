import { DRIFT_CONFIG, DriftConfig } from '@app/config';
import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AlertOutboxRepository } from './alert-outbox.repository';
import { buildDataSourceOptions } from './data-source-options';
import { DriftEventRepository } from './drift-event.repository';
import { DriftEventEntity } from './entities/drift-event.entity';
import { ServiceRepository } from './service.repository';
import { SqliteDatabase } from './sqlite-database';
import { TelemetryRepository } from './telemetry.repository';
import { DeploymentRepository } from './deployment.repository';
import { TelemetryRangeRepository } from './telemetry-range.repository';
import { ExplanationRepository } from './explanation.repository';
import { EndpointRepository } from './endpoint.repository';
import { TelemetryBucketsRepository } from './telemetry-buckets.repository';
import { IdempotencyRepository } from './idempotency.repository';
import { ServiceRemovalRepository } from './service-removal.repository';

@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [DRIFT_CONFIG],
      // No retries: a database that fails to open will fail again; start-up reports it once.
      useFactory: (config: DriftConfig) => ({ ...buildDataSourceOptions(config), toRetry: () => false }),
    }),
    TypeOrmModule.forFeature([DriftEventEntity]),
  ],
  providers: [SqliteDatabase, TelemetryRepository, ServiceRepository, DriftEventRepository, DeploymentRepository, TelemetryRangeRepository, AlertOutboxRepository, ExplanationRepository, EndpointRepository, IdempotencyRepository, ServiceRemovalRepository, TelemetryBucketsRepository],
  exports: [SqliteDatabase, TelemetryRepository, ServiceRepository, DriftEventRepository, DeploymentRepository, TelemetryRangeRepository, AlertOutboxRepository, ExplanationRepository, EndpointRepository, IdempotencyRepository, ServiceRemovalRepository, TelemetryBucketsRepository],
})
export class PersistenceModule {}
