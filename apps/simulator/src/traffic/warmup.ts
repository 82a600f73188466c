import { SampleGenerator } from './sample-generator';
import { TrafficProfile } from './traffic-profile';

/** Warm-up traffic draws from its own stream, so the scenario's samples do not depend on how long it ran. */
const WARMUP_SEED_SALT = 0x5eed_0001;

/** A service with no baseline gets NORMAL traffic until STABLE, for at most 60 s worth at 10/s. */
export const WARMUP_MAX_SAMPLES = 600;

export function warmupGenerator(seed: number, profile: TrafficProfile): SampleGenerator {
  return new SampleGenerator((seed ^ WARMUP_SEED_SALT) >>> 0, profile);
}
