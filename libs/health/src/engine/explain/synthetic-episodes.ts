import { DRIFT_CONFIG_DEFAULTS } from '@app/config/load-config';
import type { WindowSample } from '../detector-state';
import { HealthState, Transition } from '../drift-state';
import { ServiceDetector } from '../service-detector';
import { DriftEpisode, episodeBounds, summarizeReference } from './drift-kind';

/** Test support (specs only, not exported): deterministic synthetic streams run through the real detector. */

/** A seeded standard normal (LCG + Box–Muller): tests must not depend on Math.random. */
export function gaussian(seed: number): () => number {
  let state = seed >>> 0;
  const uniform = () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return (state + 0.5) / 2 ** 32;
  };
  return () => Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform());
}

export interface Shape {
  /** Latency and payload of sample i (0-based) given a standard-normal draw function. */
  (i: number, n: () => number): { latency: number; payload: number };
}

export const SETTINGS = { spikeMaxSamples: 20, episodeSamples: 200 };
const REFERENCE = 1000;
const LEAD_IN = 50;

/**
 * Runs `total` samples of `shape` through a detector with the default settings and returns the
 * first drift's episode as the API would read it: the baseline samples before the evidence, the
 * lead-in, and the samples after the onset up to `after` (or the episode's end).
 */
export function firstEpisode(shape: Shape, total: number, after: number, seed = 7): { episode: DriftEpisode; onset: Transition } {
  const config = DRIFT_CONFIG_DEFAULTS;
  const detector = new ServiceDetector(config);
  const n = gaussian(seed);
  const stream: (WindowSample & { baseline: boolean })[] = [];
  let onset: Transition | null = null;
  let endSeq: number | null = null;
  for (let i = 0; i < total && endSeq === null; i++) {
    const { latency, payload } = shape(i, n);
    const seq = i + 1;
    const t = detector.observe(seq, 1_700_000_000_000 + i * 100, latency, payload);
    stream.push({ seq, timeMs: 1_700_000_000_000 + i * 100, latency: Math.fround(latency), payload: Math.fround(payload), baseline: detector.lastAccepted });
    if (t && onset && t.to !== HealthState.DRIFT_DETECTED) endSeq = seq;
    if (t && !onset && t.to === HealthState.DRIFT_DETECTED) onset = t;
    if (onset && seq >= (onset.seq as number) + after) break;
  }
  if (!onset || onset.seq === null || onset.metric === null) throw new Error('the shape raised no drift');
  const { referenceBeforeSeq, evidenceStartSeq } = episodeBounds(onset.seq, onset.reason, onset.count, config.driftModerateWindow, SETTINGS.episodeSamples);
  const reference = summarizeReference(stream.filter((s) => s.baseline && s.seq < referenceBeforeSeq).slice(-REFERENCE));
  const last = endSeq ?? (onset.seq as number) + after;
  const samples = stream.filter((s) => s.seq >= evidenceStartSeq - LEAD_IN && s.seq <= last);
  return { episode: { reason: onset.reason, metric: onset.metric, onsetSeq: onset.seq as number, evidenceStartSeq, reference, samples, ended: endSeq !== null }, onset };
}
