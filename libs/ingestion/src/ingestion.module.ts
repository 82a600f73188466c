import { HealthModule } from '@app/health';
import { PersistenceModule } from '@app/persistence';
import { Module } from '@nestjs/common';
import { BatchCommitter } from './batch-committer';
import { IngestionQueue } from './ingestion-queue';
import { IngestionService } from './ingestion.service';
import { IngestionWorker } from './ingestion-worker';
import { WalCheckpointer } from './wal-checkpointer';
import { OtlpTraceIngestion } from './otlp/otlp-trace-ingestion';
import { IdempotencyKeys } from './idempotency-keys';

@Module({
  imports: [PersistenceModule, HealthModule],
  providers: [IngestionQueue, BatchCommitter, IngestionWorker, IngestionService, WalCheckpointer, OtlpTraceIngestion, IdempotencyKeys],
  exports: [IngestionService, IngestionQueue, IngestionWorker, OtlpTraceIngestion],
})
export class IngestionModule {}
