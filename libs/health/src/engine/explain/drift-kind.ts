import { DETECTION } from '@app/config/detection-constants';
import { EXPLANATION } from '@app/config/explanation-constants';
import type { MetricName } from '@app/statistics/baseline-snapshot';
import type { WindowSample } from '../detector-state';
import type { TransitionReason } from '../drift-state';
import { medianOf, robustSummary, RobustSummary, tailRates } from './robust-stats';

export const DRIFT_KINDS = ['spike', 'level_shift', 'gradual', 'tail', 'variance'] as const;
export type DriftKind = (typeof DRIFT_KINDS)[number];
export type DriftDirection = 'up' | 'down' | 'both';

/** The samples around one drift onset, as stored. */
export interface DriftEpisode {
  reason: TransitionReason;
  metric: MetricName;
  /** Seq of the sample that raised the drift. */
  onsetSeq: number;
  /** Seq of the first sample of the rule's evidence (see `evidenceSpan`). */
  evidenceStartSeq: number;
  /** What normal was: each metric's summary over the baseline samples just before the evidence (null: too few). */
  reference: EpisodeReference;
  /** Lead-in (before the evidence), evidence, and the samples after the onset, seq ascending. */
  samples: readonly WindowSample[];
  /** Whether a later transition ended the episode within `samples`. */
  ended: boolean;
}

export interface EpisodeReference {
  latency: RobustSummary | null;
  payload: RobustSummary | null;
}

/**
 * Summarises the baseline samples before the evidence once, at the onset: the summary is stored
 * with the event, so reading the episode later needs only its own samples, and retention deleting
 * old telemetry does not change what an event says.
 */
export function summarizeReference(samples: readonly WindowSample[]): EpisodeReference {
  const of = (metric: MetricName) => robustSummary(samples.map(metricValue(metric)), EXPLANATION.tailQuantile, sigmaFloor, EXPLANATION.minReferenceSamples);
  return { latency: of('latency'), payload: of('payload') };
}

export interface ExplainSettings {
  /** A departure that lasted at most this many samples and was over is a spike. */
  spikeMaxSamples: number;
  /** Samples after the onset that make the explanation final. */
  episodeSamples: number;
}

/** The numbers behind the kind, in reference σ (robust) unless said otherwise. */
export interface KindMeasures {
  /** Samples the kind was decided on (the settled samples, or the evidence at the onset). */
  samples: number;
  shift_sigma: number | null;
  trend_sigma: number | null;
  lead_in_sigma: number | null;
  /** Robust σ of those samples ÷ the reference's. */
  spread_ratio: number | null;
  /** Share of those samples above the reference's 99th / below its 1st percentile (0.01 each under the reference). */
  upper_tail_rate: number | null;
  lower_tail_rate: number | null;
}

export interface KindDecision {
  kind: DriftKind;
  direction: DriftDirection;
  /** 'onset': only samples up to the onset were read; 'episode': samples after it too. */
  basis: 'onset' | 'episode';
  /** The rule that decided, in words, with its numbers. */
  rule: string;
  measures: KindMeasures;
}

/** Where an episode's reading starts, by seq. */
export interface EpisodeBounds {
  /** The reference is the baseline samples before this seq: where the rule's evidence began. */
  referenceBeforeSeq: number;
  /** The first evidence sample read (the evidence's last `cap` samples). */
  evidenceStartSeq: number;
}

/**
 * The density rule counts anomalies among its last DRIFT_MODERATE_WINDOW samples; every other
 * rule's count is the span of its evidence. A tail test's evidence can span thousands of samples:
 * the reference ends where it began (the baseline admitted the change's first samples, which must
 * not count as normal), and only its last `cap` samples are read.
 */
export function episodeBounds(onsetSeq: number, reason: TransitionReason, count: number, moderateWindow: number, cap: number): EpisodeBounds {
  const span = Math.max(1, reason === 'moderate_anomaly_density' ? moderateWindow : count);
  return { referenceBeforeSeq: onsetSeq - span + 1, evidenceStartSeq: onsetSeq - Math.min(span, cap) + 1 };
}

export const metricValue = (metric: MetricName) => (s: WindowSample): number => (metric === 'latency' ? s.latency : s.payload);

