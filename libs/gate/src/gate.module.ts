import { HealthModule } from '@app/health';
import { PersistenceModule } from '@app/persistence';
import { Module } from '@nestjs/common';
import { DeploymentService } from './deployment.service';
import { GateService } from './gate.service';

@Module({
  imports: [PersistenceModule, HealthModule],
  providers: [GateService, DeploymentService],
  exports: [GateService, DeploymentService],
})
export class GateModule {}
