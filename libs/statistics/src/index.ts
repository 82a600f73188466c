export { RollingWindow } from './rolling-window';
export { percentile, percentileFrom, selectKth } from './order-statistics';
export { SnapshotCalculator, METRICS } from './baseline-snapshot';
export type { BaselineSnapshot, MetricStats, MetricName } from './baseline-snapshot';
export * from './model';
