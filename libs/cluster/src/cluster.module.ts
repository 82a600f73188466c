import { ConfigModule, DriftConfig } from '@app/config';
import { DynamicModule, Module } from '@nestjs/common';
import { ClusterIngestionService } from './cluster-ingestion.service';
import { ClusterMetrics } from './cluster-metrics';
import type { ClusterEventView } from './cluster-alert-delivery';
import { CLUSTER_EVENT_VIEW, ClusterRuntime } from './cluster-runtime';
import { CLUSTER_ADMISSION, CLUSTER_IDEMPOTENCY_LOOKUP } from './cluster-ingestion.service';
import { SAMPLE_LOG } from './sample-log';

/** The cluster-mode providers; AppModule's counterpart for the API when DRIFTWATCH_DATABASE_URL is set. */
@Module({})
export class ClusterModule {
  static forRoot(config: DriftConfig, eventView: ClusterEventView): DynamicModule {
    return {
      module: ClusterModule,
      imports: [ConfigModule.forRoot(config)],
      providers: [
        { provide: CLUSTER_EVENT_VIEW, useValue: eventView },
        ClusterRuntime,
        { provide: SAMPLE_LOG, inject: [ClusterRuntime], useFactory: (runtime: ClusterRuntime) => runtime.log },
        {
          provide: CLUSTER_IDEMPOTENCY_LOOKUP,
          inject: [ClusterRuntime],
          useFactory: (runtime: ClusterRuntime) => runtime.idempotencyKeys,
        },
        { provide: CLUSTER_ADMISSION, inject: [ClusterRuntime], useFactory: (runtime: ClusterRuntime) => runtime.admission },
        ClusterIngestionService,
        {
          provide: ClusterMetrics,
          inject: [ClusterRuntime, ClusterIngestionService],
          useFactory: (runtime: ClusterRuntime, ingestion: ClusterIngestionService) => new ClusterMetrics(runtime, ingestion),
        },
      ],
      exports: [ClusterRuntime, ClusterIngestionService, ClusterMetrics, ConfigModule],
    };
  }
}
