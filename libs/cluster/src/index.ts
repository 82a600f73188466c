export { ClusterModule } from './cluster.module';
export { ClusterRuntime } from './cluster-runtime';
export { ClusterIngestionService } from './cluster-ingestion.service';
export { checkDatabaseUrl, CLUSTER_MIGRATIONS } from './cluster-database';
export { partitionOf } from './partition-of';
export type { ScoringProgress } from './cluster-read.repository';
export type { ClusterGateDecision } from './cluster-gate';
export type { SampleLog } from './sample-log';
export type { PartitionOwnership, LeaseChange } from './partition-ownership';
