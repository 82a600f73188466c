import type { ConcurrentHint } from './api-types';
import { coMovementHintText, concurrentHintText, concurrentServices, deploymentHintText, kindLabel } from './explain';

const onset = (service_id: string, minute: number) => ({ service_id, event_id: minute, timestamp: new Date(Date.UTC(2026, 11, 2, 10, minute)).toISOString(), reason: 'persistent_shift' });

describe('drift explanations in words', () => {
  it('should name the kind with its direction', () => {
    expect(kindLabel({ kind: 'level_shift', direction: 'up' })).toBe('level shift ↑');
    expect(kindLabel({ kind: 'variance', direction: 'both' })).toBe('variance ↕');
    expect(kindLabel({ kind: 'new_kind', direction: 'sideways' })).toBe('new kind');
  });

  it('should say which deployment came how long before', () => {
    expect(deploymentHintText({ deployment_id: 7, version: 'v2.0.0', timestamp: '', minutes_before_onset: 3.21 })).toBe('v2.0.0 deployed 3.2 min before');
    expect(deploymentHintText({ deployment_id: 7, version: 'v2.0.0', timestamp: '', minutes_before_onset: 0.25 })).toBe('v2.0.0 deployed 15 s before');
  });

  it('should say which metric moved first, by how much, and how the two correlate', () => {
    const base = { latency_departed_seq: 112, payload_departed_seq: 100, lead_samples: 12, lead_seconds: 1.2, correlation: 0.8412, correlation_samples: 200 };
    expect(coMovementHintText({ ...base, first_mover: 'payload' })).toBe('payload moved first, 12 samples earlier, correlation 0.84');
    expect(coMovementHintText({ ...base, first_mover: 'latency', lead_samples: 1, correlation: null })).toBe('latency moved first, 1 sample earlier');
    expect(coMovementHintText({ ...base, first_mover: 'together', lead_samples: 0 })).toBe('latency and payload moved together, correlation 0.84');
  });

  it('should count the other services drifting at the same time, each once', () => {
    const c: ConcurrentHint = { window_minutes: 5, total: 3, onsets: [onset('a', 1), onset('b', 2), onset('c', 3)] };
    expect(concurrentHintText(c)).toBe('3 other services began drifting within 5 min:');
    expect(concurrentServices(c).map((s) => s.service_id)).toEqual(['a', 'b', 'c']);
    const twice: ConcurrentHint = { window_minutes: 5, total: 2, onsets: [onset('a', 1), onset('a', 4)] };
    expect(concurrentHintText(twice)).toBe('1 other service began drifting within 5 min (2 onsets):');
    const many: ConcurrentHint = { window_minutes: 5, total: 25, onsets: Array.from({ length: 20 }, (_, i) => onset(`s${i}`, i)) };
    expect(concurrentHintText(many)).toBe('25 drifts of other services began within 5 min; the first 20:');
  });
});
