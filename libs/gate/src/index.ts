export { GateModule } from './gate.module';
export { GateService } from './gate.service';
export type { GateDecision, GateOutcome, GateQuery, PeriodSource } from './gate.service';
export { DeploymentService } from './deployment.service';
export type { DeploymentReport } from './deployment.service';
export { compareDeployment } from './deployment-comparison';
export type { ComparisonRule, ComparedMetric, DeploymentComparison, MeasuredValues, MetricComparison } from './deployment-comparison';
export { InvalidGateRequestError, UnknownDeploymentError } from './gate.errors';
export type { Verdict } from './verdict';
