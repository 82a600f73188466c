import { PersistenceModule } from '@app/persistence';
import { Module } from '@nestjs/common';
import { DetectorRegistry } from './detector-registry';
import { DriftExplainer } from './drift-explainer';

@Module({
  imports: [PersistenceModule],
  providers: [DetectorRegistry, DriftExplainer],
  exports: [DetectorRegistry, DriftExplainer],
})
export class HealthModule {}