/** σ is never below the detector's own floor, so a constant metric does not turn jitter into a shift. */
export const sigmaFloor = (median: number): number => Math.max(DETECTION.sigmaFloorRelative * Math.abs(median), DETECTION.sigmaFloorAbsolute);

const fmt = (x: number): string => (Math.round(x * 100) / 100).toString();
const pct = (x: number): string => `${fmt(100 * x)} %`;

const EMPTY_MEASURES: KindMeasures = {
  samples: 0,
  shift_sigma: null,
  trend_sigma: null,
  lead_in_sigma: null,
  spread_ratio: null,
  upper_tail_rate: null,
  lower_tail_rate: null,
};

/**
 * The kind of one drift, by the first of these rules that holds (README: Explanations and incidents):
 * 1. extreme_sample → spike (one aggregated sample far out);
 * 2. both 1 % tails crossed 3× as often → variance (the spread grew, whatever the median did);
 * 3. the level moved (median ≥ 1σ from the reference) → gradual if it kept moving or was already
 *    moving before the alarm, else level_shift;
 * 4. the spread grew 1.5× → variance;
 * 5. one tail crossed 3× as often (and by at least 8 samples) → tail;
 * 6. once 20 samples after the alarm show it: it came and went → spike;
 * 7. otherwise level_shift, until the episode says more.
 * The settled samples (from EXPLAIN_SPIKE_MAX_SAMPLES after the evidence began) are judged when
 * there are 20 of them, else the evidence. A spike cannot be told from a step at the onset.
 */
