import type { BaselineSnapshot, MetricName } from '@app/statistics';
import type { DriftBufferState } from './drift-buffer';
import { HealthState, Transition, TRANSITION_REASONS } from './drift-state';
import type { MetricMonitorState } from './metric-monitor';

export const DETECTOR_STATE_VERSION = 2;

/** Everything needed to rebuild a detector after a restart, besides the window's samples. */
export interface DetectorState {
  version: typeof DETECTOR_STATE_VERSION;
  state: HealthState;
  transitionTimeMs: number | null;
  sampleCount: number;
  lastSeq: number;
  maxTimeMs: number | null;
  acceptedSinceRefresh: number;
  driftSamples: number;
  recoveryRun: number;
  /** Metric whose rule raised the current drift (null: not drifting). */
  driftMetric: MetricName | null;
  snapshot: BaselineSnapshot | null;
  /** Per metric: seasonal profile, carried residual and rule counters. Null only right after a migration. */
  monitors: [MetricMonitorState, MetricMonitorState] | null;
  drift: DriftBufferState;
  lastTransition: Transition | null;
  /** Sequence number of the oldest sample in the window, and how many samples it holds. */
  windowFrontSeq: number | null;
  windowSize: number;
}

/** A window sample as stored (sequence, sample time, values; NaN payload: absent). */
export interface WindowSample {
  seq: number;
  timeMs: number;
  latency: number;
  payload: number;
}

/** A stored detector state that cannot be used: the message says which field and why. */
export class DetectorStateError extends Error {
  constructor(message: string) {
    super(`invalid detector state: ${message}`);
    this.name = 'DetectorStateError';
  }
}

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const STATES = new Set<string>(Object.values(HealthState));
const REASONS = new Set<string>(TRANSITION_REASONS);

function num(o: Obj, key: string, nullable = false): number | null {
  const v = o[key];
  if (v === null && nullable) return null;
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new DetectorStateError(`${key} must be a finite number${nullable ? ' or null' : ''}, got ${JSON.stringify(v)}`);
  return v;
}

function count(o: Obj, key: string): number {
  const v = num(o, key) as number;
  if (!Number.isInteger(v) || v < 0) throw new DetectorStateError(`${key} must be a non-negative integer, got ${v}`);
  return v;
}

function healthState(o: Obj, key: string): HealthState {
  const v = o[key];
  if (typeof v !== 'string' || !STATES.has(v)) throw new DetectorStateError(`${key} must be a health state, got ${JSON.stringify(v)}`);
  return v as HealthState;
}

function metricName(o: Obj, key: string): MetricName | null {
  const v = o[key] ?? null;
  if (v !== null && v !== 'latency' && v !== 'payload') throw new DetectorStateError(`${key} must be latency, payload or null`);
  return v as MetricName | null;
}

function numbers(o: Obj, key: string, nullable = false): number[] {
  const v = o[key];
  if (!Array.isArray(v) || !v.every((x) => (typeof x === 'number' && Number.isFinite(x)) || (nullable && x === null))) {
    throw new DetectorStateError(`${key} must be an array of numbers`);
  }
  return v as number[];
}

function driftBuffer(v: unknown): DriftBufferState {
  if (!isObj(v)) throw new DetectorStateError('drift must be an object');
  const seq = numbers(v, 'seq');
  const timeMs = numbers(v, 'timeMs');
  const latency = numbers(v, 'latency');
  const payload = numbers(v, 'payload', true) as (number | null)[];
  if (timeMs.length !== seq.length || latency.length !== seq.length || payload.length !== seq.length) {
    throw new DetectorStateError('drift columns must have equal lengths');
  }
  return { seq, timeMs, latency, payload };
}

function transition(v: unknown): Transition | null {
  if (v === null || v === undefined) return null;
  if (!isObj(v)) throw new DetectorStateError('lastTransition must be an object or null');
  healthState(v, 'from');
  healthState(v, 'to');
  if (typeof v.reason !== 'string' || !REASONS.has(v.reason)) throw new DetectorStateError(`lastTransition.reason ${JSON.stringify(v.reason)} is not a known reason`);
  num(v, 'timeMs');
  return v as unknown as Transition;
}

