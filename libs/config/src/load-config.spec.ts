import { SETTINGS } from './config-schema';
import { ConfigError, DRIFT_CONFIG_DEFAULTS, loadConfig } from './load-config';

describe(loadConfig.name, () => {
  it('should hold the seed contract as defaults', () => {
    expect(DRIFT_CONFIG_DEFAULTS).toMatchObject({
      port: 8000,
      host: '0.0.0.0',
      dbPath: './driftwatch.db',
      minSamplesForBaseline: 100,
      baselineWindowSize: 1000,
      baselineRefresh: 50,
      driftZscoreThreshold: 3.0,
      driftConsecutiveThreshold: 5,
      driftModerateZscoreThreshold: 2.5,
      driftModerateCount: 10,
      recoveryConsecutiveNormal: 50,
      telemetryRetentionDays: 7,
      driftEventsRetentionDays: 30,
    });
    expect(Object.isFrozen(DRIFT_CONFIG_DEFAULTS)).toBe(true);
  });

  it('should override a default from its DRIFTWATCH_ variable', () => {
    const sut = loadConfig({ DRIFTWATCH_PORT: '9000', DRIFTWATCH_DRIFT_ZSCORE_THRESHOLD: '3.5', DRIFTWATCH_SQLITE_SYNCHRONOUS: 'full' });
    expect(sut).toMatchObject({ port: 9000, driftZscoreThreshold: 3.5, sqliteSynchronous: 'FULL' });
  });

  it('should read the log level in any case and keep its schema spelling', () => {
    expect(DRIFT_CONFIG_DEFAULTS.logLevel).toBe('warn');
    expect(loadConfig({ DRIFTWATCH_LOG_LEVEL: 'DEBUG' }).logLevel).toBe('debug');
  });

  it.each([
    ['DRIFTWATCH_LOG_LEVEL', 'chatty', 'must be one of error, warn, log, debug, verbose'],
    ['DRIFTWATCH_METRICS_MAX_SERVICES', '-1', 'must be >= 0'],
    ['DRIFTWATCH_PORT', 'eighty', 'must be a finite number'],
    ['DRIFTWATCH_PORT', '70000', 'must be <= 65535'],
    ['DRIFTWATCH_MIN_SAMPLES_FOR_BASELINE', '10.5', 'must be an integer'],
    ['DRIFTWATCH_SQLITE_SYNCHRONOUS', 'OFF', 'must be one of NORMAL, FULL'],
    ['DRIFTWATCH_DB_PATH', ' ', 'must not be empty'],
  ])('should refuse %s=%s naming the variable', (name, value, why) => {
    expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [name]: value })).toThrow(`Invalid ${name}=${JSON.stringify(value)}: ${why}`);
  });

  it('should refuse inconsistent combinations', () => {
    expect(() => loadConfig({ DRIFTWATCH_MIN_SAMPLES_FOR_BASELINE: '2000' })).toThrow('must not exceed DRIFTWATCH_BASELINE_WINDOW_SIZE');
  });

  it('should give every setting a DRIFTWATCH_ variable and a description', () => {
    for (const spec of SETTINGS) {
      expect(spec.env).toBe(`DRIFTWATCH_${spec.key}`);
      expect(spec.description.length).toBeGreaterThan(10);
    }
  });
});

describe('loadConfig (alert settings)', () => {
  it('should leave every alert destination off by default', () => {
    expect(DRIFT_CONFIG_DEFAULTS).toMatchObject({
      alertWebhookUrl: '',
      alertWebhookSecret: '',
      slackWebhookUrl: '',
      pagerdutyRoutingKey: '',
      pagerdutyUrl: 'https://events.pagerduty.com/v2/enqueue',
      publicUrl: '',
    });
  });

  it('should read an empty optional variable as "not set"', () => {
    expect(loadConfig({ DRIFTWATCH_SLACK_WEBHOOK_URL: ' ', DRIFTWATCH_PAGERDUTY_ROUTING_KEY: '' })).toMatchObject({
      slackWebhookUrl: '',
      pagerdutyRoutingKey: '',
    });
  });

  it('should accept http and https URLs', () => {
    const sut = loadConfig({ DRIFTWATCH_ALERT_WEBHOOK_URL: 'https://hooks.example.com/driftwatch', DRIFTWATCH_PUBLIC_URL: 'http://dw.internal:8000' });
    expect(sut).toMatchObject({ alertWebhookUrl: 'https://hooks.example.com/driftwatch', publicUrl: 'http://dw.internal:8000' });
  });

  it('should refuse a URL that is not http(s), naming the variable', () => {
    expect(() => loadConfig({ DRIFTWATCH_PUBLIC_URL: 'localhost:8000' })).toThrow(
      'Invalid DRIFTWATCH_PUBLIC_URL="localhost:8000": must be an absolute http:// or https:// URL',
    );
    expect(() => loadConfig({ DRIFTWATCH_PAGERDUTY_URL: 'ftp://x' })).toThrow(ConfigError);
  });

  it('should never echo a secret value in the error', () => {
    const attempt = () => loadConfig({ DRIFTWATCH_SLACK_WEBHOOK_URL: 'hooks.slack.com/services/T000/B000/XXXXSECRET' });
    expect(attempt).toThrow('Invalid DRIFTWATCH_SLACK_WEBHOOK_URL (value not shown): must be an absolute http:// or https:// URL');
    expect(attempt).not.toThrow(/XXXXSECRET/);
  });
});
