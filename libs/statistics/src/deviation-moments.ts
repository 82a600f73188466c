/**
 * One pass over the deviations of `a[0..n)` from `mean`: their sum of squares and their lag-1
 * cross products (in arrival order), from which σ and the lag-1 autocorrelation follow.
 */
export function deviationMoments(a: Float64Array, n: number, mean: number): { squares: number; lagged: number } {
  let squares = 0;
  let lagged = 0;
  let previousDeviation = 0;
  for (let i = 0; i < n; i++) {
    const d = a[i] - mean;
    squares += d * d;
    if (i > 0) lagged += d * previousDeviation;
    previousDeviation = d;
  }
  return { squares, lagged };
}

/** Lag-1 autocorrelation from `deviationMoments` (0 for a constant series). */
export function lag1Of({ squares, lagged }: { squares: number; lagged: number }): number {
  return squares > 0 ? lagged / squares : 0;
}
