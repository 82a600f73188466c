/** The typed view of every setting in `SETTINGS` (config-schema.ts). */
export interface DriftConfig {
  host: string;
  port: number;
  dbPath: string;
  sqliteSynchronous: 'NORMAL' | 'FULL';
  walCheckpointIntervalMs: number;
  walAutocheckpointPages: number;
  heapGrowingPercent: number;
  bodyLimitKb: number;
  serviceIdMaxLength: number;
  batchMaxSamples: number;
  futureToleranceSeconds: number;
  maxLatencyMs: number;
  maxPayloadKb: number;
  queueCapacity: number;
  queueMaxBytes: number;
  flushIntervalMs: number;
  flushMaxSamples: number;
  retryAfterSeconds: number;
  minSamplesForBaseline: number;
  baselineWindowSize: number;
  baselineWindowHours: number;
  baselineRefresh: number;
  baselineTrimSigma: number;
  driftZscoreThreshold: number;
  driftConsecutiveThreshold: number;
  driftModerateZscoreThreshold: number;
  driftModerateCount: number;
  driftModerateWindow: number;
  recoveryZscoreThreshold: number;
  recoveryConsecutiveNormal: number;
  sigmaFloorRelative: number;
  sigmaFloorAbsolute: number;
  gradualDriftK: number;
  gradualDriftH: number;
  gradualDriftClip: number;
  gradualDriftAutocorrelationFloor: number;
  gradualDriftGateFraction: number;
  extremePointZscore: number;
  extremePointNovelty: number;
  extremePointMemorySamples: number;
  extremePointMinIntervalSeconds: number;
  dailyProfileMinDays: number;
  dailyProfileMinExplained: number;
  dailyProfileHalfLifeDays: number;
  dailyProfileMinHourSamples: number;
  relearnAfterSamples: number;
  relearnAfterMinutes: number;
  dailyRecurrenceToleranceMinutes: number;
  telemetryRetentionDays: number;
  driftEventsRetentionDays: number;
  retentionCron: string;
  retentionBatchSize: number;
  // Operations: /metrics and logs
  metricsMaxServices: number;
  logLevel: 'error' | 'warn' | 'log' | 'debug' | 'verbose';
}

/** The settings the pure detection engine reads; HTTP, replay and tests all pass the same object. */
export type DetectorConfig = Pick<
  DriftConfig,
  | 'minSamplesForBaseline'
  | 'baselineWindowSize'
  | 'baselineWindowHours'
  | 'baselineRefresh'
  | 'baselineTrimSigma'
  | 'driftZscoreThreshold'
  | 'driftConsecutiveThreshold'
  | 'driftModerateZscoreThreshold'
  | 'driftModerateCount'
  | 'driftModerateWindow'
  | 'recoveryZscoreThreshold'
  | 'recoveryConsecutiveNormal'
  | 'sigmaFloorRelative'
  | 'sigmaFloorAbsolute'
  | 'gradualDriftK'
  | 'gradualDriftH'
  | 'gradualDriftClip'
  | 'gradualDriftAutocorrelationFloor'
  | 'gradualDriftGateFraction'
  | 'extremePointZscore'
  | 'extremePointNovelty'
  | 'extremePointMemorySamples'
  | 'extremePointMinIntervalSeconds'
  | 'dailyProfileMinDays'
  | 'dailyProfileMinExplained'
  | 'dailyProfileHalfLifeDays'
  | 'dailyProfileMinHourSamples'
  | 'relearnAfterSamples'
  | 'relearnAfterMinutes'
  | 'dailyRecurrenceToleranceMinutes'
>;
