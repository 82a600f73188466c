import { HealthState } from './drift-state';

/** The shared endpoint of a service's samples once it has MAX_ENDPOINTS_PER_SERVICE endpoints of its own. */
export const OTHER_ENDPOINT = '_other';

/**
 * Which endpoint detector a sample joins: its own once known or while the service has room,
 * else the shared `_other`. A cap on names keeps a client that puts ids in its routes
 * (`GET /users/8812`) from growing a detector per request; such traffic is still scored, together.
 */
export function endpointSlot(endpoint: string, isKnown: boolean, namedCount: number, maxEndpoints: number): string {
  if (isKnown || endpoint === OTHER_ENDPOINT) return endpoint;
  return namedCount < maxEndpoints ? endpoint : OTHER_ENDPOINT;
}

/** What the roll-up needs of one detector stream (a service's own samples, or one endpoint's). */
export interface StreamStatus {
  readonly state: HealthState;
  readonly transitionTime: number | null;
}

export interface Rollup<T extends StreamStatus> {
  state: HealthState;
  transitionTime: number | null;
  /** The drifting stream whose drift began first (null when none drifts): the one a user is told about. */
  cause: T | null;
}

/**
 * A service's state from its streams: the worst of them, where a drift anywhere is a drift, and a
 * service is still learning only while none of its streams has a baseline (an endpoint that is
 * rarely called must not hold a whole service in INSUFFICIENT_DATA). Its time is the onset of the
 * oldest running drift, or else the latest transition of any stream.
 */
export function rollup<T extends StreamStatus>(streams: readonly T[]): Rollup<T> {
  let cause: T | null = null;
  let stable = false;
  let latest: number | null = null;
  for (const s of streams) {
    if (s.state === HealthState.DRIFT_DETECTED) {
      if (cause === null || (s.transitionTime ?? Infinity) < (cause.transitionTime ?? Infinity)) cause = s;
    } else if (s.state === HealthState.STABLE) stable = true;
    if (s.transitionTime !== null && (latest === null || s.transitionTime > latest)) latest = s.transitionTime;
  }
  if (cause) return { state: HealthState.DRIFT_DETECTED, transitionTime: cause.transitionTime, cause };
  return { state: stable ? HealthState.STABLE : HealthState.INSUFFICIENT_DATA, transitionTime: latest, cause: null };
}
