import { normalQuantile } from './normal-distribution';
import { quantileOfSorted } from './sorted-sample';

/** The ratio of two medians (after / before) with its confidence interval. */
export interface MedianRatio {
  /** median(after) / median(before). */
  ratio: number;
  /** Confidence interval of the ratio at `confidence`. */
  lower: number;
  upper: number;
  confidence: number;
  /** Standard error of ln(ratio). */
  logStandardError: number;
}

// The standard error of a median is read off a 95 % distribution-free interval, whatever the
// confidence asked of the ratio: that is how McKean and Schrader calibrated the estimator.
const Z_975 = normalQuantile(0.975);

/**
 * Standard error of the sample median, distribution-free (McKean & Schrader, 1984): with
 * c = round((n+1)/2 − z·√(n/4)) and z = Φ⁻¹(0.975),
 *   SE = (X₍ₙ₋c₊₁₎ − X₍c₎) / (2z).
 * No density estimate and no bootstrap: two order statistics of the sorted sample. For normal
 * data it tends to √(π/2)·σ/√n. null for fewer than 2 values.
 */
export function medianStandardError(sorted: ArrayLike<number>): number | null {
  const n = sorted.length;
  if (n < 2) return null;
  const c = Math.min(Math.max(1, Math.round((n + 1) / 2 - Z_975 * Math.sqrt(n / 4))), Math.floor((n + 1) / 2));
  return (sorted[n - c] - sorted[c - 1]) / (2 * Z_975);
}

/**
 * median(after) / median(before) with a `confidence` interval from a normal approximation on the
 * log scale (as in Price & Bonett's interval for a ratio of medians): by the delta method
 *   SE(ln r) = √((SE_a / m_a)² + (SE_b / m_b)²),   r · exp(±z · SE(ln r)),
 * each SE from `medianStandardError`. The log scale keeps the interval positive and symmetric in
 * "x times slower / x times faster". null when a sample has fewer than 2 values or a median is
 * not positive (a ratio of a zero median says nothing).
 */
export function medianRatio(beforeSorted: ArrayLike<number>, afterSorted: ArrayLike<number>, confidence: number): MedianRatio | null {
  if (!(confidence > 0 && confidence < 1)) throw new RangeError(`confidence must be in (0, 1), got ${confidence}`);
  const mb = quantileOfSorted(beforeSorted, 0.5);
  const ma = quantileOfSorted(afterSorted, 0.5);
  const seb = medianStandardError(beforeSorted);
  const sea = medianStandardError(afterSorted);
  if (mb === null || ma === null || seb === null || sea === null || !(mb > 0) || !(ma > 0)) return null;
  const ratio = ma / mb;
  const logStandardError = Math.sqrt((sea / ma) ** 2 + (seb / mb) ** 2);
  const z = normalQuantile(1 - (1 - confidence) / 2);
  return {
    ratio,
    lower: ratio * Math.exp(-z * logStandardError),
    upper: ratio * Math.exp(z * logStandardError),
    confidence,
    logStandardError,
  };
}
