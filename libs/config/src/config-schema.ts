/**
 * Every DriftWatch setting in one table: its default, the environment variable that
 * overrides it, and the bounds a value must respect. Nothing else in the code base
 * holds a tunable number; the README's configuration table is generated from this list.
 */
import type { DriftConfig } from './drift-config';

export type SettingKind = 'int' | 'float' | 'string' | 'enum' | 'url';

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
  /** Never echoed in error messages (tokens, signing keys, URLs that embed a token). */
  readonly secret?: boolean;
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
  s({ key: 'ENDPOINT_MAX_LENGTH', field: 'endpointMaxLength', kind: 'int', default: 200, min: 1, max: 1024, description: 'Longest accepted endpoint on a sample (e.g. "POST /pay")' }),
  s({
    key: 'MAX_ENDPOINTS_PER_SERVICE',
    field: 'maxEndpointsPerService',
    kind: 'int',
    default: 50,
    min: 1,
    max: 10000,
    description: 'Endpoints of one service with their own baseline; samples of any further endpoint share the endpoint _other (never an error)',
  }),
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
  // Limits on what one client can make the service hold or believe (README: Security and limits)
  s({ key: 'MAX_SERVICES', field: 'maxServices', kind: 'int', default: 10000, min: 1, max: 10_000_000, description: 'Most services (distinct service_id) monitored; a sample for a new one beyond it is refused with 429 (DELETE /v1/services/{id} frees a place)' }),
  s({ key: 'MAX_OUT_OF_ORDER_SECONDS', field: 'maxOutOfOrderSeconds', kind: 'int', default: 300, min: 0, max: 604800, description: 'A sample older than its service\'s newest (accepted, even if still queued) by more than this is refused; within it, samples are scored in arrival order' }),
  s({ key: 'IDEMPOTENCY_TTL_HOURS', field: 'idempotencyTtlHours', kind: 'float', default: 24, min: 0.001, max: 720, description: 'How long an Idempotency-Key is remembered: a retry with it gets the first answer and stores nothing' }),
  s({ key: 'DETECTOR_IDLE_SECONDS', field: 'detectorIdleSeconds', kind: 'int', default: 600, min: 1, max: 604800, description: 'A detector unused this long is unloaded from memory (its state is stored; it is reloaded, exactly, on its next sample or read)' }),
  s({ key: 'MAX_LOADED_DETECTORS', field: 'maxLoadedDetectors', kind: 'int', default: 10000, min: 1, max: 10_000_000, description: 'Most detectors kept in memory; beyond it the least recently used are unloaded first' }),
  // Ingestion queue and group commit
  s({ key: 'QUEUE_CAPACITY', field: 'queueCapacity', kind: 'int', default: 200000, min: 1, max: 10000000, description: 'Samples waiting to be committed before the API answers 503' }),
  s({ key: 'QUEUE_MAX_BYTES', field: 'queueMaxBytes', kind: 'int', default: 64 * 1024 * 1024, min: 1024, max: 4 * 1024 * 1024 * 1024, description: 'Estimated bytes of queued samples before the API answers 503' }),
  s({ key: 'FLUSH_INTERVAL_MS', field: 'flushIntervalMs', kind: 'int', default: 2, min: 0, max: 1000, description: 'Group commit: longest wait before queued samples are committed' }),
  s({ key: 'FLUSH_MAX_SAMPLES', field: 'flushMaxSamples', kind: 'int', default: 20000, min: 1, max: 1000000, description: 'Group commit: most samples in one transaction' }),
  s({ key: 'RETRY_AFTER_SECONDS', field: 'retryAfterSeconds', kind: 'int', default: 1, min: 1, max: 3600, description: 'Retry-After sent with 503 when the queue is full' }),
  // Detection engine (the seed's contract)
  s({ key: 'MIN_SAMPLES_FOR_BASELINE', field: 'minSamplesForBaseline', kind: 'int', default: 100, min: 2, max: 100000, description: 'Samples in the window before a service is STABLE' }),
  s({ key: 'BASELINE_WINDOW_SIZE', field: 'baselineWindowSize', kind: 'int', default: 1000, min: 2, max: 100000, description: 'Most samples in the baseline window' }),
  s({ key: 'BASELINE_WINDOW_HOURS', field: 'baselineWindowHours', kind: 'float', default: 24, min: 0.001, max: 8760, description: 'Oldest sample age (by sample time) kept in the window' }),
  s({ key: 'BASELINE_REFRESH', field: 'baselineRefresh', kind: 'int', default: 50, min: 1, max: 100000, description: 'New baseline samples between snapshot refreshes' }),
  s({ key: 'DRIFT_ZSCORE_THRESHOLD', field: 'driftZscoreThreshold', kind: 'float', default: 3.0, min: 0.1, max: 100, description: 'Rule 1: |z| above this is a severe anomaly' }),
  s({ key: 'DRIFT_CONSECUTIVE_THRESHOLD', field: 'driftConsecutiveThreshold', kind: 'int', default: 5, min: 1, max: 10000, description: 'Rule 1: consecutive severe anomalies that raise drift' }),
  s({ key: 'DRIFT_MODERATE_ZSCORE_THRESHOLD', field: 'driftModerateZscoreThreshold', kind: 'float', default: 2.5, min: 0.1, max: 100, description: 'Rule 2: |z| above this is a moderate anomaly' }),
  s({ key: 'DRIFT_MODERATE_COUNT', field: 'driftModerateCount', kind: 'int', default: 10, min: 1, max: 31, description: 'Rule 2: moderate anomalies among the last DRIFT_MODERATE_WINDOW samples that raise drift' }),
  s({ key: 'DRIFT_MODERATE_WINDOW', field: 'driftModerateWindow', kind: 'int', default: 20, min: 1, max: 31, description: 'Rule 2: how many recent samples are counted' }),
  s({ key: 'RECOVERY_ZSCORE_THRESHOLD', field: 'recoveryZscoreThreshold', kind: 'float', default: 2.0, min: 0.1, max: 100, description: 'Recovery: |z| at or below this is normal' }),
  s({ key: 'RECOVERY_CONSECUTIVE_NORMAL', field: 'recoveryConsecutiveNormal', kind: 'int', default: 50, min: 1, max: 100000, description: 'Recovery: consecutive normal samples that end a drift' }),
  s({
    key: 'NEW_NORMAL_AFTER_MINUTES',
    field: 'newNormalAfterMinutes',
    kind: 'float',
    default: 60,
    min: 0,
    max: 525600,
    description: 'A drift that has lasted this long in sample time (and MIN_SAMPLES_FOR_BASELINE samples) and has settled is adopted as the new normal, once, with a new_normal_adopted event; shorter incidents never become normal (0 = never: only recovery or a reset ends a drift)',
  }),
  // Retention
  s({ key: 'TELEMETRY_RETENTION_DAYS', field: 'telemetryRetentionDays', kind: 'float', default: 7, min: 0.001, max: 3650, description: 'Telemetry older than this (by sample time) is deleted' }),
  s({ key: 'DRIFT_EVENTS_RETENTION_DAYS', field: 'driftEventsRetentionDays', kind: 'float', default: 30, min: 0.001, max: 36500, description: 'Drift events older than this are deleted' }),
  s({ key: 'RETENTION_CRON', field: 'retentionCron', kind: 'string', default: '0 */10 * * * *', description: 'When the retention job runs (cron with seconds)' }),
  s({ key: 'RETENTION_BATCH_SIZE', field: 'retentionBatchSize', kind: 'int', default: 5000, min: 1, max: 1000000, description: 'Rows deleted per retention transaction' }),
  // Telemetry read-back (GET /v1/telemetry/{service_id}, the dashboard's charts)
  s({ key: 'TELEMETRY_READ_DEFAULT_RANGE_MINUTES', field: 'telemetryReadDefaultRangeMinutes', kind: 'int', default: 60, min: 1, max: 525600, description: 'GET /v1/telemetry/{id}: the range read when `from` is not given (ending at `to`, default now)' }),
  s({ key: 'TELEMETRY_READ_TARGET_BUCKETS', field: 'telemetryReadTargetBuckets', kind: 'int', default: 1000, min: 10, max: 100000, description: 'GET /v1/telemetry/{id}: without `step`, the finest step of 1-2-5 seconds/minutes/hours that gives at most this many buckets' }),
  s({ key: 'TELEMETRY_READ_MAX_BUCKETS', field: 'telemetryReadMaxBuckets', kind: 'int', default: 10000, min: 10, max: 1000000, description: 'GET /v1/telemetry/{id}: a range and step that give more buckets than this are refused (400)' }),
  s({ key: 'TELEMETRY_READ_RAW_MAX_HOURS', field: 'telemetryReadRawMaxHours', kind: 'float', default: 6, min: 0.01, max: 168, description: 'GET /v1/telemetry/{id}: longest range for a step that is not whole minutes (read from the samples themselves; whole-minute steps read the per-minute rollup at any range)' }),
  // Deployment gate and deployment markers (GET /v1/gate, /v1/deployments)
  s({ key: 'GATE_MIN_SAMPLES', field: 'gateMinSamples', kind: 'int', default: 50, min: 0, max: 1000000, description: 'Gate and deployment comparison: samples needed since the deployment (and before it) for a verdict; fewer = inconclusive (the min_samples query parameter overrides it)' }),
  s({ key: 'GATE_RETRY_AFTER_SECONDS', field: 'gateRetryAfterSeconds', kind: 'int', default: 30, min: 1, max: 3600, description: 'Retry-After sent with an inconclusive gate answer (503: learning or too few samples)' }),
  s({ key: 'DEPLOYMENT_NAMING_WINDOW_MINUTES', field: 'deploymentNamingWindowMinutes', kind: 'float', default: 30, min: 0, max: 10080, description: 'A drift that begins this long (sample time) after a service\'s latest deployment marker names it (deployment_id; 0 = never)' }),
  s({ key: 'DEPLOYMENT_COMPARE_MAX_AFTER', field: 'deploymentCompareMaxAfter', kind: 'int', default: 5000, min: 1, max: 1000000, description: 'Deployment comparison: most samples read after the marker (the first ones); before it, the last BASELINE_WINDOW_SIZE baseline samples' }),
  s({ key: 'DEPLOYMENT_COMPARE_ALPHA', field: 'deploymentCompareAlpha', kind: 'float', default: 0.01, min: 0.000001, max: 0.5, description: 'Deployment comparison: significance level of the Mann–Whitney U test; the median-ratio interval is at 1 − alpha' }),
  s({ key: 'DEPLOYMENT_COMPARE_BAND_PERCENT', field: 'deploymentCompareBandPercent', kind: 'float', default: 5, min: 0, max: 1000, description: 'Deployment comparison: a change fails only if the whole median-ratio interval lies beyond ± this many percent (smaller changes are not worth blocking a release)' }),
  // Drift explanations and incidents (README: Explanations and incidents)
  s({ key: 'EXPLAIN_REFERENCE_SAMPLES', field: 'explainReferenceSamples', kind: 'int', default: 1000, min: 20, max: 100000, description: 'Explanations: baseline samples before a drift\'s evidence that say what normal was (its median, spread and 1 % lines); a full window, so the 1 % lines rest on ten samples each' }),
  s({ key: 'EXPLAIN_EPISODE_SAMPLES', field: 'explainEpisodeSamples', kind: 'int', default: 200, min: 1, max: 100000, description: 'Explanations: samples after the onset read to explain a drift (at read time); once the episode has them, or has ended, its explanation no longer changes (final)' }),
  s({ key: 'EXPLAIN_LEAD_IN_SAMPLES', field: 'explainLeadInSamples', kind: 'int', default: 50, min: 0, max: 10000, description: 'Explanations: samples before the evidence read to see whether the metric was already moving (gradual) and which metric moved first' }),
  s({ key: 'EXPLAIN_SPIKE_MAX_SAMPLES', field: 'explainSpikeMaxSamples', kind: 'int', default: 20, min: 1, max: 10000, description: 'Explanations: a departure over within this many samples of its start is a spike; the samples after it say whether the level, spread or tail changed' }),
  s({ key: 'INCIDENT_WINDOW_MINUTES', field: 'incidentWindowMinutes', kind: 'float', default: 5, min: 0, max: 1440, description: 'An onset joins an incident when it starts at most this long (sample time) after the incident\'s previous onset, and an event\'s concurrent hint names the drifts that began this close to it: one outage reaches its dependants within a few minutes, while unrelated drifts of a large fleet are rarely that close' }),
  // Alerts (docs/alerting.md). A destination is off while its variable is empty.
  s({ key: 'ALERT_WEBHOOK_URL', field: 'alertWebhookUrl', kind: 'url', default: '', secret: true, description: 'Generic webhook receiving CloudEvents (drift.detected / drift.resolved); empty = off' }),
  s({ key: 'ALERT_WEBHOOK_SECRET', field: 'alertWebhookSecret', kind: 'string', default: '', secret: true, description: 'Standard Webhooks signing secret: whsec_ then the base64 of 24-64 random bytes; empty = unsigned' }),
  s({ key: 'SLACK_WEBHOOK_URL', field: 'slackWebhookUrl', kind: 'url', default: '', secret: true, description: 'Slack incoming-webhook URL; empty = off' }),
  s({ key: 'PAGERDUTY_ROUTING_KEY', field: 'pagerdutyRoutingKey', kind: 'string', default: '', secret: true, description: 'PagerDuty Events API v2 routing (integration) key; empty = off' }),
  s({ key: 'PAGERDUTY_URL', field: 'pagerdutyUrl', kind: 'url', default: 'https://events.pagerduty.com/v2/enqueue', description: 'PagerDuty Events API v2 endpoint' }),
  s({ key: 'PAGERDUTY_SEVERITY', field: 'pagerdutySeverity', kind: 'enum', default: 'ERROR', choices: ['CRITICAL', 'ERROR', 'WARNING', 'INFO'], description: 'Severity of the PagerDuty alert a drift triggers' }),
  s({ key: 'PUBLIC_URL', field: 'publicUrl', kind: 'url', default: '', description: 'Base URL of this DriftWatch in alert links; empty = http://HOST:PORT (localhost for 0.0.0.0)' }),
  s({ key: 'ALERT_RETRY_BASE_MS', field: 'alertRetryBaseMs', kind: 'int', default: 5000, min: 1, max: 86_400_000, description: 'Alert retries: the first backoff cap; each retry doubles it (full jitter: the wait is random below the cap)' }),
  s({ key: 'ALERT_RETRY_MAX_MS', field: 'alertRetryMaxMs', kind: 'int', default: 3_600_000, min: 1, max: 86_400_000, description: 'Alert retries: the largest backoff cap' }),
  s({ key: 'ALERT_GIVE_UP_HOURS', field: 'alertGiveUpHours', kind: 'float', default: 24, min: 0.0001, max: 720, description: 'An alert still undelivered this long after it was written is given up (failed)' }),
  s({ key: 'ALERT_TIMEOUT_MS', field: 'alertTimeoutMs', kind: 'int', default: 10000, min: 100, max: 300000, description: 'Longest one delivery attempt may take (connect, send, answer)' }),
  s({ key: 'ALERT_POLL_INTERVAL_MS', field: 'alertPollIntervalMs', kind: 'int', default: 1000, min: 10, max: 3_600_000, description: 'Longest the delivery worker sleeps before looking for due alerts' }),
  s({ key: 'ALERT_MAX_IN_FLIGHT', field: 'alertMaxInFlight', kind: 'int', default: 8, min: 1, max: 1000, description: 'Most alert deliveries in progress at once (one per service and destination at a time)' }),
  // Security and limits (README: Security and limits)
  s({ key: 'API_KEYS', field: 'apiKeys', kind: 'string', default: '', secret: true, description: 'API keys as comma-separated scope:key pairs (scopes: ingest, read, admin; admin implies the others), e.g. ingest:k1,read:k2,admin:k3; empty (and no API_KEYS_FILE) = every route open' }),
  s({ key: 'API_KEYS_FILE', field: 'apiKeysFile', kind: 'string', default: '', description: 'File holding scope:key pairs (comma- or newline-separated, # comments), read at start-up; added to API_KEYS' }),
  s({ key: 'CORS_ORIGINS', field: 'corsOrigins', kind: 'string', default: '', description: 'Comma-separated origins (e.g. https://ops.example.com) allowed to call the API from a browser; empty = CORS off (same-origin only)' }),
  s({ key: 'HEADERS_TIMEOUT_SECONDS', field: 'headersTimeoutSeconds', kind: 'int', default: 30, min: 1, max: 3600, description: 'A client that has not sent its complete request headers within this time gets 408 and is disconnected' }),
  s({ key: 'REQUEST_TIMEOUT_SECONDS', field: 'requestTimeoutSeconds', kind: 'int', default: 30, min: 1, max: 3600, description: 'A client that has not sent its complete request (headers and body) within this time gets 408 and is disconnected' }),
  s({ key: 'MAX_CONNECTIONS', field: 'maxConnections', kind: 'int', default: 1000, min: 1, max: 1000000, description: 'Most open client connections; further connections are closed as soon as they are accepted' }),
  s({ key: 'ERROR_MAX_MESSAGES', field: 'errorMaxMessages', kind: 'int', default: 20, min: 1, max: 10000, description: 'Most messages in one error response; the rest are counted in more_messages' }),
  s({ key: 'STORAGE_RETRY_AFTER_SECONDS', field: 'storageRetryAfterSeconds', kind: 'int', default: 10, min: 1, max: 3600, description: 'Retry-After sent with 503 when the database cannot be written (disk full, I/O error)' }),
  // Cluster mode on PostgreSQL (docs/scale-out.md). Off while DATABASE_URL is empty.
  s({ key: 'DATABASE_URL', field: 'databaseUrl', kind: 'string', default: '', secret: true, description: 'PostgreSQL URL (postgres://user@host:5432/db): set = cluster mode, several processes share one store; empty = embedded SQLite (DB_PATH)' }),
  s({ key: 'CLUSTER_PARTITIONS', field: 'clusterPartitions', kind: 'int', default: 64, min: 1, max: 4096, description: 'Cluster: partitions of the sample log (a service is in one, by a stable hash of its id); fixed once the database exists' }),
  s({ key: 'CLUSTER_LEASE_TIMEOUT_MS', field: 'clusterLeaseTimeoutMs', kind: 'int', default: 1000, min: 200, max: 600000, description: 'Cluster: PostgreSQL ends a lease session silent this long (a hung or stopped owner), freeing its partitions' }),
  s({ key: 'CLUSTER_HEARTBEAT_MS', field: 'clusterHeartbeatMs', kind: 'int', default: 150, min: 10, max: 60000, description: 'Cluster: how often a process checks its lease session, rebalances partitions and polls an idle log (keep well under CLUSTER_LEASE_TIMEOUT_MS)' }),
  s({ key: 'CLUSTER_SCORE_BATCH', field: 'clusterScoreBatch', kind: 'int', default: 5000, min: 1, max: 1000000, description: 'Cluster: most log records one scoring transaction takes from a partition' }),
  s({ key: 'CLUSTER_MAX_LAG_MS', field: 'clusterMaxLagMs', kind: 'int', default: 5000, min: 0, max: 86_400_000, description: "Cluster: the gate answers 503 (fail closed) while the oldest unscored sample of the service's partition has waited longer than this" }),
  s({ key: 'CLUSTER_CONNECT_TIMEOUT_MS', field: 'clusterConnectTimeoutMs', kind: 'int', default: 5000, min: 100, max: 600000, description: 'Cluster: longest wait for a PostgreSQL connection (an append then fails with 500, the lease loop retries)' }),
  s({ key: 'CLUSTER_POOL_SIZE', field: 'clusterPoolSize', kind: 'int', default: 8, min: 1, max: 1000, description: 'Cluster: PostgreSQL connections for appends and reads (the lease connection comes on top)' }),
  // Operations: /metrics and logs
  s({ key: 'METRICS_MAX_SERVICES', field: 'metricsMaxServices', kind: 'int', default: 1000, min: 0, max: 1000000, description: '/metrics exports per-service series (service_id label) for at most this many services; the rest are counted in driftwatch_metrics_services_omitted (0 = no per-service series)' }),
  s({ key: 'LOG_LEVEL', field: 'logLevel', kind: 'enum', default: 'warn', choices: ['error', 'warn', 'log', 'debug', 'verbose'], description: 'Most detailed Nest framework log level printed (the start-up banner always prints)' }),
];
