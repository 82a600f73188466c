import { buildScenario, SimMode } from '../traffic/scenario';
import { ObservedTransition, RunRecord } from './verdict';
import { VerdictCalculator } from './verdict-calculator';

const ready = (seq: number): ObservedTransition => ({ seq, from: 'INSUFFICIENT_DATA', to: 'STABLE', reason: 'baseline_ready' });
const drift = (seq: number): ObservedTransition => ({ seq, from: 'STABLE', to: 'DRIFT_DETECTED', reason: 'consecutive_severe_anomalies' });
const recovered = (seq: number): ObservedTransition => ({ seq, from: 'DRIFT_DETECTED', to: 'STABLE', reason: 'recovered' });

function record(transitions: ObservedTransition[], overrides: Partial<RunRecord> = {}): RunRecord {
  return { scenarioBaseSeq: 100, warmupSamples: 100, hadBaseline: false, tailSamples: 0, transitions, finalState: 'STABLE', ...overrides };
}

describe(VerdictCalculator.name, () => {
  const sut = new VerdictCalculator();

  describe('NORMAL', () => {
    const scenario = buildScenario(SimMode.NORMAL, 600);

    it('should pass when STABLE comes at the 600th sample of the run, and fail one later', () => {
      const atLimit = sut.verdicts(scenario, record([ready(700)], { warmupSamples: 0 }));
      const late = sut.verdicts(buildScenario(SimMode.NORMAL, 700), record([ready(701)], { warmupSamples: 0 }));

      expect(atLimit[0]).toMatchObject({ measured: '600 samples', pass: true });
      expect(late[0]).toMatchObject({ measured: '601 samples', pass: false });
    });

    it('should fail on any DRIFT_DETECTED during the run', () => {
      const verdicts = sut.verdicts(scenario, record([ready(200), drift(400), recovered(450)], { warmupSamples: 0 }));

      expect(verdicts[1]).toMatchObject({ measured: '1 transitions', pass: false });
    });
  });

  describe('SPIKE', () => {
    // 900 samples after seq 100: the spike is seqs 371-550.
    const scenario = buildScenario(SimMode.SPIKE, 900);

    it('should count the detecting sample from the spike onset (5th spike sample passes, 6th fails)', () => {
      const fifth = sut.verdicts(scenario, record([ready(100), drift(375), recovered(600)]));
      const sixth = sut.verdicts(scenario, record([ready(100), drift(376), recovered(600)]));

      expect(fifth.map((v) => v.pass)).toEqual([true, true, true]);
      expect(fifth[1].measured).toBe('sample 5 of the spike');
      expect(sixth[1]).toMatchObject({ measured: 'sample 6 of the spike', pass: false });
    });

    it('should fail a drift raised before the spike as a false alarm', () => {
      const verdicts = sut.verdicts(scenario, record([ready(100), drift(300), recovered(360), drift(372), recovered(600)]));

      expect(verdicts[0]).toMatchObject({ criterion: 'no DRIFT_DETECTED before the spike', pass: false });
    });

    it('should count a recovery during the healthy tail sent after the scenario', () => {
      // The scenario's healthy part ends at seq 1000; 300 more healthy samples were needed.
      const verdicts = sut.verdicts(scenario, record([ready(100), drift(375), recovered(1300)], { tailSamples: 300 }));

      expect(verdicts[2]).toMatchObject({ measured: expect.stringContaining('healthy samples'), pass: true });
    });

    it('should fail recovery when the run ends in DRIFT_DETECTED', () => {
      const verdicts = sut.verdicts(scenario, record([ready(100), drift(375)], { finalState: 'DRIFT_DETECTED' }));

      expect(verdicts[2]).toMatchObject({ measured: 'still DRIFT_DETECTED', pass: false });
    });
  });

  describe('CREEP', () => {
    // 1200 samples after seq 100: +15 % is reached at scenario sample 360, seq 461.
    const scenario = buildScenario(SimMode.CREEP, 1200);

    it('should pass a detection 300 samples after +15 % and fail 301', () => {
      const atLimit = sut.verdicts(scenario, record([ready(100), drift(761)]));
      const late = sut.verdicts(scenario, record([ready(100), drift(762)]));

      expect(atLimit[1]).toMatchObject({ measured: '300 samples', pass: true });
      expect(late[1]).toMatchObject({ measured: '301 samples', pass: false });
    });

    it('should fail when the ramp is never detected', () => {
      const verdicts = sut.verdicts(scenario, record([ready(100)]));

      expect(verdicts[1]).toMatchObject({ measured: 'not within 1200 samples', pass: false });
    });
  });
});
