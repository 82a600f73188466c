import { EXPLANATION } from '@app/config/explanation-constants';

/** One transition into DRIFT_DETECTED, as the incident grouping and the concurrent hint see it. */
export interface DriftOnset {
  eventId: number;
  service: string;
  /** The endpoint whose detector drifted; null for the service's own samples. */
  endpoint: string | null;
  timeMs: number;
  reason: string;
  metric: string | null;
  kind: string | null;
  /** Time of the transition that ended the episode; null while it is open. */
  endMs: number | null;
}

export interface Incident {
  startMs: number;
  /** The latest member's episode end; null while any member is still drifting. */
  endMs: number | null;
  /** The earliest onset (ties: the first recorded). */
  firstMover: DriftOnset;
  /** Oldest first. */
  members: DriftOnset[];
}

const byTime = (a: DriftOnset, b: DriftOnset): number => a.timeMs - b.timeMs || a.eventId - b.eventId;

/**
 * Groups onsets into incidents: an onset joins the current incident when it starts at most
 * `windowMs` after the incident's previous onset, else it opens a new one. The partition depends
 * only on the gaps between consecutive onsets, so any range that holds whole incidents groups them
 * the same way. Input in any order; incidents oldest first.
 */
export function groupIncidents(onsets: readonly DriftOnset[], windowMs: number): Incident[] {
  const sorted = [...onsets].sort(byTime);
  const out: Incident[] = [];
  let current: DriftOnset[] = [];
  for (const onset of sorted) {
    if (current.length > 0 && onset.timeMs - current[current.length - 1].timeMs > windowMs) {
      out.push(toIncident(current));
      current = [];
    }
    current.push(onset);
  }
  if (current.length > 0) out.push(toIncident(current));
  return out;
}

function toIncident(members: DriftOnset[]): Incident {
  let endMs: number | null = -Infinity;
  for (const m of members) endMs = m.endMs === null || endMs === null ? null : Math.max(endMs, m.endMs);
  return { startMs: members[0].timeMs, endMs, firstMover: members[0], members };
}

/** Other services (or endpoints) whose drift began within `windowMs` of this one, either side. */
export interface ConcurrentHint {
  window_minutes: number;
  /** How many such onsets there are (the list names at most EXPLANATION.maxConcurrentListed). */
  total: number;
  /** Oldest first; each event's kind is in its own explanation (GET /v1/events). */
  onsets: { service_id: string; endpoint?: string; event_id: number; timestamp: string; reason: string }[];
}

/**
 * The concurrent hint from the onsets found near this one (other services only, oldest first) and
 * how many there are in all; null when there are none, so the hint is present only when true.
 */
export function concurrentHint(windowMs: number, total: number, near: readonly DriftOnset[]): ConcurrentHint | null {
  if (total === 0 || near.length === 0) return null;
  return {
    window_minutes: windowMs / 60_000,
    total,
    onsets: [...near]
      .sort(byTime)
      .slice(0, EXPLANATION.maxConcurrentListed)
      .map((o) => ({ service_id: o.service, ...(o.endpoint ? { endpoint: o.endpoint } : {}), event_id: o.eventId, timestamp: new Date(o.timeMs).toISOString(), reason: o.reason })),
  };
}
