import { alertTypeFor, eventsLink } from './alert-event';

describe(alertTypeFor.name, () => {
  it.each([
    ['STABLE', 'DRIFT_DETECTED', 'drift.detected'],
    ['INSUFFICIENT_DATA', 'DRIFT_DETECTED', 'drift.detected'],
    ['DRIFT_DETECTED', 'STABLE', 'drift.resolved'],
    ['DRIFT_DETECTED', 'INSUFFICIENT_DATA', 'drift.resolved'],
    ['INSUFFICIENT_DATA', 'STABLE', null],
    ['STABLE', 'STABLE', null],
    ['DRIFT_DETECTED', 'DRIFT_DETECTED', null],
  ])('should map %s → %s to %s', (from, to, expected) => {
    expect(alertTypeFor(from, to)).toBe(expected);
  });
});

describe(eventsLink.name, () => {
  it('should link to the service events route', () => {
    expect(eventsLink('http://localhost:8000', 'pay:api')).toBe('http://localhost:8000/v1/events/pay%3Aapi');
  });
});
