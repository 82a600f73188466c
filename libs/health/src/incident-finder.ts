import { DRIFT_CONFIG, DriftConfig } from '@app/config';
import { EXPLANATION } from '@app/config/explanation-constants';
import { ExplanationRepository } from '@app/persistence';
import { Inject, Injectable } from '@nestjs/common';
import { DriftOnset, groupIncidents, Incident } from './engine';
import { ExplainableEvent, onsetEvent, toDriftOnset } from './drift-explainer';

export interface IncidentQuery {
  /** Incidents that started at or after this time (sample time, ms); none: no lower bound. */
  fromMs?: number;
  /** ... and before this time (exclusive); none: no upper bound. */
  toMs?: number;
  limit: number;
}

export interface IncidentPage {
  /** Newest first. */
  incidents: Incident[];
  /** Start of the oldest incident returned, when older ones match: the next page's `to`. */
  nextTo: number | null;
  /** Each member's event, by event id (to explain it). */
  events: Map<number, ExplainableEvent>;
}

/**
 * Reads drift onsets across services newest first and groups them into incidents
 * (INCIDENT_WINDOW_MINUTES). Grouping depends only on the gaps between consecutive onsets, so it
 * reads back from `to` until it has one incident more than the page (or passes `from`), then
 * forward past `to` for the members of the newest incident that joined later.
 */
@Injectable()
export class IncidentFinder {
  private readonly windowMs: number;

  constructor(
    @Inject(DRIFT_CONFIG) config: DriftConfig,
    private readonly repository: ExplanationRepository,
  ) {
    this.windowMs = config.incidentWindowMinutes * 60_000;
  }

  find(query: IncidentQuery): IncidentPage {
    const from = query.fromMs ?? -Number.MAX_SAFE_INTEGER;
    const to = query.toMs ?? Number.MAX_SAFE_INTEGER;
    const older: DriftOnset[] = [];
    const events = new Map<number, ExplainableEvent>();
    let complete = 0;
    let cursor = { ts: to, id: 0 };
    let done = false;
    while (!done) {
      const rows = this.repository.onsetsOlder(cursor.ts, cursor.id, EXPLANATION.incidentReadChunk);
      for (const row of rows) events.set(row.eventId, onsetEvent(row));
      const chunk = rows.map(toDriftOnset);
      for (const onset of chunk) {
        const newest = older[older.length - 1];
        if (newest && newest.timeMs - onset.timeMs > this.windowMs) {
          // The incident that began at `newest` is complete.
          if (newest.timeMs < from || ++complete > query.limit) {
            done = true;
            break;
          }
        }
        older.push(onset);
      }
      if (!done && chunk.length < EXPLANATION.incidentReadChunk) done = true;
      else if (chunk.length > 0) cursor = { ts: chunk[chunk.length - 1].timeMs, id: chunk[chunk.length - 1].eventId };
    }
    const later = older.length > 0 ? this.joinedAfter(older[0], events) : [];
    const all = groupIncidents([...older, ...later], this.windowMs)
      .filter((incident) => incident.startMs >= from && incident.startMs < to)
      .reverse();
    const page = all.slice(0, query.limit);
    return { incidents: page, nextTo: all.length > query.limit ? page[page.length - 1].startMs : null, events };
  }

  /** Onsets at or after `to` that chain onto the newest onset before it. */
  private joinedAfter(newest: DriftOnset, events: Map<number, ExplainableEvent>): DriftOnset[] {
    const out: DriftOnset[] = [];
    let last = newest;
    for (;;) {
      const rows = this.repository.onsetsNewer(last.timeMs, last.eventId, EXPLANATION.incidentReadChunk);
      for (const row of rows) events.set(row.eventId, onsetEvent(row));
      const chunk = rows.map(toDriftOnset);
      for (const onset of chunk) {
        if (onset.timeMs - last.timeMs > this.windowMs) return out;
        out.push(onset);
        last = onset;
      }
      if (chunk.length < EXPLANATION.incidentReadChunk) return out;
    }
  }
}
