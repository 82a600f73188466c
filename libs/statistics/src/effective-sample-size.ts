/**
 * How much independent evidence a run of samples carries. n samples of a series with lag-1
 * autocorrelation ρ (an AR(1) view: cycles, slowly wandering load) are worth about
 * n·(1−ρ)/(1+ρ) independent ones. Weak autocorrelation, up to `floor`, is treated as none: it is
 * within the noise of a 100–1000-sample estimate, and a creep inside the window makes ρ slightly
 * positive by itself. Above the floor ρ is rescaled to 0..1.
 *
 * Returns the factor (1−ρ′)/(1+ρ′) in (0, 1]: 1 for independent samples.
 */
export function independentFraction(rho: number, floor: number): number {
  const r = Math.min(Math.max((rho - floor) / (1 - floor), 0), MAX_RESCALED_RHO);
  return (1 - r) / (1 + r);
}

/** A series that is a perfect ramp (ρ′ = 1) still counts for something, never for nothing. */
const MAX_RESCALED_RHO = 0.999;
