import { ConfigError, DRIFT_CONFIG_DEFAULTS } from '@app/config';
import { buildAlertSettings } from './alert-settings';

const SECRET = `whsec_${Buffer.alloc(32, 7).toString('base64')}`;

describe(buildAlertSettings.name, () => {
  it('should configure no destination by default and link to localhost', () => {
    const sut = buildAlertSettings(DRIFT_CONFIG_DEFAULTS);
    expect(sut.destinations).toEqual([]);
    expect(sut.publicUrl).toBe('http://localhost:8000');
    expect(sut.retry).toEqual({ baseDelayMs: 5000, maxDelayMs: 3_600_000, giveUpAfterMs: 86_400_000 });
  });

  it('should turn on each destination whose variable is set', () => {
    const sut = buildAlertSettings({
      ...DRIFT_CONFIG_DEFAULTS,
      alertWebhookUrl: 'https://hooks.example.com/dw',
      alertWebhookSecret: SECRET,
      slackWebhookUrl: 'https://hooks.slack.com/services/T/B/X',
      pagerdutyRoutingKey: 'R0UT1NGKEY',
      publicUrl: 'https://driftwatch.example.com/',
    });
    expect(sut.destinations.map((d) => d.name)).toEqual(['webhook', 'slack', 'pagerduty']);
    expect(sut.destinations[0]).toMatchObject({ signingKey: Buffer.alloc(32, 7) });
    expect(sut.destinations[2]).toMatchObject({ url: 'https://events.pagerduty.com/v2/enqueue', routingKey: 'R0UT1NGKEY', severity: 'error' });
    expect(sut.publicUrl).toBe('https://driftwatch.example.com');
  });

  it('should use the configured host in the default public URL', () => {
    expect(buildAlertSettings({ ...DRIFT_CONFIG_DEFAULTS, host: '10.0.0.5', port: 9000 }).publicUrl).toBe('http://10.0.0.5:9000');
  });

  it('should refuse a bad secret without showing it', () => {
    const attempt = () => buildAlertSettings({ ...DRIFT_CONFIG_DEFAULTS, alertWebhookUrl: 'http://x', alertWebhookSecret: 'whsec_c2hvcnQ=' });
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow('Invalid DRIFTWATCH_ALERT_WEBHOOK_SECRET (value not shown): must decode to 24-64 bytes, got 5');
  });

  it('should refuse a secret without a webhook URL', () => {
    expect(() => buildAlertSettings({ ...DRIFT_CONFIG_DEFAULTS, alertWebhookSecret: SECRET })).toThrow('DRIFTWATCH_ALERT_WEBHOOK_URL is not');
  });

  it('should refuse a retry base above the retry max', () => {
    expect(() => buildAlertSettings({ ...DRIFT_CONFIG_DEFAULTS, alertRetryBaseMs: 10, alertRetryMaxMs: 5 })).toThrow('must not exceed');
  });
});
