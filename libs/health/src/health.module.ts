import { PersistenceModule } from '@app/persistence';
import { Module } from '@nestjs/common';
import { DetectorRegistry } from './detector-registry';

@Module({
  imports: [PersistenceModule],
  providers: [DetectorRegistry],
  exports: [DetectorRegistry],
})
export class HealthModule {}
