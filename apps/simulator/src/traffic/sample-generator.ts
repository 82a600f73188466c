import { mixSeed, mulberry32, standardNormal } from './prng';
import { logNormalParams, TrafficProfile } from './traffic-profile';

export interface GeneratedSample {
  latencyMs: number;
  payloadKb: number;
}

/**
 * Seeded, clock-free traffic: sample `index` is a pure function of (seed, index, factor), so a
 * run replays exactly and a warm-up never shifts the scenario's samples. Latency and payload are
 * log-normal (right-skewed, never negative, like real latencies and response sizes).
 */
export class SampleGenerator {
  private readonly latency: { mu: number; sigma: number };
  private readonly payload: { mu: number; sigma: number };

  constructor(
    private readonly seed: number,
    private readonly profile: TrafficProfile,
  ) {
    this.latency = logNormalParams(profile.latencyMeanMs, profile.latencySdMs);
    this.payload = logNormalParams(profile.payloadMeanKb, profile.payloadSdKb);
  }

  /** Sample `index`; `latencyFactor` scales the whole latency distribution (1 = healthy). */
  sample(index: number, latencyFactor = 1): GeneratedSample {
    const random = mulberry32(mixSeed(this.seed, index));
    let latencyMs = Math.exp(this.latency.mu + this.latency.sigma * standardNormal(random)) * latencyFactor;
    const payloadKb = Math.exp(this.payload.mu + this.payload.sigma * standardNormal(random));
    const p = this.profile;
    if (p.outlierRate > 0 && random() < p.outlierRate) {
      latencyMs *= p.outlierFactorMin + (p.outlierFactorMax - p.outlierFactorMin) * random();
    }
    return { latencyMs: round(latencyMs, 3), payloadKb: round(payloadKb, 4) };
  }
}

function round(value: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}
