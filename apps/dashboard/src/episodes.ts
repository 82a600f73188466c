import type { DriftEvent } from './api-types';

/** A drift episode: from the event into DRIFT_DETECTED to the next event out of it (or now). */
export interface Episode {
  startMs: number;
  endMs: number;
  /** Still in drift at the end of the range. */
  open: boolean;
  reason: string;
  metric: string | null;
  kind?: string;
}

/**
 * Episodes overlapping [fromMs, toMs] from the service's events (any order). An episode whose
 * start is before the first event read (the range begins in a drift) starts at `fromMs`; one
 * that has not ended runs to `toMs`.
 */
export function episodesFrom(events: DriftEvent[], fromMs: number, toMs: number, stateAtEnd: string | null): Episode[] {
  const sorted = [...events].sort((a, b) => Date.parse(a.timestamp) - Date.parse(b.timestamp) || a.id - b.id);
  const out: Episode[] = [];
  let current: Episode | null = null;
  if (sorted.length > 0 && sorted[0].from === 'DRIFT_DETECTED' && sorted[0].to !== 'DRIFT_DETECTED') {
    current = { startMs: fromMs, endMs: toMs, open: true, reason: 'drift began before this range', metric: null };
  } else if (sorted.length === 0 && stateAtEnd === 'DRIFT_DETECTED') {
    current = { startMs: fromMs, endMs: toMs, open: true, reason: 'in drift for the whole range', metric: null };
  }
  for (const e of sorted) {
    const t = Date.parse(e.timestamp);
    if (e.to === 'DRIFT_DETECTED' && e.from !== 'DRIFT_DETECTED') {
      if (current) out.push({ ...current, endMs: t, open: false });
      current = { startMs: t, endMs: toMs, open: true, reason: e.reason, metric: e.metric, kind: e.kind };
    } else if (e.from === 'DRIFT_DETECTED' && e.to !== 'DRIFT_DETECTED' && current) {
      out.push({ ...current, endMs: t, open: false });
      current = null;
    }
  }
  if (current) out.push(current);
  return out.filter((ep) => ep.endMs >= fromMs && ep.startMs <= toMs);
}