export function classifyDrift(episode: DriftEpisode, settings: ExplainSettings): KindDecision {
  const value = metricValue(episode.metric);
  const evidence: number[] = [];
  const settled: number[] = [];
  const leadIn: number[] = [];
  const whole: number[] = [];
  const settledFrom = episode.evidenceStartSeq + settings.spikeMaxSamples;
  for (const s of episode.samples) {
    const v = value(s);
    if (s.seq < episode.evidenceStartSeq) leadIn.push(v);
    else {
      whole.push(v);
      if (s.seq <= episode.onsetSeq) evidence.push(v);
      if (s.seq >= settledFrom) settled.push(v);
    }
  }
  const useEpisode = settled.length >= EXPLANATION.minSettledSamples;
  let settledAfterOnset = 0;
  for (const s of episode.samples) if (s.seq >= settledFrom && s.seq > episode.onsetSeq) settledAfterOnset++;
  // A spike is known only once the samples after the alarm show that it is over.
  const returnSeen = settledAfterOnset >= EXPLANATION.minSettledSamples;
  const basis = episode.samples.some((s) => s.seq > episode.onsetSeq) ? 'episode' : 'onset';

  if (episode.reason === 'extreme_sample') {
    return { kind: 'spike', direction: 'up', basis, rule: 'extreme_sample: one aggregated sample far outside the model is a spike', measures: EMPTY_MEASURES };
  }
  const ref = episode.reference[episode.metric];
  const judged = useEpisode ? settled : evidence;
  if (!ref || judged.length === 0) {
    const kind: DriftKind = episode.reason === 'tail_drift' ? 'tail' : 'level_shift';
    return { kind, direction: 'up', basis, rule: `too few reference samples: decided by the rule that fired (${episode.reason})`, measures: EMPTY_MEASURES };
  }
  const z = (v: number): number => (v - ref.median) / ref.sigma;
  const evidenceShift = z(medianOf(evidence));
  const shift = z(medianOf(judged));
  const sign = (Number.isFinite(evidenceShift) && evidenceShift !== 0 ? Math.sign(evidenceShift) : Math.sign(shift)) || 1;
  const leadInShift = leadIn.length > 0 ? sign * z(medianOf(leadIn)) : null;
  const trend = useEpisode ? trendOf(whole, z, sign) : null;
  const spread = spreadOf(judged, ref);
  const rates = tailRates(judged, ref.low, ref.high);
  const measures: KindMeasures = {
    samples: judged.length,
    shift_sigma: round(shift),
    trend_sigma: trend === null ? null : round(trend),
    lead_in_sigma: leadInShift === null ? null : round(leadInShift),
    spread_ratio: spread === null ? null : round(spread),
    upper_tail_rate: round(rates.high),
    lower_tail_rate: round(rates.low),
  };
  const decide = (kind: DriftKind, direction: DriftDirection, rule: string): KindDecision => ({ kind, direction, basis, rule, measures });
  const of = useEpisode ? `the ${judged.length} samples from ${settings.spikeMaxSamples} after the evidence began` : `the ${judged.length} evidence samples`;
  const dir: DriftDirection = shift >= 0 ? 'up' : 'down';

  const line = EXPLANATION.tailRateRatio * (1 - EXPLANATION.tailQuantile);
  const crossed = (rate: number, minimum: number): boolean => rate >= line && Math.round(rate * judged.length) >= minimum;
  const rateText = `${pct(rates.low)} below the normal 1st percentile, ${pct(rates.high)} above the 99th`;
  if (crossed(rates.low, EXPLANATION.minBothTailsSamples) && crossed(rates.high, EXPLANATION.minBothTailsSamples)) {
    return decide('variance', 'both', `both 1 % tails of ${of} are crossed ${EXPLANATION.tailRateRatio}× as often or more (${rateText}): the spread grew, whatever the median did (${fmt(shift)}σ)`);
  }
  if (Math.abs(shift) >= EXPLANATION.levelShiftSigma) {
    if (trend !== null && trend >= EXPLANATION.trendSigma) {
      return decide('gradual', dir, `the median of ${of} is ${fmt(shift)}σ from normal and the episode's last third is ${fmt(trend)}σ further than its first (≥ ${EXPLANATION.trendSigma}σ: still moving)`);
    }
    if (leadInShift !== null && leadInShift >= EXPLANATION.leadInSigma) {
      return decide('gradual', dir, `the median of ${of} is ${fmt(shift)}σ from normal and the ${leadIn.length} samples before the evidence were already ${fmt(leadInShift)}σ off (≥ ${EXPLANATION.leadInSigma}σ: moving before the alarm)`);
    }
    const onsetNote = returnSeen ? '' : '; until samples after the alarm show it held, a brief spike cannot be told from a step';
    return decide('level_shift', dir, `the median of ${of} is ${fmt(shift)}σ from normal (≥ ${EXPLANATION.levelShiftSigma}σ), reached at once and held${onsetNote}`);
  }
  if (spread !== null && spread >= EXPLANATION.spreadRatio) {
    return decide('variance', 'both', `the median of ${of} is where it was (${fmt(shift)}σ) but their spread is ${fmt(spread)}× normal (≥ ${EXPLANATION.spreadRatio}×)`);
  }
  if (crossed(rates.high, EXPLANATION.minTailSamples) || crossed(rates.low, EXPLANATION.minTailSamples)) {
    const up = rates.high >= rates.low;
    return decide(
      'tail',
      up ? 'up' : 'down',
      `the median of ${of} is where it was (${fmt(shift)}σ) and so is their spread (${spread === null ? '?' : fmt(spread)}×), but ${pct(up ? rates.high : rates.low)} of them are ${up ? 'above the normal 99th' : 'below the normal 1st'} percentile (≥ ${pct(line)} and ${EXPLANATION.minTailSamples} samples)`,
    );
  }
  if (returnSeen) {
    return decide('spike', sign > 0 ? 'up' : 'down', `the evidence was ${fmt(evidenceShift)}σ off, and ${of} are back to normal (median ${fmt(shift)}σ, spread ${spread === null ? '?' : fmt(spread)}×, tails at their usual rate): it came and went within ${settings.spikeMaxSamples} samples`);
  }
  return decide('level_shift', sign > 0 ? 'up' : 'down', `${episode.reason} fired; ${of} do not yet show its shape (median ${fmt(shift)}σ), read as a level shift until the episode says more`);
}

/** In the drift's direction: median of the episode's last third minus its first third (NaN-free: null under 6 samples). */
function trendOf(values: readonly number[], z: (v: number) => number, sign: number): number | null {
  if (values.length < 6) return null;
  const third = Math.floor(values.length / 3);
  return sign * (z(medianOf(values.slice(values.length - third))) - z(medianOf(values.slice(0, third))));
}

function spreadOf(values: readonly number[], ref: RobustSummary): number | null {
  const own = robustSummary(values, EXPLANATION.tailQuantile, sigmaFloor, 2);
  return own ? own.sigma / ref.sigma : null;
}

const round = (x: number): number => (Number.isFinite(x) ? Math.round(x * 1000) / 1000 : 0);
