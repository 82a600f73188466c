import { DEFAULT_PROFILE, TrafficProfile } from '../traffic/traffic-profile';

export interface FleetService {
  readonly name: string;
  readonly profile: TrafficProfile;
}

/**
 * Healthy services as they look in production, not as a detector would like them: levels from
 * 20 ms to 800 ms, payloads from 0.5 kB to 50 kB, and 0.5–1 % outliers at 5–10× latency
 * (GC pauses, cold caches, retries).
 */
export const FLEET: readonly FleetService[] = [
  {
    name: 'edge-cache',
    profile: { ...DEFAULT_PROFILE, latencyMeanMs: 20, latencySdMs: 5, payloadMeanKb: 0.5, payloadSdKb: 0.15, outlierRate: 0.01 },
  },
  { name: 'payments', profile: { ...DEFAULT_PROFILE, outlierRate: 0.005 } },
  {
    name: 'search',
    profile: { ...DEFAULT_PROFILE, latencyMeanMs: 300, latencySdMs: 90, payloadMeanKb: 12, payloadSdKb: 4, outlierRate: 0.007 },
  },
  {
    name: 'reports',
    profile: { ...DEFAULT_PROFILE, latencyMeanMs: 800, latencySdMs: 200, payloadMeanKb: 50, payloadSdKb: 15, outlierRate: 0.01 },
  },
];

/** 4 services × 5 seeds × 50 000 samples = 1 000 000 NORMAL samples. */
export const FALSE_ALARM_SEEDS = [1, 2, 3, 4, 5];
export const SAMPLES_PER_STREAM = 50_000;
/** The same fleet as per-minute means (rule 4's sparse streams): 4 × 5 × 10 000 points, 12 M requests. */
export const AGGREGATED_POINTS_PER_STREAM = 10_000;
/** Seeds for the CREEP and SPIKE delay figures. */
export const DELAY_SEEDS = Array.from({ length: 20 }, (_, i) => 101 + i);
