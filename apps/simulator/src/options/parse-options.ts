import { SimMode } from '../traffic/scenario';
import {
  DEFAULT_DURATION,
  DEFAULT_SEED,
  DEFAULT_SERVICE,
  DEFAULT_URL,
  MAX_DURATION_SECONDS,
  NOMINAL_RATE,
  SimOptions,
} from './sim-options';

/** A bad command line; main prints the message on one line and exits with code 2. */
export class OptionsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OptionsError';
  }
}

export const HELP_TEXT = `Usage: driftwatch simulate [options]   (or: npm run simulate -- [options])

Sends synthetic telemetry to DriftWatch and ends with a verdict on the acceptance tests.

  --mode NORMAL|SPIKE|CREEP  traffic pattern (default NORMAL)
  --duration SECONDS         scenario length at the nominal ${NOMINAL_RATE} samples/s
                             (default NORMAL 60, SPIKE 90, CREEP 120)
  --service ID               service_id to send as (default ${DEFAULT_SERVICE})
  --url URL                  DriftWatch base URL (default ${DEFAULT_URL})
  --api-key KEY              key sent as X-API-Key when DriftWatch has DRIFTWATCH_API_KEYS set;
                             an admin key (the simulator sends, reads and may reset)
  --rate N                   samples per second actually sent (default ${NOMINAL_RATE}); above 200
                             they go through /v1/telemetry/batch, e.g. --rate 2000 runs the same
                             scenario (same samples) in seconds
  --seed N                   random seed; the same seed replays the same traffic (default ${DEFAULT_SEED})
  --reset                    reset the service's baseline first
  --help                     show this help

Exit codes: 0 every verdict passed, 1 a verdict failed, 2 bad options or DriftWatch unreachable.`;

const SERVICE_ID = /^[A-Za-z0-9._:-]{1,128}$/;

export type ParseResult = { help: true } | { help: false; options: SimOptions };

/** Parses `--name value` / `--name=value` arguments by hand (no dependency needed for seven options). */
export function parseOptions(argv: readonly string[]): ParseResult {
  const raw = new Map<string, string>();
  let reset = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--help' || arg === '-h') return { help: true };
    if (arg === '--reset') {
      reset = true;
      continue;
    }
    const match = /^--([a-z][a-z-]*)(?:=(.*))?$/.exec(arg);
    if (!match) throw new OptionsError(`unexpected argument "${arg}" (see --help)`);
    const name = match[1];
    if (!['mode', 'duration', 'service', 'url', 'rate', 'seed', 'api-key'].includes(name)) {
      throw new OptionsError(`unknown option --${name} (see --help)`);
    }
    const value = match[2] ?? argv[++i];
    if (value === undefined || (match[2] === undefined && value.startsWith('--'))) {
      throw new OptionsError(`option --${name} needs a value`);
    }
    raw.set(name, value);
  }

  const mode = parseMode(raw.get('mode') ?? SimMode.NORMAL);
  const durationSeconds = number(raw, 'duration', DEFAULT_DURATION[mode], 1 / NOMINAL_RATE, MAX_DURATION_SECONDS);
  const rate = number(raw, 'rate', NOMINAL_RATE, 0.1, 1_000_000);
  const seed = number(raw, 'seed', DEFAULT_SEED, 0, 0xffffffff);
  if (!Number.isInteger(seed)) throw new OptionsError(`--seed must be an integer, got ${raw.get('seed')}`);
  const service = raw.get('service') ?? DEFAULT_SERVICE;
  if (!SERVICE_ID.test(service)) {
    throw new OptionsError(`--service must be 1-128 characters of letters, digits, '.', '_', ':' or '-', got "${service}"`);
  }
  const apiKey = raw.get('api-key');
  if (apiKey !== undefined && !/^[\x21-\x7e]+$/.test(apiKey)) throw new OptionsError('--api-key must be printable characters without spaces');
  return { help: false, options: { mode, durationSeconds, rate, seed, service, url: parseUrl(raw.get('url') ?? DEFAULT_URL), reset, apiKey } };
}

function parseMode(text: string): SimMode {
  const upper = text.toUpperCase();
  if (!(Object.values(SimMode) as string[]).includes(upper)) {
    throw new OptionsError(`--mode must be NORMAL, SPIKE or CREEP, got "${text}"`);
  }
  return upper as SimMode;
}

function number(raw: Map<string, string>, name: string, fallback: number, min: number, max: number): number {
  const text = raw.get(name);
  if (text === undefined) return fallback;
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value) || value < min || value > max) {
    throw new OptionsError(`--${name} must be a number from ${min} to ${max}, got "${text}"`);
  }
  return value;
}

function parseUrl(text: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new OptionsError(`--url is not a valid URL: "${text}"`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new OptionsError(`--url must be http(s), got "${text}"`);
  return url.toString().replace(/\/+$/, '');
}
