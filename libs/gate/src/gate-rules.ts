import { HealthState } from '@app/health/engine';
import type { DeploymentRow, DriftEventEntity } from '@app/persistence';
import type { Verdict } from './verdict';

/** Why the gate answered as it did (GateOutcome for a known service). */
export type JudgedOutcome = 'pass' | 'drifting' | 'drifted' | 'learning' | 'too_few_samples';

/** The drift events the rules read: their time and cause. */
type DriftRow = Pick<DriftEventEntity, 'ts' | 'reason' | 'metric'> & { endpoint?: string | null };

/** What the gate knows of a known service, in either mode. */
export interface GateFacts<D extends DriftRow> {
  state: HealthState;
  /** Drift onsets in the period: how many, and the latest. */
  driftsSince: { total: number; latest: D | null };
  /** When in drift now: the current drift, even if it began before the period (else null). */
  currentDrift: D | null;
  /** Samples since the start of the period; null when the period starts now. */
  samplesSince: number | null;
  samplesUntilBaseline: number;
  minSamples: number;
  sinceMs: number;
  /** The period starts now (no marker, no `since`): the current state is judged. */
  periodIsNow: boolean;
  deployment: DeploymentRow | null;
}

export interface GateJudgement<D extends DriftRow> {
  verdict: Verdict;
  outcome: JudgedOutcome;
  reason: string;
  lastDrift: D | null;
  /** An inconclusive answer a pipeline should retry later. */
  retry: boolean;
}

const iso = (ms: number): string => new Date(ms).toISOString();
/** A drift event in words: its rule, metric and, for an endpoint's drift, the endpoint. */
const cause = (e: DriftRow): string => `${e.reason}${e.metric ? `, ${e.metric}` : ''}${e.endpoint ? `, on ${e.endpoint}` : ''}`;

/**
 * The gate's rules 2–6 for a known service, the same in embedded and cluster mode (the first that
 * applies answers):
 * 2. DRIFT_DETECTED now → fail;
 * 3. a drift began in the period, even if it has recovered since → fail;
 * 4. INSUFFICIENT_DATA (learning) → inconclusive, retry later;
 * 5. fewer than `minSamples` samples since the start of the period → inconclusive (not applied when
 *    the period starts now);
 * 6. otherwise → pass.
 * Cluster mode fails closed on a stale view for every answer but a fail (rules 2 and 3): a drift
 * already scored is definite, a pass or a wait on stale state is not.
 */
export function judgeGate<D extends DriftRow>(facts: GateFacts<D>): GateJudgement<D> {
  const { state, driftsSince, samplesSince, minSamples } = facts;
  const period = facts.periodIsNow ? '' : ` since ${iso(facts.sinceMs)}${facts.deployment ? ` (deployment ${facts.deployment.id}, ${facts.deployment.version})` : ''}`;
  const latest = driftsSince.latest;
  if (state === HealthState.DRIFT_DETECTED) {
    const current = facts.currentDrift;
    const what = current ? ` since ${iso(current.ts)} (${cause(current)})` : '';
    return { verdict: 'fail', outcome: 'drifting', reason: `in drift now${what}`, lastDrift: current, retry: false };
  }
  if (driftsSince.total > 0 && latest) {
    return {
      verdict: 'fail',
      outcome: 'drifted',
      reason:
        `${driftsSince.total} drift(s) began${period}, the latest at ${iso(latest.ts)} (${cause(latest)}); ` +
        'it has recovered, but a regression that came and went still blocks a rollout',
      lastDrift: latest,
      retry: false,
    };
  }
  if (state === HealthState.INSUFFICIENT_DATA) {
    return { verdict: 'inconclusive', outcome: 'learning', reason: `learning a baseline: ${facts.samplesUntilBaseline} more sample(s) needed`, lastDrift: latest, retry: true };
  }
  if (samplesSince !== null && samplesSince < minSamples) {
    return { verdict: 'inconclusive', outcome: 'too_few_samples', reason: `${samplesSince} sample(s)${period}; ${minSamples} needed before a verdict`, lastDrift: latest, retry: true };
  }
  return {
    verdict: 'pass',
    outcome: 'pass',
    reason: facts.periodIsNow
      ? 'STABLE with a ready baseline (no deployment marker: the current state is judged)'
      : `STABLE with a ready baseline, no drift${period} (${samplesSince} samples)`,
    lastDrift: latest,
    retry: false,
  };
}
