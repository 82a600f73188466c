/**
 * Every DriftWatch setting in one table: its default, the environment variable that
 * overrides it, and the bounds a value must respect. Nothing else in the code base
 * holds a tunable number; the README's configuration table is generated from this list.
 */
import type { DriftConfig } from './drift-config';

export type SettingKind = 'int' | 'float' | 'string' | 'enum';

export interface SettingSpec {
  readonly key: string;
  readonly field: keyof DriftConfig;
  readonly env: string;
  readonly kind: SettingKind;
  readonly default: number | string;
  readonly min?: number;
  readonly max?: number;
  readonly choices?: readonly string[];
  readonly description: string;
}

const s = (spec: Omit<SettingSpec, 'env'>): SettingSpec => ({ ...spec, env: `DRIFTWATCH_${spec.key}` });

export const SETTINGS: readonly SettingSpec[] = [
  // Server
  s({ key: 'HOST', field: 'host', kind: 'string', default: '0.0.0.0', description: 'Address the API listens on' }),
  s({ key: 'PORT', field: 'port', kind: 'int', default: 8000, min: 0, max: 65535, description: 'Port the API listens on' }),
  s({ key: 'DB_PATH', field: 'dbPath', kind: 'string', default: './driftwatch.db', description: 'SQLite database file' }),
  s({
    key: 'SQLITE_SYNCHRONOUS',
    field: 'sqliteSynchronous',
    kind: 'enum',
    default: 'NORMAL',
    choices: ['NORMAL', 'FULL'],
    description: 'SQLite synchronous mode: NORMAL survives a process crash, FULL also a power loss',
  }),
  s({ key: 'BODY_LIMIT_KB', field: 'bodyLimitKb', kind: 'int', default: 2048, min: 1, max: 65536, description: 'Largest accepted request body (kB)' }),
  s({ key: 'SERVICE_ID_MAX_LENGTH', field: 'serviceIdMaxLength', kind: 'int', default: 128, min: 1, max: 1024, description: 'Longest accepted service_id' }),
  s({ key: 'BATCH_MAX_SAMPLES', field: 'batchMaxSamples', kind: 'int', default: 10000, min: 1, max: 100000, description: 'Most samples in one batch request' }),
  s({
    key: 'FUTURE_TOLERANCE_SECONDS',
    field: 'futureToleranceSeconds',
    kind: 'int',
    default: 300,
    min: 0,
    max: 86400,
    description: 'How far ahead of the server clock a sample timestamp may be (clock skew)',
  }),
  s({ key: 'MAX_LATENCY_MS', field: 'maxLatencyMs', kind: 'float', default: 3_600_000, min: 1, max: 1e12, description: 'Largest accepted latency_ms (larger values are rejected as absurd)' }),
  s({ key: 'MAX_PAYLOAD_KB', field: 'maxPayloadKb', kind: 'float', default: 1_048_576, min: 1, max: 1e12, description: 'Largest accepted payload_kb' }),
  s({ key: 'WAL_CHECKPOINT_INTERVAL_MS', field: 'walCheckpointIntervalMs', kind: 'int', default: 50, min: 1, max: 60000, description: 'How often a background thread copies the write-ahead log into the database file' }),
  s({ key: 'WAL_AUTOCHECKPOINT_PAGES', field: 'walAutocheckpointPages', kind: 'int', default: 10000, min: 100, max: 10000000, description: 'WAL size (pages) at which a commit checkpoints itself, if the background thread falls behind' }),
  s({ key: 'HEAP_GROWING_PERCENT', field: 'heapGrowingPercent', kind: 'int', default: 30, min: 1, max: 1000, description: 'How far (%) the JS heap may grow past what was live after the last full GC (V8 flag; --heap-growing-percent on the node command line wins)' }),
  // Ingestion queue and group commit
  s({ key: 'QUEUE_CAPACITY', field: 'queueCapacity', kind: 'int', default: 200000, min: 1, max: 10000000, description: 'Samples waiting to be committed before the API answers 503' }),
  s({ key: 'QUEUE_MAX_BYTES', field: 'queueMaxBytes', kind: 'int', default: 64 * 1024 * 1024, min: 1024, max: 4 * 1024 * 1024 * 1024, description: 'Estimated bytes of queued samples before the API answers 503' }),
  s({ key: 'FLUSH_INTERVAL_MS', field: 'flushIntervalMs', kind: 'int', default: 2, min: 0, max: 1000, description: 'Group commit: longest wait before queued samples are committed' }),
  s({ key: 'FLUSH_MAX_SAMPLES', field: 'flushMaxSamples', kind: 'int', default: 20000, min: 1, max: 1000000, description: 'Group commit: most samples in one transaction' }),
  s({ key: 'RETRY_AFTER_SECONDS', field: 'retryAfterSeconds', kind: 'int', default: 1, min: 1, max: 3600, description: 'Retry-After sent with 503 when the queue is full' }),
  // Detection engine (the seed's contract)
  s({ key: 'MIN_SAMPLES_FOR_BASELINE', field: 'minSamplesForBaseline', kind: 'int', default: 100, min: 2, max: 100000, description: 'Samples in the window before a service is STABLE (independent samples: a series that wanders needs more, up to a full window)' }),
  s({ key: 'BASELINE_WINDOW_SIZE', field: 'baselineWindowSize', kind: 'int', default: 1000, min: 2, max: 100000, description: 'Most samples in the baseline window' }),
  s({ key: 'BASELINE_WINDOW_HOURS', field: 'baselineWindowHours', kind: 'float', default: 24, min: 0.001, max: 8760, description: 'Oldest sample age (by sample time) kept in the window' }),
  s({ key: 'BASELINE_REFRESH', field: 'baselineRefresh', kind: 'int', default: 50, min: 1, max: 100000, description: 'New baseline samples between snapshot refreshes' }),
  s({ key: 'BASELINE_TRIM_SIGMA', field: 'baselineTrimSigma', kind: 'float', default: 4, min: 0, max: 100, description: 'Baseline mean and σ leave out window samples further than this many σ from the window mean (gross outliers; 0 = off)' }),
  s({ key: 'DRIFT_ZSCORE_THRESHOLD', field: 'driftZscoreThreshold', kind: 'float', default: 3.0, min: 0.1, max: 100, description: 'Rule 1: |z| above this is a severe anomaly' }),
  s({ key: 'DRIFT_CONSECUTIVE_THRESHOLD', field: 'driftConsecutiveThreshold', kind: 'int', default: 5, min: 1, max: 10000, description: 'Rule 1: consecutive severe anomalies that raise drift' }),
  s({ key: 'DRIFT_MODERATE_ZSCORE_THRESHOLD', field: 'driftModerateZscoreThreshold', kind: 'float', default: 2.5, min: 0.1, max: 100, description: 'Rule 2: |z| above this is a moderate anomaly' }),
  s({ key: 'DRIFT_MODERATE_COUNT', field: 'driftModerateCount', kind: 'int', default: 10, min: 1, max: 31, description: 'Rule 2: moderate anomalies among the last DRIFT_MODERATE_WINDOW samples that raise drift' }),
  s({ key: 'DRIFT_MODERATE_WINDOW', field: 'driftModerateWindow', kind: 'int', default: 20, min: 1, max: 31, description: 'Rule 2: how many recent samples are counted' }),
  s({ key: 'RECOVERY_ZSCORE_THRESHOLD', field: 'recoveryZscoreThreshold', kind: 'float', default: 2.0, min: 0.1, max: 100, description: 'Recovery: |z| at or below this is normal' }),
  s({ key: 'RECOVERY_CONSECUTIVE_NORMAL', field: 'recoveryConsecutiveNormal', kind: 'int', default: 50, min: 1, max: 100000, description: 'Recovery: consecutive normal samples that end a drift' }),
  s({ key: 'SIGMA_FLOOR_RELATIVE', field: 'sigmaFloorRelative', kind: 'float', default: 0.01, min: 0, max: 10, description: 'σ floor as a fraction of the baseline level |μ| (no division by ~0)' }),
  s({ key: 'SIGMA_FLOOR_ABSOLUTE', field: 'sigmaFloorAbsolute', kind: 'float', default: 0.001, min: 1e-12, max: 1e9, description: 'σ floor in the metric unit, for a level of ~0' }),
  // Gradual drift (rule 3)
  s({ key: 'GRADUAL_DRIFT_K', field: 'gradualDriftK', kind: 'float', default: 0.75, min: 0, max: 10, description: 'Rule 3 (CUSUM): allowance per sample, in σ' }),
  s({ key: 'GRADUAL_DRIFT_H', field: 'gradualDriftH', kind: 'float', default: 13, min: 0.1, max: 10000, description: 'Rule 3 (CUSUM): decision threshold, in σ' }),
  s({ key: 'GRADUAL_DRIFT_CLIP', field: 'gradualDriftClip', kind: 'float', default: 3.5, min: 0.1, max: 100, description: 'Rule 3 (CUSUM): |z| is clipped here so one outlier cannot raise drift' }),
  s({ key: 'GRADUAL_DRIFT_AUTOCORRELATION_FLOOR', field: 'gradualDriftAutocorrelationFloor', kind: 'float', default: 0.2, min: 0, max: 0.99, description: 'Lag-1 autocorrelation above this discounts what each sample is worth, in rule 3 and in baseline readiness (series that wander naturally)' }),
  s({ key: 'GRADUAL_DRIFT_GATE_FRACTION', field: 'gradualDriftGateFraction', kind: 'float', default: 0.33, min: 0.01, max: 1, description: 'A sample stays out of the baseline while a rule 3 CUSUM is above this fraction of GRADUAL_DRIFT_H (a slow creep is not learned as normal)' }),
  // Rule 4: one extreme point in a sparse (aggregated) stream
  s({ key: 'EXTREME_POINT_ZSCORE', field: 'extremePointZscore', kind: 'float', default: 12, min: 0, max: 1e6, description: 'Rule 4: in a sparse stream, one sample with |z| above this (and above EXTREME_POINT_NOVELTY × the largest recent |z|) raises drift (0 = rule off)' }),
  s({ key: 'EXTREME_POINT_NOVELTY', field: 'extremePointNovelty', kind: 'float', default: 1.5, min: 1, max: 1000, description: 'Rule 4: how many times the largest |z| the metric has shown lately the sample must exceed' }),
  s({ key: 'EXTREME_POINT_MEMORY_SAMPLES', field: 'extremePointMemorySamples', kind: 'float', default: 2000, min: 1, max: 1e9, description: 'Rule 4: half-life, in scored samples, of the largest recent |z|' }),
  s({ key: 'EXTREME_POINT_MIN_INTERVAL_SECONDS', field: 'extremePointMinIntervalSeconds', kind: 'float', default: 60, min: 0, max: 1e9, description: 'Rule 4 applies only while the baseline window\'s samples are on average at least this far apart (aggregated metrics, not per-request telemetry)' }),
  // Daily profile (services with a daily cycle)
  s({ key: 'DAILY_PROFILE_MIN_DAYS', field: 'dailyProfileMinDays', kind: 'float', default: 2, min: 0, max: 365, description: 'Days of sample time a service must span before it may be scored against its hour of day (0 = never)' }),
  s({ key: 'DAILY_PROFILE_MIN_EXPLAINED', field: 'dailyProfileMinExplained', kind: 'float', default: 0.5, min: 0, max: 1, description: 'Share of a metric\'s variance the hour of day must explain (R²) before the metric is scored against its hour' }),
  s({ key: 'DAILY_PROFILE_HALF_LIFE_DAYS', field: 'dailyProfileHalfLifeDays', kind: 'float', default: 7, min: 0.01, max: 3650, description: 'Half-life of old days in each hour\'s statistics' }),
  s({ key: 'DAILY_PROFILE_MIN_HOUR_SAMPLES', field: 'dailyProfileMinHourSamples', kind: 'float', default: 3, min: 2, max: 1e9, description: 'Samples every hour of the day must hold before the daily profile is used' }),
  s({ key: 'DAILY_RECURRENCE_TOLERANCE_MINUTES', field: 'dailyRecurrenceToleranceMinutes', kind: 'float', default: 60, min: 0, max: 720, description: 'A drift that began within this long of one day after the previous drift began is a daily pattern: its samples feed the hour-of-day profile and its relearn waits for a full window (0 = never)' }),
  s({ key: 'RELEARN_AFTER_SAMPLES', field: 'relearnAfterSamples', kind: 'int', default: 100, min: 0, max: 10000000, description: 'Drift lasting this many samples (and RELEARN_AFTER_MINUTES) ends: the baseline is kept if the last MIN_SAMPLES_FOR_BASELINE samples still fit it, else relearned (0 = never)' }),
  s({ key: 'RELEARN_AFTER_MINUTES', field: 'relearnAfterMinutes', kind: 'float', default: 360, min: 0, max: 525600, description: 'Relearn also needs the drift to have lasted this long in sample time, so a short incident on a busy service is never absorbed' }),
  // Retention
  s({ key: 'TELEMETRY_RETENTION_DAYS', field: 'telemetryRetentionDays', kind: 'float', default: 7, min: 0.001, max: 3650, description: 'Telemetry older than this (by sample time) is deleted' }),
  s({ key: 'DRIFT_EVENTS_RETENTION_DAYS', field: 'driftEventsRetentionDays', kind: 'float', default: 30, min: 0.001, max: 36500, description: 'Drift events older than this are deleted' }),
  s({ key: 'RETENTION_CRON', field: 'retentionCron', kind: 'string', default: '0 */10 * * * *', description: 'When the retention job runs (cron with seconds)' }),
  s({ key: 'RETENTION_BATCH_SIZE', field: 'retentionBatchSize', kind: 'int', default: 5000, min: 1, max: 1000000, description: 'Rows deleted per retention transaction' }),
  // Operations: /metrics and logs
  s({ key: 'METRICS_MAX_SERVICES', field: 'metricsMaxServices', kind: 'int', default: 1000, min: 0, max: 1000000, description: '/metrics exports per-service series (service_id label) for at most this many services; the rest are counted in driftwatch_metrics_services_omitted (0 = no per-service series)' }),
  s({ key: 'LOG_LEVEL', field: 'logLevel', kind: 'enum', default: 'warn', choices: ['error', 'warn', 'log', 'debug', 'verbose'], description: 'Most detailed Nest framework log level printed (the start-up banner always prints)' }),
];
