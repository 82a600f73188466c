import type { DriftConfig } from '@app/config';
import type { ExplanationRepository, OnsetRow } from '@app/persistence';
import { groupIncidents } from './engine';
import { toDriftOnset } from './drift-explainer';
import { IncidentFinder } from './incident-finder';

const MIN = 60_000;

/** The repository's two keyset reads over an in-memory list, ordered like SQLite's (ts, id). */
function fakeRepository(rows: OnsetRow[]): ExplanationRepository {
  const asc = [...rows].sort((a, b) => a.ts - b.ts || a.eventId - b.eventId);
  const desc = [...asc].reverse();
  return {
    onsetsOlder: (ts: number, id: number, limit: number) => desc.filter((r) => r.ts < ts || (r.ts === ts && r.eventId < id)).slice(0, limit),
    onsetsNewer: (ts: number, id: number, limit: number) => asc.filter((r) => r.ts > ts || (r.ts === ts && r.eventId > id)).slice(0, limit),
  } as unknown as ExplanationRepository;
}

const row = (eventId: number, minute: number): OnsetRow => ({
  eventId,
  serviceId: eventId,
  serviceName: `svc-${eventId}`,
  endpoint: null,
  ts: Math.round(minute * MIN),
  seq: 200,
  reason: 'consecutive_severe_anomalies',
  metric: 'latency',
  count: 5,
  deploymentId: null,
  explanation: null,
  endTs: null,
});

describe(IncidentFinder.name, () => {
  // 25 incidents of 100 onsets each (2 500 onsets: more than two read chunks), the onsets of one
  // incident 0.03 min apart, incidents 60 min apart; ids out of time order.
  const rows = Array.from({ length: 2500 }, (_, i) => row(((i * 7919) % 2500) + 1, Math.floor(i / 100) * 60 + (i % 100) * 0.03));
  const finder = new IncidentFinder({ incidentWindowMinutes: 5 } as DriftConfig, fakeRepository(rows));
  const expected = groupIncidents(rows.map(toDriftOnset), 5 * MIN).reverse();

  it('pages through every incident newest first, across read chunks, as grouping them all at once does', () => {
    const seen: number[] = [];
    let to: number | undefined;
    let pages = 0;
    do {
      const page = finder.find({ toMs: to, limit: 3 });
      for (const incident of page.incidents) {
        expect(incident.members).toHaveLength(100);
        seen.push(incident.startMs);
      }
      to = page.nextTo ?? undefined;
      pages++;
    } while (to !== undefined);
    expect(pages).toBe(9);
    expect(seen).toEqual(expected.map((i) => i.startMs));
  });

  it('lists an incident that starts inside the range with all its members, and none that starts outside', () => {
    // `to` falls inside incident 10 (starts at minute 600): it is listed whole; `from` cuts incident 8.
    const page = finder.find({ fromMs: 8 * 60 * MIN + 1, toMs: 600 * MIN + 1, limit: 10 });
    expect(page.incidents.map((i) => [i.startMs / MIN, i.members.length])).toEqual([
      [600, 100],
      [540, 100],
    ]);
    expect(page.nextTo).toBeNull();
  });
});
