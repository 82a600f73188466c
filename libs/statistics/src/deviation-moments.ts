/** Sums over the deviations of a series from its mean, from which σ and its autocorrelation follow. */
export interface DeviationMoments {
  n: number;
  squares: number;
  /** Sum of the lag-1 cross products of the deviations (arrival order). */
  lagged: number;
  /** Sum of the squared deviation sums of consecutive batches of `batchSize` samples (a partial last batch is left out). */
  batchSquares: number;
  batches: number;
  batchSize: number;
}

/**
 * Batch size for the batch-means estimate of the long-run variance: the cube root of n (the
 * size that minimises the estimate's mean squared error), at least 2: 5 samples in a 100-sample
 * window, 10 in a full 1000-sample window.
 */
export function batchSizeFor(n: number): number {
  return Math.max(2, Math.round(Math.cbrt(n)));
}

/** One pass over the deviations of `a[0..n)` from `mean`. */
export function deviationMoments(a: Float64Array, n: number, mean: number): DeviationMoments {
  const batchSize = batchSizeFor(n);
  let squares = 0;
  let lagged = 0;
  let previousDeviation = 0;
  let batchSquares = 0;
  let batches = 0;
  let batchSum = 0;
  let inBatch = 0;
  for (let i = 0; i < n; i++) {
    const d = a[i] - mean;
    squares += d * d;
    if (i > 0) lagged += d * previousDeviation;
    previousDeviation = d;
    batchSum += d;
    if (++inBatch === batchSize) {
      batchSquares += batchSum * batchSum;
      batches++;
      batchSum = 0;
      inBatch = 0;
    }
  }
  return { n, squares, lagged, batchSquares, batches, batchSize };
}

/** Lag-1 autocorrelation from `deviationMoments` (0 for a constant series). */
export function lag1Of({ squares, lagged }: Pick<DeviationMoments, 'squares' | 'lagged'>): number {
  return squares > 0 ? lagged / squares : 0;
}

/**
 * How much a series' samples repeat each other, on the scale rule 3 works at: the larger of the
 * lag-1 autocorrelation and the ρ an AR(1) series would need to make its batch means vary as much
 * as these do. n samples are worth n/τ independent ones, τ = b·Var(batch mean)/σ² (batch means,
 * b = ∛n); for AR(1), τ = (1+ρ)/(1−ρ), so ρ = (τ−1)/(τ+1). Lag-1 alone misses a slow wander
 * under fast noise (ρ₁ small, yet minutes-long runs on one side of the mean): the batch means
 * see it. With fewer than two batches there is no variance to measure and ρ₁ is returned.
 */
export function longRunRhoOf(m: DeviationMoments): number {
  const lag1 = lag1Of(m);
  if (m.batches < 2 || m.squares <= 0) return lag1;
  const batchMeanVariance = m.batchSquares / m.batches / (m.batchSize * m.batchSize);
  const tau = (m.batchSize * batchMeanVariance) / (m.squares / m.n);
  const rho = (tau - 1) / (tau + 1);
  return rho > lag1 ? rho : lag1;
}
