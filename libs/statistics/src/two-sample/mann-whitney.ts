import { twoSidedPValue } from './normal-distribution';
import { sortFinite } from './sorted-sample';

/** The Mann–Whitney U test of two independent samples (also called the Wilcoxon rank-sum test). */
export interface MannWhitneyResult {
  /** Finite values used from each sample (NaN and ±Infinity are left out). */
  n1: number;
  n2: number;
  /** U of the first sample: pairs (x, y) with x > y, ties counted ½. u1 + u2 = n1·n2. */
  u1: number;
  /** U of the second sample: pairs (x, y) with y > x, ties counted ½. */
  u2: number;
  /**
   * Normal approximation of u2 with tie correction and continuity correction: positive when the
   * second sample tends to be larger. 0 when either sample is empty or every value is tied.
   */
  z: number;
  /** Two-sided p-value of `z` (1 when the test cannot say anything). */
  pValue: number;
  /**
   * u2 / (n1·n2): the probability that a value drawn from the second sample exceeds one drawn
   * from the first (ties ½), the test's own effect size; 0.5 = no tendency either way.
   */
  probabilityGreater: number;
}

/**
 * Mann–Whitney U with the large-sample normal approximation, as in most textbooks and
 * `scipy.stats.mannwhitneyu(x, y, method='asymptotic')`:
 *
 *   U₁ = R₁ − n₁(n₁+1)/2,  μ = n₁n₂/2,
 *   σ² = n₁n₂/12 · ((n+1) − Σ(t³ − t) / (n(n−1)))   (t: size of each group of tied values),
 *   z = (|U₂ − μ| − ½) / σ, signed like U₂ − μ   (continuity correction, never past 0).
 *
 * The ranks come from one merge of the two sorted samples, so the cost is O(n log n) for the
 * sorts and O(n) for the ranks, with tied values given their average rank.
 */
export function mannWhitneyU(x: ArrayLike<number>, y: ArrayLike<number>): MannWhitneyResult {
  const a = sortFinite(x);
  const b = sortFinite(y);
  const n1 = a.length;
  const n2 = b.length;
  const n = n1 + n2;
  if (n1 === 0 || n2 === 0) return { n1, n2, u1: 0, u2: 0, z: 0, pValue: 1, probabilityGreater: 0.5 };

  let rankSum1 = 0;
  let tieTerm = 0;
  let i = 0;
  let j = 0;
  let position = 0; // values ranked so far
  while (i < n1 || j < n2) {
    const v = j >= n2 || (i < n1 && a[i] <= b[j]) ? a[i] : b[j];
    let inA = 0;
    while (i < n1 && a[i] === v) {
      i++;
      inA++;
    }
    let inB = 0;
    while (j < n2 && b[j] === v) {
      j++;
      inB++;
    }
    const t = inA + inB;
    const averageRank = position + (t + 1) / 2;
    rankSum1 += inA * averageRank;
    if (t > 1) tieTerm += t * t * t - t;
    position += t;
  }

  const u1 = rankSum1 - (n1 * (n1 + 1)) / 2;
  const u2 = n1 * n2 - u1;
  const mean = (n1 * n2) / 2;
  const variance = n > 1 ? ((n1 * n2) / 12) * (n + 1 - tieTerm / (n * (n - 1))) : 0;
  let z = 0;
  if (variance > 0) {
    const d = u2 - mean;
    z = (Math.sign(d) * Math.max(0, Math.abs(d) - 0.5)) / Math.sqrt(variance);
  }
  return { n1, n2, u1, u2, z, pValue: variance > 0 ? twoSidedPValue(z) : 1, probabilityGreater: u2 / (n1 * n2) };
}
