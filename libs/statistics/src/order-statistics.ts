/**
 * Linear-time order statistics over a scratch buffer (Floyd–Rivest style quickselect),
 * so a snapshot refresh never sorts: refreshing 1000 samples costs a few microseconds.
 */
function swap(a: Float64Array, i: number, j: number): void {
  const t = a[i];
  a[i] = a[j];
  a[j] = t;
}

/** Rearranges `a[lo..hi]` so that `a[k]` holds the k-th smallest value and returns it. */
export function selectKth(a: Float64Array, k: number, lo: number, hi: number): number {
  while (hi > lo) {
    const mid = (lo + hi) >>> 1;
    // Median of three as pivot keeps already-sorted input (common in telemetry) linear.
    if (a[mid] < a[lo]) swap(a, mid, lo);
    if (a[hi] < a[lo]) swap(a, hi, lo);
    if (a[hi] < a[mid]) swap(a, hi, mid);
    const pivot = a[mid];
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i] < pivot) i++;
      while (a[j] > pivot) j--;
      if (i <= j) {
        swap(a, i, j);
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return a[k];
  }
  return a[k];
}

/**
 * Percentile `p` (0..1) of the first `n` values with linear interpolation between closest ranks
 * (the "type 7" definition of R and NumPy). Reorders the buffer.
 */
export function percentile(a: Float64Array, n: number, p: number): number {
  return percentileFrom(a, n, p, 0);
}

/**
 * `percentile` when `a[0..from-1]` are already known to hold the `from` smallest values (as a
 * previous, lower percentile leaves them): only `a[from..n-1]` is searched. Increasing
 * percentiles chained this way cost about half of independent selections.
 */
export function percentileFrom(a: Float64Array, n: number, p: number, from: number): number {
  if (n === 0) return NaN;
  const rank = p * (n - 1);
  const k = Math.floor(rank);
  const low = selectKth(a, k, Math.min(from, k), n - 1);
  const frac = rank - k;
  if (frac === 0 || k + 1 >= n) return low;
  let next = Infinity;
  for (let i = k + 1; i < n; i++) if (a[i] < next) next = a[i];
  return low + frac * (next - low);
}

/** Rank index (0-based) whose value `percentile(…, p)` starts from. */
export const percentileRank = (n: number, p: number): number => Math.floor(p * (n - 1));