function monitor(v: unknown, i: number): MetricMonitorState {
  if (!isObj(v)) throw new DetectorStateError(`monitors[${i}] must be an object`);
  for (const key of ['profile', 'severe', 'moderate', 'shift', 'tail']) {
    if (!isObj(v[key])) throw new DetectorStateError(`monitors[${i}].${key} must be an object`);
  }
  num(v, 'carried');
  num(v, 'carriedAtMs', true);
  const profile = v.profile as Obj;
  for (const period of ['daily', 'weekly']) {
    const p = profile[period];
    if (p === null) continue;
    if (!isObj(p)) throw new DetectorStateError(`monitors[${i}].profile.${period} must be an object or null`);
    numbers(p, 'sums');
    numbers(p, 'squares');
    numbers(p, 'weights');
  }
  return v as unknown as MetricMonitorState;
}

/**
 * Validates a stored detector state and brings it to the current version. Version 1 (the
 * detector before the model of normal) migrates explicitly: its state, counts, window and last
 * transition are kept, its rule counters and hour-of-day profile are dropped, and the model is
 * refitted from the window on restore (`monitors: null`). Anything else is refused with the reason.
 */
export function parseDetectorState(raw: unknown): DetectorState {
  const o = typeof raw === 'string' ? (JSON.parse(raw) as unknown) : raw;
  if (!isObj(o)) throw new DetectorStateError('not an object');
  const version = o.version;
  if (version === 1) return migrateV1(o);
  if (version !== DETECTOR_STATE_VERSION) throw new DetectorStateError(`unsupported version ${JSON.stringify(version)}`);
  const monitors = o.monitors;
  if (!Array.isArray(monitors) || monitors.length !== 2) throw new DetectorStateError('monitors must hold two metrics');
  const state = healthState(o, 'state');
  if (state !== HealthState.INSUFFICIENT_DATA && !isObj(o.snapshot)) throw new DetectorStateError(`a ${state} state needs a snapshot`);
  return {
    ...sharedFields(o, state),
    acceptedSinceRefresh: count(o, 'acceptedSinceRefresh'),
    snapshot: (o.snapshot ?? null) as BaselineSnapshot | null,
    monitors: [monitor(monitors[0], 0), monitor(monitors[1], 1)],
    drift: driftBuffer(o.drift),
    lastTransition: transition(o.lastTransition),
  };
}

/** The fields every version stores the same way. */
function sharedFields(o: Obj, state: HealthState) {
  return {
    version: DETECTOR_STATE_VERSION,
    state,
    transitionTimeMs: num(o, 'transitionTimeMs', true),
    sampleCount: count(o, 'sampleCount'),
    lastSeq: count(o, 'lastSeq'),
    maxTimeMs: num(o, 'maxTimeMs', true),
    driftSamples: count(o, 'driftSamples'),
    recoveryRun: count(o, 'recoveryRun'),
    driftMetric: metricName(o, 'driftMetric'),
    windowFrontSeq: num(o, 'windowFrontSeq', true),
    windowSize: count(o, 'windowSize'),
  } as const;
}

/** Reasons of version 1 that no longer exist, and what they meant. */
const V1_REASONS: Record<string, string> = {
  gradual_drift: 'persistent_shift',
  extreme_point: 'consecutive_severe_anomalies',
  baseline_confirmed: 'recovered',
  baseline_relearn: 'baseline_reset',
};

function migrateV1(o: Obj): DetectorState {
  const state = healthState(o, 'state');
  const last = isObj(o.lastTransition) ? { ...o.lastTransition } : null;
  if (last && typeof last.reason === 'string' && last.reason in V1_REASONS) last.reason = V1_REASONS[last.reason];
  if (last) {
    delete last.dailyProfile;
    last.expected = null;
  }
  return {
    ...sharedFields(o, state),
    acceptedSinceRefresh: 0,
    snapshot: null,
    monitors: null,
    drift: { seq: [], timeMs: [], latency: [], payload: [] },
    lastTransition: transition(last),
  };
}
