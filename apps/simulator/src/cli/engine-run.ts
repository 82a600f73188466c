import type { DetectorConfig } from '@app/config';
import { HealthState, ServiceDetector } from '@app/health/engine';
import { SampleGenerator } from '../traffic/sample-generator';
import { RECOVERY_TAIL_MAX_SAMPLES, Scenario, SimMode } from '../traffic/scenario';
import { TrafficProfile } from '../traffic/traffic-profile';
import { WARMUP_MAX_SAMPLES, warmupGenerator } from '../traffic/warmup';
import { ObservedTransition, RunRecord } from '../verdict/verdict';

/** Nominal spacing of sample times: the seed's 10 samples/s. */
const SAMPLE_INTERVAL_MS = 100;
const EPOCH_MS = Date.UTC(2026, 0, 1);

/**
 * Runs a scenario straight through the engine (no HTTP) exactly as the simulator sends it:
 * SPIKE and CREEP first warm a fresh service up with NORMAL traffic until it is STABLE.
 */
export function runOnEngine(config: DetectorConfig, scenario: Scenario, profile: TrafficProfile, seed: number): RunRecord {
  const detector = new ServiceDetector(config);
  const transitions: ObservedTransition[] = [];
  let seq = 0;
  const feed = (latency: number, payload: number): void => {
    seq++;
    const t = detector.observe(seq, EPOCH_MS + seq * SAMPLE_INTERVAL_MS, latency, payload);
    if (t && t.seq !== null) transitions.push({ seq: t.seq, from: t.from, to: t.to, reason: t.reason });
  };

  let warmupSamples = 0;
  if (scenario.mode !== SimMode.NORMAL) {
    const warm = warmupGenerator(seed, profile);
    while (detector.state === HealthState.INSUFFICIENT_DATA && warmupSamples < WARMUP_MAX_SAMPLES) {
      const s = warm.sample(warmupSamples++);
      feed(s.latencyMs, s.payloadKb);
    }
  }
  const scenarioBaseSeq = seq;
  const generator = new SampleGenerator(seed, profile);
  for (let i = 0; i < scenario.samples; i++) {
    const s = generator.sample(i, scenario.latencyFactor(i));
    feed(s.latencyMs, s.payloadKb);
  }
  let tailSamples = 0;
  if (scenario.mode === SimMode.SPIKE) {
    while (detector.state !== HealthState.STABLE && tailSamples < RECOVERY_TAIL_MAX_SAMPLES) {
      const s = generator.sample(scenario.samples + tailSamples++, 1);
      feed(s.latencyMs, s.payloadKb);
    }
  }
  return { scenarioBaseSeq, warmupSamples, hadBaseline: false, tailSamples, transitions, finalState: detector.state };
}
