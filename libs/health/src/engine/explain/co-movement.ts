import { EXPLANATION } from '@app/config/explanation-constants';
import type { MetricName } from '@app/statistics/baseline-snapshot';
import type { DriftEpisode } from './drift-kind';
import { metricValue } from './drift-kind';
import { spearman } from './robust-stats';

/** Latency and payload both left their normal around the onset. */
export interface CoMovementHint {
  /** The metric that departed first ('together': on the same sample). */
  first_mover: MetricName | 'together';
  /** Seq of each metric's departure: the first sample of its first run far from normal. */
  latency_departed_seq: number;
  payload_departed_seq: number;
  /** How far apart the departures were, in samples and in sample time. */
  lead_samples: number;
  lead_seconds: number;
  /** Spearman's rank correlation of latency and payload over the episode's samples (null: too few). */
  correlation: number | null;
  /** Samples the correlation was computed over. */
  correlation_samples: number;
}

/**
 * The index of a metric's departure in `samples`: the first sample of the first run of
 * EXPLANATION.departureSevereRun samples beyond departureSevereSigma, or of departureShiftRun
 * samples beyond levelShiftSigma, on one side of the reference median. -1 when it never departs.
 */
function departure(values: readonly number[], median: number, sigma: number): number {
  const severe = new RunCounter(EXPLANATION.departureSevereSigma);
  const shift = new RunCounter(EXPLANATION.levelShiftSigma);
  for (let i = 0; i < values.length; i++) {
    const z = (values[i] - median) / sigma;
    if (severe.add(z) >= EXPLANATION.departureSevereRun) return i - severe.run + 1;
    if (shift.add(z) >= EXPLANATION.departureShiftRun) return i - shift.run + 1;
  }
  return -1;
}

/** Length of the current run of z beyond `limit`, all on one side (an absent value ends it). */
class RunCounter {
  run = 0;
  private side = 0;

  constructor(private readonly limit: number) {}

  add(z: number): number {
    const side = Number.isFinite(z) && Math.abs(z) > this.limit ? Math.sign(z) : 0;
    this.run = side === 0 ? 0 : side === this.side ? this.run + 1 : 1;
    this.side = side;
    return this.run;
  }
}

/** Present only when both metrics departed within the samples (lead-in included). */
export function coMovement(episode: DriftEpisode): CoMovementHint | null {
  const samples = episode.samples;
  const at: number[] = [];
  for (const metric of ['latency', 'payload'] as const) {
    const value = metricValue(metric);
    const ref = episode.reference[metric];
    if (!ref) return null;
    const index = departure(samples.map(value), ref.median, ref.sigma);
    if (index < 0) return null;
    at.push(index);
  }
  const [l, p] = at;
  const inEpisode = samples.filter((s) => s.seq >= episode.evidenceStartSeq);
  const latencies = inEpisode.map((s) => s.latency);
  const payloads = inEpisode.map((s) => s.payload);
  const r = spearman(latencies, payloads);
  let pairs = 0;
  for (let i = 0; i < inEpisode.length; i++) if (Number.isFinite(latencies[i]) && Number.isFinite(payloads[i])) pairs++;
  return {
    first_mover: l === p ? 'together' : l < p ? 'latency' : 'payload',
    latency_departed_seq: samples[l].seq,
    payload_departed_seq: samples[p].seq,
    lead_samples: Math.abs(samples[l].seq - samples[p].seq),
    lead_seconds: Math.abs(samples[l].timeMs - samples[p].timeMs) / 1000,
    correlation: r === null ? null : Math.round(r * 1000) / 1000,
    correlation_samples: pairs,
  };
}
