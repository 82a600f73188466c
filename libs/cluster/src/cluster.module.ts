import { ConfigModule, DriftConfig } from '@app/config';
import { DynamicModule, Module } from '@nestjs/common';
import { ClusterIngestionService } from './cluster-ingestion.service';
import { ClusterRuntime } from './cluster-runtime';
import { SAMPLE_LOG } from './sample-log';

/** The cluster-mode providers; AppModule's counterpart for the API when DRIFTWATCH_DATABASE_URL is set. */
@Module({})
export class ClusterModule {
  static forRoot(config: DriftConfig): DynamicModule {
    return {
      module: ClusterModule,
      imports: [ConfigModule.forRoot(config)],
      providers: [
        ClusterRuntime,
        { provide: SAMPLE_LOG, inject: [ClusterRuntime], useFactory: (runtime: ClusterRuntime) => runtime.log },
        ClusterIngestionService,
      ],
      exports: [ClusterRuntime, ClusterIngestionService, ConfigModule],
    };
  }
}
