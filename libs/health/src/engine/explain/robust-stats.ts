import { quantileOfSorted, sortFinite } from '@app/statistics/two-sample/sorted-sample';

/**
 * The robust summary of one metric over a set of samples: median, σ from the median absolute
 * deviation, and the 1 % lines. Robust because the samples being explained are the unusual ones.
 */
export interface RobustSummary {
  n: number;
  median: number;
  /** 1.4826·MAD (σ for Gaussian data), never below `floor`. */
  sigma: number;
  low: number;
  high: number;
}

const MAD_TO_SIGMA = 1.4826;

/** null when fewer than `minimum` finite values. `floor` keeps σ > 0 for a constant metric. */
export function robustSummary(values: readonly number[], tailQuantile: number, floor: (median: number) => number, minimum = 1): RobustSummary | null {
  const sorted = sortFinite(values);
  if (sorted.length < minimum || sorted.length === 0) return null;
  const median = quantileOfSorted(sorted, 0.5) as number;
  const deviations = new Float64Array(sorted.length);
  for (let i = 0; i < sorted.length; i++) deviations[i] = Math.abs(sorted[i] - median);
  deviations.sort();
  const mad = quantileOfSorted(deviations, 0.5) as number;
  return {
    n: sorted.length,
    median,
    sigma: Math.max(MAD_TO_SIGMA * mad, floor(median)),
    low: quantileOfSorted(sorted, 1 - tailQuantile) as number,
    high: quantileOfSorted(sorted, tailQuantile) as number,
  };
}

export function medianOf(values: readonly number[]): number {
  const sorted = sortFinite(values);
  return sorted.length === 0 ? NaN : (quantileOfSorted(sorted, 0.5) as number);
}

/** Share of the finite values above `line` (and below `low`). */
export function tailRates(values: readonly number[], low: number, high: number): { low: number; high: number } {
  let n = 0;
  let above = 0;
  let below = 0;
  for (const v of values) {
    if (!Number.isFinite(v)) continue;
    n++;
    if (v > high) above++;
    else if (v < low) below++;
  }
  return n === 0 ? { low: 0, high: 0 } : { low: below / n, high: above / n };
}

/** Average ranks (ties share their mean rank), 1-based. */
function ranks(values: readonly number[]): Float64Array {
  const order = values.map((_, i) => i).sort((a, b) => values[a] - values[b]);
  const out = new Float64Array(values.length);
  for (let i = 0; i < order.length; ) {
    let j = i;
    while (j + 1 < order.length && values[order[j + 1]] === values[order[i]]) j++;
    const rank = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) out[order[k]] = rank;
    i = j + 1;
  }
  return out;
}

/** Spearman's rank correlation of the pairs where both are finite; null for fewer than 3 pairs or no variation. */
export function spearman(xs: readonly number[], ys: readonly number[]): number | null {
  const a: number[] = [];
  const b: number[] = [];
  for (let i = 0; i < xs.length; i++) {
    if (Number.isFinite(xs[i]) && Number.isFinite(ys[i])) {
      a.push(xs[i]);
      b.push(ys[i]);
    }
  }
  if (a.length < 3) return null;
  const ra = ranks(a);
  const rb = ranks(b);
  const mean = (a.length + 1) / 2;
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < a.length; i++) {
    sab += (ra[i] - mean) * (rb[i] - mean);
    saa += (ra[i] - mean) ** 2;
    sbb += (rb[i] - mean) ** 2;
  }
  return saa === 0 || sbb === 0 ? null : sab / Math.sqrt(saa * sbb);
}
