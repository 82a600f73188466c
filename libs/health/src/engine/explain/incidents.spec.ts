import { concurrentHint, DriftOnset, groupIncidents } from './incidents';

const MIN = 60_000;
const onset = (eventId: number, service: string, minute: number, endMinute: number | null = minute + 10): DriftOnset => ({
  eventId,
  service,
  endpoint: null,
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

describe('concurrentHint', () => {
  it('lists the onsets found near this one, oldest first, at most 20, with the total; absent when there are none', () => {
    const near = Array.from({ length: 25 }, (_, i) => onset(i + 1, `s${24 - i}`, 10 - i * 0.1));
    const hint = concurrentHint(5 * MIN, 31, near);
    expect(hint).toMatchObject({ window_minutes: 5, total: 31 });
    expect(hint?.onsets).toHaveLength(20);
    expect(hint?.onsets[0]).toEqual({ service_id: 's0', event_id: 25, timestamp: new Date(7.6 * MIN).toISOString(), reason: 'consecutive_severe_anomalies' });
    expect(concurrentHint(5 * MIN, 0, [])).toBeNull();
  });
});
