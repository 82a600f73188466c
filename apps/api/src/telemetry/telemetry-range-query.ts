import { parseTimestamp } from '@app/config';
import type { DriftConfig } from '@app/config';

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };
const MINUTE_MS = UNIT_MS.m;

/**
 * Steps chosen when the caller gives none: the 1-2-5 (and 15/30, 3/6/12 where time has them)
 * divisions a reader expects on a time axis, as Grafana picks them.
 */
const AUTO_STEPS_MS = [
  1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10_800, 21_600, 43_200, 86_400, 172_800, 604_800,
].map((seconds) => seconds * 1000);

/** A range and step the store can answer: `fromMs` and `toMs` are multiples of `stepMs`. */
export interface TelemetryRange {
  fromMs: number;
  toMs: number;
  stepMs: number;
  buckets: number;
}

export type RangeSettings = Pick<
  DriftConfig,
  'telemetryReadDefaultRangeMinutes' | 'telemetryReadTargetBuckets' | 'telemetryReadMaxBuckets' | 'telemetryReadRawMaxHours'
>;

/** `500ms`, `10s`, `5m`, `1h`, `1d` → milliseconds; NaN for anything else. */
export function parseStep(value: string): number {
  const match = /^(\d{1,9})(ms|s|m|h|d)$/.exec(value.trim());
  if (!match) return NaN;
  return Number(match[1]) * UNIT_MS[match[2]];
}

/** The shortest spelling of a step (`90000` → `90s`, `3600000` → `1h`). */
export function formatStep(stepMs: number): string {
  for (const unit of ['d', 'h', 'm', 's'] as const) {
    if (stepMs % UNIT_MS[unit] === 0) return `${stepMs / UNIT_MS[unit]}${unit}`;
  }
  return `${stepMs}ms`;
}

const hours = (ms: number): string => `${Math.round((ms / 3_600_000) * 100) / 100} h`;

/**
 * Resolves `from`, `to` and `step` (each optional) into the buckets to read, or the messages of a
 * 400. Defaults: `to` now, `from` the default range before `to`, `step` the finest of
 * AUTO_STEPS_MS that gives at most the target bucket count. Steps that are not whole minutes read
 * every sample, so their range is bounded; whole-minute steps read the per-minute rollup.
 */
export function resolveTelemetryRange(
  query: { from?: string; to?: string; step?: string },
  nowMs: number,
  settings: RangeSettings,
): TelemetryRange | { errors: string[] } {
  const errors: string[] = [];
  const toMs = query.to === undefined ? nowMs : parseTimestamp(query.to);
  if (Number.isNaN(toMs)) errors.push('to must be an ISO-8601 time such as 2026-12-02T10:00:00Z');
  const fromMs = query.from === undefined ? toMs - settings.telemetryReadDefaultRangeMinutes * MINUTE_MS : parseTimestamp(query.from);
  if (query.from !== undefined && Number.isNaN(fromMs)) errors.push('from must be an ISO-8601 time such as 2026-12-02T09:00:00Z');
  let stepMs = NaN;
  if (query.step !== undefined) {
    stepMs = parseStep(query.step);
    if (!(stepMs >= 1)) errors.push('step must be a whole number with a unit: 500ms, 10s, 1m, 1h or 1d');
  }
  if (errors.length > 0) return { errors };
  if (!(fromMs < toMs)) return { errors: ['from must be before to'] };

  const span = toMs - fromMs;
  const rawMaxMs = settings.telemetryReadRawMaxHours * 3_600_000;
  if (query.step === undefined) {
    const target = settings.telemetryReadTargetBuckets;
    stepMs =
      AUTO_STEPS_MS.find((step) => Math.ceil(span / step) <= target && (step % MINUTE_MS === 0 || span <= rawMaxMs)) ??
      AUTO_STEPS_MS[AUTO_STEPS_MS.length - 1];
  } else if (stepMs % MINUTE_MS !== 0 && span > rawMaxMs) {
    return {
      errors: [
        `step ${query.step} is not a whole number of minutes, which is read from the samples themselves and allowed for ranges of at most ${hours(rawMaxMs)} (this range is ${hours(span)}): use a step of 1m or more, or a shorter range`,
      ],
    };
  }
  const alignedFrom = Math.floor(fromMs / stepMs) * stepMs;
  const alignedTo = Math.ceil(toMs / stepMs) * stepMs;
  const buckets = (alignedTo - alignedFrom) / stepMs;
  if (buckets > settings.telemetryReadMaxBuckets) {
    return {
      errors: [
        `from, to and step give ${buckets} buckets, more than the limit of ${settings.telemetryReadMaxBuckets} (DRIFTWATCH_TELEMETRY_READ_MAX_BUCKETS): choose a larger step or a shorter range`,
      ],
    };
  }
  return { fromMs: alignedFrom, toMs: alignedTo, stepMs, buckets };
}
