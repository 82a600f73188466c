import { concurrentDrifts, DriftOnset, groupIncidents } from './incidents';

const MIN = 60_000;
const onset = (eventId: number, service: string, minute: number, endMinute: number | null = minute + 10): DriftOnset => ({
  eventId,
  service,
  timeMs: minute * MIN,
  reason: 'consecutive_severe_anomalies',
  metric: 'latency',
  kind: 'level_shift',
  endMs: endMinute === null ? null : endMinute * MIN,
});

describe('groupIncidents', () => {
  it('chains onsets no more than the window apart, and starts a new incident after a longer gap', () => {
    const onsets = [onset(3, 'c', 4), onset(1, 'a', 0), onset(2, 'b', 2), onset(4, 'd', 30), onset(5, 'e', 34, null)];
    const incidents = groupIncidents(onsets, 5 * MIN);
    expect(incidents.map((i) => i.members.map((m) => m.service))).toEqual([['a', 'b', 'c'], ['d', 'e']]);
    expect(incidents[0]).toMatchObject({ startMs: 0, endMs: 14 * MIN, firstMover: { service: 'a' } });
    // One member still drifting keeps the incident open.
    expect(incidents[1].endMs).toBeNull();
  });

  it('breaks a tie on the onset time by the first recorded event', () => {
    const [incident] = groupIncidents([onset(9, 'late-recorded', 1), onset(8, 'first-recorded', 1)], 0);
    expect(incident.firstMover.service).toBe('first-recorded');
    expect(incident.members).toHaveLength(2);
  });

  it('groups the same way whichever order and whichever whole incidents it is given', () => {
    const onsets = Array.from({ length: 30 }, (_, i) => onset(i + 1, `s${i}`, i < 10 ? i * 0.1 : i < 20 ? 100 + i : 300));
    const all = groupIncidents(onsets, 5 * MIN);
    const reversed = groupIncidents([...onsets].reverse(), 5 * MIN);
    expect(reversed).toEqual(all);
    expect(all.map((i) => i.members.length)).toEqual([10, 10, 10]);
  });
});

describe('concurrentDrifts', () => {
  it('names other services whose drift began within the window either side, never the service itself', () => {
    const self = onset(5, 'api', 10);
    const hint = concurrentDrifts(self, [onset(1, 'db', 6), onset(2, 'api', 11), onset(3, 'cache', 14), onset(4, 'far', 20), self], 5 * MIN);
    expect(hint).toMatchObject({ window_minutes: 5, total: 2, onsets: [{ service_id: 'db' }, { service_id: 'cache' }] });
    expect(concurrentDrifts(self, [onset(4, 'far', 20)], 5 * MIN)).toBeNull();
  });
});
