import { HealthModule } from '@app/health';
import { IngestionModule } from '@app/ingestion';
import { PersistenceModule } from '@app/persistence';
import { Module } from '@nestjs/common';
import { MetricsService } from './metrics.service';

@Module({
  imports: [IngestionModule, HealthModule, PersistenceModule],
  providers: [MetricsService],
  exports: [MetricsService],
})
export class MetricsModule {}
