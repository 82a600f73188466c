export enum SimMode {
  NORMAL = 'NORMAL',
  SPIKE = 'SPIKE',
  CREEP = 'CREEP',
}

/** SPIKE multiplies latency by this much (the seed's "sudden degradation"). */
export const SPIKE_FACTOR = 3;
/** SPIKE layout as shares of the run: healthy lead-in, then the spike, then a long healthy tail to recover in. */
export const SPIKE_START_SHARE = 0.3;
export const SPIKE_LENGTH_SHARE = 0.2;
/**
 * SPIKE: if the service is not STABLE yet when the scenario ends, healthy traffic goes on until it
 * is, at most this many samples. Recovery needs 50 consecutive samples with |z| ≤ 2, which on
 * healthy noise takes ~100 samples at the median but has a long tail; the verdict measures it.
 */
export const RECOVERY_TAIL_MAX_SAMPLES = 2000;
/** CREEP ramps the latency mean linearly from +0 % to +50 % across the run. */
export const CREEP_TOTAL_RISE = 0.5;
/** The banking promise: a +15 % rise is detected within 300 samples (30 s at 10/s). */
export const CREEP_MARK_RISE = 0.15;

/**
 * A scenario is defined in samples, not seconds: index i is the i-th sample of the run (0-based),
 * so `--rate 10` and `--rate 2000` send exactly the same traffic, only faster.
 */
export interface Scenario {
  readonly mode: SimMode;
  readonly samples: number;
  /** Latency multiplier injected at sample i (1 = healthy). */
  latencyFactor(index: number): number;
  /** SPIKE: first spiking sample and first healthy sample after it. */
  readonly spikeStart: number | null;
  readonly spikeEnd: number | null;
  /** CREEP: first sample whose injected mean is at least +15 %. */
  readonly creepMark: number | null;
}

export function buildScenario(mode: SimMode, samples: number): Scenario {
  if (!Number.isInteger(samples) || samples < 1) throw new RangeError(`a scenario needs at least 1 sample, got ${samples}`);
  switch (mode) {
    case SimMode.NORMAL:
      return { mode, samples, latencyFactor: () => 1, spikeStart: null, spikeEnd: null, creepMark: null };
    case SimMode.SPIKE: {
      const start = Math.floor(samples * SPIKE_START_SHARE);
      const end = start + Math.max(1, Math.floor(samples * SPIKE_LENGTH_SHARE));
      const factor = (i: number): number => (i >= start && i < end ? SPIKE_FACTOR : 1);
      return { mode, samples, latencyFactor: factor, spikeStart: start, spikeEnd: end, creepMark: null };
    }
    case SimMode.CREEP: {
      const last = Math.max(1, samples - 1);
      const factor = (i: number): number => 1 + (CREEP_TOTAL_RISE * Math.min(i, last)) / last;
      // The smallest i with i/last ≥ mark/total, computed in integers to dodge float rounding.
      const creepMark = Math.ceil((last * CREEP_MARK_RISE * 100) / (CREEP_TOTAL_RISE * 100) - 1e-9);
      return { mode, samples, latencyFactor: factor, spikeStart: null, spikeEnd: null, creepMark };
    }
  }
}
