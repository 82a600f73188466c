export { SETTINGS } from './config-schema';
export type { SettingSpec, SettingKind } from './config-schema';
export type { DriftConfig, DetectorConfig } from './drift-config';
export { ConfigError, DRIFT_CONFIG_DEFAULTS, loadConfig } from './load-config';
export { ConfigModule, DRIFT_CONFIG } from './config.module';
export { parseTimestamp, TIMESTAMP_PATTERN, TIMESTAMP_FORMAT_HINT } from './timestamp';
export { closestSetting, unknownSettingWarnings } from './unknown-settings';
