import { ConfigError, DriftConfig } from '@app/config';
import type { AlertDestinationName } from './alert-event';
import type { RetryPolicy } from './retry-policy';
import { signingKeyFromSecret } from './standard-webhooks';

export interface WebhookDestination {
  name: 'webhook';
  url: string;
  /** HMAC key decoded from DRIFTWATCH_ALERT_WEBHOOK_SECRET; null: requests go unsigned. */
  signingKey: Buffer | null;
}

export interface SlackDestination {
  name: 'slack';
  url: string;
}

export interface PagerDutyDestination {
  name: 'pagerduty';
  url: string;
  routingKey: string;
  severity: 'critical' | 'error' | 'warning' | 'info';
}

export type AlertDestination = WebhookDestination | SlackDestination | PagerDutyDestination;

/** The alert settings, checked once at start. Holds secrets: never log or serialize it. */
export interface AlertSettings {
  destinations: readonly AlertDestination[];
  /** Base of the links in alerts, without a trailing slash. */
  publicUrl: string;
  retry: RetryPolicy;
  timeoutMs: number;
  pollIntervalMs: number;
  maxInFlight: number;
}

export type AlertConfig = Pick<
  DriftConfig,
  | 'host'
  | 'port'
  | 'alertWebhookUrl'
  | 'alertWebhookSecret'
  | 'slackWebhookUrl'
  | 'pagerdutyRoutingKey'
  | 'pagerdutyUrl'
  | 'pagerdutySeverity'
  | 'publicUrl'
  | 'alertRetryBaseMs'
  | 'alertRetryMaxMs'
  | 'alertGiveUpHours'
  | 'alertTimeoutMs'
  | 'alertPollIntervalMs'
  | 'alertMaxInFlight'
>;

/** Which destinations are on, their keys decoded; a bad combination is a ConfigError naming the variable. */
export function buildAlertSettings(config: AlertConfig): AlertSettings {
  const destinations: AlertDestination[] = [];
  if (config.alertWebhookUrl) {
    destinations.push({ name: 'webhook', url: config.alertWebhookUrl, signingKey: webhookKey(config.alertWebhookSecret) });
  } else if (config.alertWebhookSecret) {
    throw new ConfigError('DRIFTWATCH_ALERT_WEBHOOK_SECRET is set but DRIFTWATCH_ALERT_WEBHOOK_URL is not');
  }
  if (config.slackWebhookUrl) destinations.push({ name: 'slack', url: config.slackWebhookUrl });
  if (config.pagerdutyRoutingKey) {
    destinations.push({
      name: 'pagerduty',
      url: config.pagerdutyUrl,
      routingKey: config.pagerdutyRoutingKey,
      severity: config.pagerdutySeverity.toLowerCase() as PagerDutyDestination['severity'],
    });
  }
  if (config.alertRetryBaseMs > config.alertRetryMaxMs) {
    throw new ConfigError('Inconsistent configuration: DRIFTWATCH_ALERT_RETRY_BASE_MS must not exceed DRIFTWATCH_ALERT_RETRY_MAX_MS');
  }
  return {
    destinations,
    publicUrl: (config.publicUrl || defaultPublicUrl(config.host, config.port)).replace(/\/+$/, ''),
    retry: { baseDelayMs: config.alertRetryBaseMs, maxDelayMs: config.alertRetryMaxMs, giveUpAfterMs: config.alertGiveUpHours * 3_600_000 },
    timeoutMs: config.alertTimeoutMs,
    pollIntervalMs: config.alertPollIntervalMs,
    maxInFlight: config.alertMaxInFlight,
  };
}

export function destinationNames(settings: AlertSettings): AlertDestinationName[] {
  return settings.destinations.map((d) => d.name);
}

function webhookKey(secret: string): Buffer | null {
  if (!secret) return null;
  try {
    return signingKeyFromSecret(secret);
  } catch (error) {
    // The reason only: the value is a secret.
    throw new ConfigError(`Invalid DRIFTWATCH_ALERT_WEBHOOK_SECRET (value not shown): ${(error as Error).message}`);
  }
}

function defaultPublicUrl(host: string, port: number): string {
  const shown = host === '0.0.0.0' || host === '::' || host === '' ? 'localhost' : host.includes(':') ? `[${host}]` : host;
  return `http://${shown}:${port}`;
}
