import { SETTINGS, SettingSpec } from './config-schema';
import type { DriftConfig } from './drift-config';

/** Raised at start-up for a bad environment value; the message names the variable and the value. */
export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

function parseSetting(spec: SettingSpec, raw: string): number | string {
  const bad = (why: string): never => {
    throw new ConfigError(`Invalid ${spec.env}${spec.secret ? ' (value not shown)' : `=${JSON.stringify(raw)}`}: ${why}`);
  };
  const text = raw.trim();
  // A setting whose default is '' is optional: empty means "not set" (e.g. an alert destination off).
  if (text === '' && spec.default === '') return '';
  if (spec.kind === 'string') {
    if (text === '') bad('must not be empty');
    return text;
  }
  if (spec.kind === 'url') return parseHttpUrl(text, bad);
  if (spec.kind === 'enum') {
    // Case-insensitive; the value is the choice as the schema spells it (FULL, warn).
    const choice = spec.choices?.find((c) => c.toUpperCase() === text.toUpperCase());
    if (choice === undefined) bad(`must be one of ${spec.choices?.join(', ')}`);
    return choice as string;
  }
  const value = Number(text);
  if (text === '' || !Number.isFinite(value)) bad('must be a finite number');
  if (spec.kind === 'int' && !Number.isInteger(value)) bad('must be an integer');
  if (spec.min !== undefined && value < spec.min) bad(`must be >= ${spec.min}`);
  if (spec.max !== undefined && value > spec.max) bad(`must be <= ${spec.max}`);
  return value;
}

function parseHttpUrl(text: string, bad: (why: string) => never): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return bad('must be an absolute http:// or https:// URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') bad('must be an absolute http:// or https:// URL');
  return text;
}

function checkConsistency(config: DriftConfig): void {
  const fail = (why: string): never => {
    throw new ConfigError(`Inconsistent configuration: ${why}`);
  };
  if (config.minSamplesForBaseline > config.baselineWindowSize) {
    fail('DRIFTWATCH_MIN_SAMPLES_FOR_BASELINE must not exceed DRIFTWATCH_BASELINE_WINDOW_SIZE');
  }
  if (config.driftModerateCount > config.driftModerateWindow) {
    fail('DRIFTWATCH_DRIFT_MODERATE_COUNT must not exceed DRIFTWATCH_DRIFT_MODERATE_WINDOW');
  }
  if (config.flushMaxSamples > config.queueCapacity) {
    fail('DRIFTWATCH_FLUSH_MAX_SAMPLES must not exceed DRIFTWATCH_QUEUE_CAPACITY');
  }
  // Node refuses a server whose header deadline lies beyond its whole-request deadline.
  if (config.headersTimeoutSeconds > config.requestTimeoutSeconds) {
    fail('DRIFTWATCH_HEADERS_TIMEOUT_SECONDS must not exceed DRIFTWATCH_REQUEST_TIMEOUT_SECONDS');
  }
  if (config.batchMaxSamples > config.queueCapacity) {
    fail('DRIFTWATCH_BATCH_MAX_SAMPLES must not exceed DRIFTWATCH_QUEUE_CAPACITY');
  }
}

function build(read: (spec: SettingSpec) => string | undefined): DriftConfig {
  const config: Record<string, number | string> = {};
  for (const spec of SETTINGS) {
    const raw = read(spec);
    config[spec.field] = raw === undefined ? spec.default : parseSetting(spec, raw);
  }
  const typed = config as unknown as DriftConfig;
  checkConsistency(typed);
  return Object.freeze(typed);
}

/** The defaults, untouched by the environment. */
export const DRIFT_CONFIG_DEFAULTS: Readonly<DriftConfig> = build(() => undefined);

/** Reads every `DRIFTWATCH_*` variable, applies the defaults and fails fast on a bad value. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<DriftConfig> = {}): DriftConfig {
  const fromEnv = build((spec) => env[spec.env]);
  const merged = { ...fromEnv, ...overrides };
  checkConsistency(merged);
  return Object.freeze(merged);
}
