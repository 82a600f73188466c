import {
  mannWhitneyU,
  MannWhitneyResult,
  medianRatio,
  MedianRatio,
  SampleSummary,
  sortFinite,
  summarizeSorted,
} from '@app/statistics';
import type { Verdict } from './verdict';

/**
 * The decision rule of a deployment comparison (pure: no framework, no clock, no I/O).
 *
 * Per metric, the samples after the marker are compared with the baseline before it:
 * - **inconclusive** while either side has fewer than `minSamples` values;
 * - **fail** when the change is both *statistically* significant (two-sided Mann–Whitney U,
 *   p < `alpha`) and *practically* significant: the whole (1 − alpha) confidence interval of
 *   median(after) / median(before) lies beyond the band, above ×(1 + band) (or, for a metric where
 *   either direction is a regression, below ÷(1 + band)). When the ratio cannot be formed (a
 *   median of 0), the U test alone decides;
 * - **pass** otherwise: no significant change, a change inside the band, or an improvement.
 *
 * Why both: with thousands of samples the U test flags a 1 % shift that nobody should roll
 * back for, and with few samples a large-looking ratio can be noise. Latency only regresses
 * upwards (faster is a pass); payload regresses either way (a smaller response can be a
 * truncated or empty one). A metric with no values on one side (payload not reported) is
 * `not_compared` and does not decide the overall verdict.
 *
 * Overall: fail if any metric fails; else inconclusive if any compared metric is (or latency
 * could not be compared at all); else pass.
 */
export interface ComparisonRule {
  /** Significance level of the U test; the ratio interval is at confidence 1 − alpha. */
  alpha: number;
  /** Practical-significance band, in percent (5 = ×1.05 / ÷1.05). */
  bandPercent: number;
  /** Values each side needs before a metric gets a verdict. */
  minSamples: number;
}

export type ComparedMetric = 'latency' | 'payload';

/** Which direction of change is a regression. */
const WORSE: Record<ComparedMetric, 'increase' | 'either'> = { latency: 'increase', payload: 'either' };
const UNIT: Record<ComparedMetric, string> = { latency: 'ms', payload: 'kB' };

export interface MetricComparison {
  metric: ComparedMetric;
  verdict: Verdict | 'not_compared';
  reason: string;
  before: SampleSummary;
  after: SampleSummary;
  /** null when either side is empty or a median is not positive. */
  medianRatio: MedianRatio | null;
  /** null when either side is empty. */
  mannWhitney: MannWhitneyResult | null;
  /** Which way the median moved, when the test found it significant; null otherwise. */
  change: 'increase' | 'decrease' | null;
}

export interface DeploymentComparison {
  verdict: Verdict;
  reason: string;
  rule: ComparisonRule;
  metrics: MetricComparison[];
}

export interface MeasuredValues {
  latency: number;
  payload: number | null;
}

const fmt = (x: number): string => (Math.abs(x) >= 100 ? x.toFixed(0) : Math.abs(x) >= 1 ? x.toFixed(2) : x.toPrecision(3));
const times = (x: number): string => `×${x.toFixed(3)}`;
const pText = (p: number): string => (p < 1e-4 ? p.toExponential(1) : p.toFixed(4));

function compareMetric(metric: ComparedMetric, beforeValues: number[], afterValues: number[], rule: ComparisonRule): MetricComparison {
  const b = sortFinite(beforeValues);
  const a = sortFinite(afterValues);
  const before = summarizeSorted(b);
  const after = summarizeSorted(a);
  const base = { metric, before, after, medianRatio: null, mannWhitney: null, change: null };
  if (b.length === 0 || a.length === 0) {
    const side = b.length === 0 && a.length === 0 ? 'before or after the deployment' : b.length === 0 ? 'before the deployment' : 'after the deployment';
    return { ...base, verdict: 'not_compared', reason: `${metric}: no values ${side}` };
  }
  if (b.length < rule.minSamples || a.length < rule.minSamples) {
    return {
      ...base,
      verdict: 'inconclusive',
      reason: `${metric}: too few samples (${b.length} before, ${a.length} after; ${rule.minSamples} needed on each side)`,
    };
  }
  const mw = mannWhitneyU(b, a);
  const ratio = medianRatio(b, a, 1 - rule.alpha);
  const significant = mw.pValue < rule.alpha;
  const band = 1 + rule.bandPercent / 100;
  const direction: 'increase' | 'decrease' | null = !significant ? null : mw.z > 0 ? 'increase' : 'decrease';
  const beyondBand = ratio === null ? significant : direction === 'increase' ? ratio.lower > band : ratio.upper < 1 / band;
  const regression = significant && beyondBand && (direction === 'increase' || WORSE[metric] === 'either');
  const unit = UNIT[metric];
  const medians = `median ${fmt(before.median as number)} → ${fmt(after.median as number)} ${unit}`;
  const ratioText = ratio
    ? `${times(ratio.ratio)}, ${Math.round((1 - rule.alpha) * 1000) / 10} % CI ${times(ratio.lower)}–${times(ratio.upper)}`
    : 'ratio undefined (a median of 0)';
  const evidence = `${medians} (${ratioText}); Mann–Whitney p = ${pText(mw.pValue)}`;
  let verdict: Verdict = 'pass';
  let reason: string;
  if (regression) {
    verdict = 'fail';
    reason = `${metric} ${direction === 'increase' ? 'rose' : 'fell'} beyond the ±${rule.bandPercent} % band: ${evidence} < ${rule.alpha}`;
  } else if (significant && beyondBand) {
    reason = `${metric} improved: ${evidence}`;
  } else if (significant) {
    reason = `${metric} changed, but not provably beyond the ±${rule.bandPercent} % band: ${evidence}`;
  } else {
    reason = `${metric}: no significant change: ${evidence} ≥ ${rule.alpha}`;
  }
  return { ...base, verdict, reason, medianRatio: ratio, mannWhitney: mw, change: direction };
}

/** Compares the samples after a deployment marker with the baseline samples before it. */
export function compareDeployment(before: readonly MeasuredValues[], after: readonly MeasuredValues[], rule: ComparisonRule): DeploymentComparison {
  const values = (samples: readonly MeasuredValues[], metric: ComparedMetric): number[] => {
    const out: number[] = [];
    for (const s of samples) {
      const v = metric === 'latency' ? s.latency : s.payload;
      if (v !== null && v !== undefined) out.push(v);
    }
    return out;
  };
  const metrics = (['latency', 'payload'] as const).map((m) => compareMetric(m, values(before, m), values(after, m), rule));
  const failing = metrics.filter((m) => m.verdict === 'fail');
  if (failing.length > 0) {
    return { verdict: 'fail', reason: failing.map((m) => m.reason).join('; '), rule, metrics };
  }
  const unsure = metrics.filter((m) => m.verdict === 'inconclusive' || (m.metric === 'latency' && m.verdict === 'not_compared'));
  if (unsure.length > 0) {
    return { verdict: 'inconclusive', reason: unsure.map((m) => m.reason).join('; '), rule, metrics };
  }
  const compared = metrics.filter((m) => m.verdict === 'pass');
  return { verdict: 'pass', reason: `no regression: ${compared.map((m) => m.reason).join('; ')}`, rule, metrics };
}
