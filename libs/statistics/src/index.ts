export { RollingWindow } from './rolling-window';
export { percentile, percentileFrom, selectKth } from './order-statistics';
export { SnapshotCalculator, METRICS } from './baseline-snapshot';
export type { BaselineSnapshot, MetricStats, MetricName } from './baseline-snapshot';
export { ZScorer, effectiveSigma } from './z-scorer';
export type { SigmaFloor } from './z-scorer';
export { independentFraction } from './effective-sample-size';
export { DailyProfile } from './daily-profile';
export type { DailyProfileSettings, DailyProfileState, HourStats } from './daily-profile';
