/** Helpers over a sorted copy of a sample, shared by the two-sample statistics. */

/** Count, median and 95th percentile of one sample (NaN/±Infinity left out). */
export interface SampleSummary {
  count: number;
  /** null for an empty sample. */
  median: number | null;
  p95: number | null;
}

/** The finite values of `values`, sorted ascending (a copy). */
export function sortFinite(values: ArrayLike<number>): Float64Array {
  const out = new Float64Array(values.length);
  let n = 0;
  for (let i = 0; i < values.length; i++) if (Number.isFinite(values[i])) out[n++] = values[i];
  return out.subarray(0, n).sort();
}

/** Percentile `p` (0..1) of an ascending sample, interpolated between closest ranks (type 7). */
export function quantileOfSorted(sorted: ArrayLike<number>, p: number): number | null {
  const n = sorted.length;
  if (n === 0) return null;
  const rank = p * (n - 1);
  const k = Math.floor(rank);
  const frac = rank - k;
  return k + 1 < n ? sorted[k] + frac * (sorted[k + 1] - sorted[k]) : sorted[k];
}

export function summarizeSorted(sorted: ArrayLike<number>): SampleSummary {
  return { count: sorted.length, median: quantileOfSorted(sorted, 0.5), p95: quantileOfSorted(sorted, 0.95) };
}

