import type { ReplayTransition } from './replay-runner';

/** One output line of `replay`: the field names the API's drift events use. */
export interface TransitionRecord {
  timestamp: string;
  service_id: string;
  /** Only for a transition of an endpoint's detector. */
  endpoint?: string;
  from: string;
  to: string;
  reason: string;
  metric: string | null;
  z_latency: number | null;
  z_payload: number | null;
  max_zscore: number | null;
  count: number;
  seq: number | null;
  /** What the model expected of the drifting metric (level + seasonal shape), or null. */
  expected: number | null;
}

export function toTransitionRecord({ serviceId, endpoint, transition: t }: ReplayTransition): TransitionRecord {
  return {
    timestamp: new Date(t.timeMs).toISOString(),
    service_id: serviceId,
    ...(endpoint === undefined ? {} : { endpoint }),
    from: t.from,
    to: t.to,
    reason: t.reason,
    metric: t.metric,
    z_latency: t.zLatency,
    z_payload: t.zPayload,
    max_zscore: t.maxZscore,
    count: t.count,
    seq: t.seq,
    expected: t.expected ? (t.metric === 'payload' ? t.expected.payload : t.expected.latency) : null,
  };
}
