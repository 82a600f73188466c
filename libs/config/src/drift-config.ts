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
  endpointMaxLength: number;
  maxEndpointsPerService: number;
  futureToleranceSeconds: number;
  maxLatencyMs: number;
  maxPayloadKb: number;
  maxServices: number;
  maxOutOfOrderSeconds: number;
  idempotencyTtlHours: number;
  detectorIdleSeconds: number;
  maxLoadedDetectors: number;
  queueCapacity: number;
  queueMaxBytes: number;
  flushIntervalMs: number;
  flushMaxSamples: number;
  retryAfterSeconds: number;
  minSamplesForBaseline: number;
  baselineWindowSize: number;
  baselineWindowHours: number;
  baselineRefresh: number;
  driftZscoreThreshold: number;
  driftConsecutiveThreshold: number;
  driftModerateZscoreThreshold: number;
  driftModerateCount: number;
  driftModerateWindow: number;
  recoveryZscoreThreshold: number;
  recoveryConsecutiveNormal: number;
  newNormalAfterMinutes: number;
  telemetryRetentionDays: number;
  driftEventsRetentionDays: number;
  retentionCron: string;
  retentionBatchSize: number;
  telemetryReadDefaultRangeMinutes: number;
  telemetryReadTargetBuckets: number;
  telemetryReadMaxBuckets: number;
  telemetryReadRawMaxHours: number;
  gateMinSamples: number;
  gateRetryAfterSeconds: number;
  deploymentNamingWindowMinutes: number;
  deploymentCompareMaxAfter: number;
  deploymentCompareAlpha: number;
  deploymentCompareBandPercent: number;
  explainReferenceSamples: number;
  explainEpisodeSamples: number;
  explainLeadInSamples: number;
  explainSpikeMaxSamples: number;
  incidentWindowMinutes: number;
  // Alerts ('' = not set)
  alertWebhookUrl: string;
  alertWebhookSecret: string;
  slackWebhookUrl: string;
  pagerdutyRoutingKey: string;
  pagerdutyUrl: string;
  pagerdutySeverity: 'CRITICAL' | 'ERROR' | 'WARNING' | 'INFO';
  publicUrl: string;
  alertRetryBaseMs: number;
  alertRetryMaxMs: number;
  alertGiveUpHours: number;
  alertTimeoutMs: number;
  alertPollIntervalMs: number;
  alertMaxInFlight: number;
  // Security and limits ('' = not set)
  apiKeys: string;
  apiKeysFile: string;
  corsOrigins: string;
  headersTimeoutSeconds: number;
  requestTimeoutSeconds: number;
  maxConnections: number;
  errorMaxMessages: number;
  storageRetryAfterSeconds: number;
  // Operations: /metrics and logs
  metricsMaxServices: number;
  databaseUrl: string;
  clusterPartitions: number;
  clusterLeaseTimeoutMs: number;
  clusterHeartbeatMs: number;
  clusterScoreBatch: number;
  clusterMaxLagMs: number;
  clusterConnectTimeoutMs: number;
  clusterPoolSize: number;
  logLevel: 'error' | 'warn' | 'log' | 'debug' | 'verbose';
}

/** The settings the pure detection engine reads; HTTP, replay and tests all pass the same object. */
export type DetectorConfig = Pick<
  DriftConfig,
  | 'minSamplesForBaseline'
  | 'baselineWindowSize'
  | 'baselineWindowHours'
  | 'baselineRefresh'
  | 'driftZscoreThreshold'
  | 'driftConsecutiveThreshold'
  | 'driftModerateZscoreThreshold'
  | 'driftModerateCount'
  | 'driftModerateWindow'
  | 'recoveryZscoreThreshold'
  | 'recoveryConsecutiveNormal'
  | 'newNormalAfterMinutes'
>;
