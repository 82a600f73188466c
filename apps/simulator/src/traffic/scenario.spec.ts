import { buildScenario, CREEP_MARK_RISE, CREEP_TOTAL_RISE, SimMode, SPIKE_FACTOR } from './scenario';

describe(buildScenario.name, () => {
  it('should inject nothing in NORMAL mode', () => {
    const sut = buildScenario(SimMode.NORMAL, 600);

    expect([0, 299, 599].map((i) => sut.latencyFactor(i))).toEqual([1, 1, 1]);
    expect(sut.spikeStart).toBeNull();
  });

  it('should spike for a stretch in the middle of the run, then subside', () => {
    const sut = buildScenario(SimMode.SPIKE, 900);

    const start = sut.spikeStart as number;
    const end = sut.spikeEnd as number;

    expect([start, end]).toEqual([270, 450]);
    expect(sut.latencyFactor(start - 1)).toBe(1);
    expect(sut.latencyFactor(start)).toBe(SPIKE_FACTOR);
    expect(sut.latencyFactor(end - 1)).toBe(SPIKE_FACTOR);
    expect(sut.latencyFactor(end)).toBe(1);
  });

  it('should ramp CREEP linearly to +50 % and mark the first sample at +15 %', () => {
    const sut = buildScenario(SimMode.CREEP, 1200);
    const mark = sut.creepMark as number;

    expect(sut.latencyFactor(0)).toBe(1);
    expect(sut.latencyFactor(1199)).toBeCloseTo(1 + CREEP_TOTAL_RISE, 12);
    expect(sut.latencyFactor(mark)).toBeGreaterThanOrEqual(1 + CREEP_MARK_RISE - 1e-12);
    expect(sut.latencyFactor(mark - 1)).toBeLessThan(1 + CREEP_MARK_RISE);
  });

  it('should reject an empty scenario', () => {
    expect(() => buildScenario(SimMode.SPIKE, 0)).toThrow(RangeError);
  });
});
