import { Injectable } from '@nestjs/common';
import { RECOVERY_TAIL_MAX_SAMPLES, Scenario, SimMode } from '../traffic/scenario';
import { ObservedTransition, RunRecord, Verdict } from './verdict';

const STABLE = 'STABLE';
const DRIFT = 'DRIFT_DETECTED';

/** The seed's acceptance limits, in samples (its timings assume 10 samples/s). */
export const ACCEPTANCE = Object.freeze({
  normalStableWithinSamples: 600,
  spikeDetectWithinSamples: 5,
  creepDetectWithinSamples: 300,
});

/** Turns what a run sent and saw into the mode's acceptance verdicts; pure, so HTTP and engine runs share it. */
@Injectable()
export class VerdictCalculator {
  verdicts(scenario: Scenario, run: RunRecord): Verdict[] {
    switch (scenario.mode) {
      case SimMode.NORMAL:
        return this.normal(scenario, run);
      case SimMode.SPIKE:
        return this.spike(scenario, run);
      case SimMode.CREEP:
        return this.creep(scenario, run);
    }
  }

  private normal(scenario: Scenario, run: RunRecord): Verdict[] {
    const limit = ACCEPTANCE.normalStableWithinSamples;
    const firstSeq = run.scenarioBaseSeq + 1;
    let stable: Verdict;
    if (run.hadBaseline) {
      stable = { criterion: 'STABLE reached', measured: 'had a baseline already', limit: `<= ${limit} samples`, pass: true };
    } else {
      const ready = run.transitions.find((t) => t.seq >= firstSeq && t.to === STABLE);
      stable = {
        criterion: 'STABLE reached',
        measured: ready ? `${ready.seq - firstSeq + 1} samples` : `not within ${scenario.samples} samples`,
        limit: `<= ${limit} samples`,
        pass: ready !== undefined && ready.seq - firstSeq + 1 <= limit,
      };
    }
    const drifts = this.drifts(run.transitions, firstSeq, firstSeq + scenario.samples);
    return [stable, this.noDrift('no DRIFT_DETECTED', drifts)];
  }

  private spike(scenario: Scenario, run: RunRecord): Verdict[] {
    const base = run.scenarioBaseSeq + 1;
    const onset = base + (scenario.spikeStart as number);
    const subside = base + (scenario.spikeEnd as number);
    const end = base + scenario.samples + run.tailSamples;
    const early = this.drifts(run.transitions, base - run.warmupSamples, onset);
    const detect = run.transitions.find((t) => t.seq >= onset && t.seq < subside && t.to === DRIFT);
    const lagOf = (t: ObservedTransition | undefined): number | null => (t ? t.seq - onset + 1 : null);
    const lag = lagOf(detect);
    const limit = ACCEPTANCE.spikeDetectWithinSamples;
    const recovered = run.transitions.find((t) => t.seq >= subside && t.seq < end && t.to === STABLE);
    const stableAtEnd = run.finalState === STABLE;
    return [
      this.noDrift('no DRIFT_DETECTED before the spike', early),
      {
        criterion: 'DRIFT_DETECTED after spike onset',
        measured: lag === null ? 'not detected during the spike' : `sample ${lag} of the spike`,
        limit: `<= ${limit} samples`,
        pass: lag !== null && lag <= limit,
      },
      {
        criterion: 'STABLE again after the spike',
        measured: recovered ? `${recovered.seq - subside + 1} healthy samples (now ${run.finalState})` : `still ${run.finalState}`,
        limit: `<= ${scenario.samples - (scenario.spikeEnd as number) + RECOVERY_TAIL_MAX_SAMPLES} samples`,
        pass: recovered !== undefined && stableAtEnd,
      },
    ];
  }

  private creep(scenario: Scenario, run: RunRecord): Verdict[] {
    const base = run.scenarioBaseSeq + 1;
    const mark = base + (scenario.creepMark as number);
    const warmupDrifts = this.drifts(run.transitions, base - run.warmupSamples, base);
    const detect = run.transitions.find((t) => t.seq >= base && t.to === DRIFT);
    const limit = ACCEPTANCE.creepDetectWithinSamples;
    const delay = detect ? detect.seq - mark : null;
    return [
      this.noDrift('no DRIFT_DETECTED before the ramp', warmupDrifts),
      {
        criterion: 'DRIFT_DETECTED after mean +15 %',
        measured: delay === null ? `not within ${scenario.samples} samples` : `${delay} samples`,
        limit: `<= ${limit} samples`,
        pass: delay !== null && delay <= limit,
      },
    ];
  }

  private drifts(transitions: readonly ObservedTransition[], fromSeq: number, toSeq: number): number {
    return transitions.filter((t) => t.seq >= fromSeq && t.seq < toSeq && t.to === DRIFT).length;
  }

  private noDrift(criterion: string, count: number): Verdict {
    return { criterion, measured: `${count} transitions`, limit: '0', pass: count === 0 };
  }
}
