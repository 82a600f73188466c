/** Deterministic telemetry for e2e tests (a tiny LCG: tests must not depend on Math.random). */
/** `spread` scales the noise: 0.5 gives samples that all sit well inside |z| ≤ 2 (a calm service). */
export function normalSamples(serviceId: string, count: number, startMs: number, seed = 1, stepMs = 100, spread = 1) {
  let state = seed >>> 0;
  const next = () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
  const out: { service_id: string; latency_ms: number; payload_kb: number; timestamp: string }[] = [];
  for (let i = 0; i < count; i++) {
    // Sum of uniforms ≈ normal: 150 ± ~25 ms, 2.4 ± ~0.3 kB.
    const n = next() + next() + next() + next() - 2;
    const m = next() + next() + next() + next() - 2;
    out.push({
      service_id: serviceId,
      latency_ms: Math.round((150 + 43 * spread * n) * 100) / 100,
      payload_kb: Math.round((2.4 + 0.5 * spread * m) * 1000) / 1000,
      timestamp: new Date(startMs + i * stepMs).toISOString(),
    });
  }
  return out;
}
