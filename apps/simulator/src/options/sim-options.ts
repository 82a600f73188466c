import { SimMode } from '../traffic/scenario';

/** Everything one simulator run needs, after parsing and validation. */
export interface SimOptions {
  readonly mode: SimMode;
  /** Scenario length in seconds of nominal traffic (10 samples/s), whatever `rate` is. */
  readonly durationSeconds: number;
  readonly service: string;
  readonly url: string;
  /** Samples per second actually sent. */
  readonly rate: number;
  readonly seed: number;
  /** Reset the service's baseline before the run. */
  readonly reset: boolean;
  /** Sent as X-API-Key when set (a DriftWatch with DRIFTWATCH_API_KEYS). */
  readonly apiKey?: string;
}

/** The seed's timings assume 10 samples/s; a scenario has durationSeconds × this many samples. */
export const NOMINAL_RATE = 10;
/** Above this rate samples go through the batch route in chunks (fast mode). */
export const BATCH_RATE_THRESHOLD = 200;
/** The seed's example durations per mode. */
export const DEFAULT_DURATION: Readonly<Record<SimMode, number>> = Object.freeze({
  [SimMode.NORMAL]: 60,
  [SimMode.SPIKE]: 90,
  [SimMode.CREEP]: 120,
});
export const DEFAULT_SERVICE = 'test-payment-service';
export const DEFAULT_URL = 'http://localhost:8000';
export const DEFAULT_SEED = 42;
/** Longest scenario: 1 day of samples, so back-dated fast-mode timestamps stay inside the API's 7-day window. */
export const MAX_DURATION_SECONDS = 86_400;

export function scenarioSamples(options: SimOptions): number {
  return Math.max(1, Math.round(options.durationSeconds * NOMINAL_RATE));
}

export function isFastMode(options: SimOptions): boolean {
  return options.rate > BATCH_RATE_THRESHOLD;
}

/** Injection token of the parsed `SimOptions`. */
export const SIM_OPTIONS_TOKEN = Symbol('SIM_OPTIONS');
