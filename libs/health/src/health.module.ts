import { PersistenceModule } from '@app/persistence';
import { Module } from '@nestjs/common';
import { DetectorRegistry } from './detector-registry';
import { DriftExplainer } from './drift-explainer';
import { IncidentFinder } from './incident-finder';

@Module({
  imports: [PersistenceModule],
  providers: [DetectorRegistry, DriftExplainer, IncidentFinder],
  exports: [DetectorRegistry, DriftExplainer, IncidentFinder],
})
export class HealthModule {}
