import { HealthState } from './drift-state';
import { endpointSlot, OTHER_ENDPOINT, rollup } from './endpoint-rollup';

const stream = (state: HealthState, transitionTime: number | null, name = '') => ({ state, transitionTime, name });

describe('endpointSlot', () => {
  it('should give a new endpoint its own detector while there is room, then _other', () => {
    expect(endpointSlot('GET /a', false, 1, 2)).toBe('GET /a');
    expect(endpointSlot('GET /b', false, 2, 2)).toBe(OTHER_ENDPOINT);
  });

  it('should keep a known endpoint, and send an explicit _other to _other, whatever the count', () => {
    expect(endpointSlot('GET /a', true, 5, 2)).toBe('GET /a');
    expect(endpointSlot(OTHER_ENDPOINT, false, 0, 2)).toBe(OTHER_ENDPOINT);
  });
});

describe('rollup', () => {
  it('should be in drift when any stream is, naming the drift that began first', () => {
    const first = stream(HealthState.DRIFT_DETECTED, 500, 'POST /pay');
    const r = rollup([stream(HealthState.STABLE, 100), stream(HealthState.DRIFT_DETECTED, 900, 'GET /x'), first]);
    expect(r).toEqual({ state: HealthState.DRIFT_DETECTED, transitionTime: 500, cause: first });
  });

  it('should be STABLE once any stream has a baseline, even if others are still learning', () => {
    const r = rollup([stream(HealthState.INSUFFICIENT_DATA, null), stream(HealthState.STABLE, 300), stream(HealthState.STABLE, 700)]);
    expect(r).toEqual({ state: HealthState.STABLE, transitionTime: 700, cause: null });
  });

  it('should be learning while no stream has a baseline', () => {
    expect(rollup([stream(HealthState.INSUFFICIENT_DATA, null), stream(HealthState.INSUFFICIENT_DATA, null)])).toEqual({
      state: HealthState.INSUFFICIENT_DATA,
      transitionTime: null,
      cause: null,
    });
  });
});
