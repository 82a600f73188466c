'use strict';
/**
 * A seeded telemetry loader that keeps a ledger of every acknowledged (202) sample.
 *
 * Each service sends batches one at a time (the next only after the previous is answered), to
 * the processes in turn. A failed or timed-out request is not retried as such: its samples may or
 * may not be in the log (the answer was lost), so the next attempt sends new samples with new
 * timestamps, and the checks allow an unacknowledged sample to be stored at most once. Every
 * sample of a service has a distinct timestamp, which is how a stored row is matched to the ledger.
 * Drifting services have their latency and payload multiplied from sample SHIFT_AT on.
 */

function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function gaussian(rand) {
  const u = Math.max(rand(), 1e-12);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rand());
}

class Loader {
  /**
   * @param {object} o
   * @param {() => string[]} o.targets base URLs to send to, in turn
   * @param {number} o.services @param {number} o.batch @param {number} o.intervalMs pause per service between batches
   * @param {number} o.seed @param {number} o.stepMs sample-time step @param {number} o.shiftAt first shifted sample of a drifting service
   */
  constructor(o) {
    this.o = o;
    this.rand = mulberry32(o.seed);
    this.startMs = Date.now() - 2 * 86_400_000;
    this.names = Array.from({ length: o.services }, (_, i) => `svc-${String(i).padStart(3, '0')}${this.isDrifting(i) ? '-drift' : ''}`);
    this.sent = new Array(o.services).fill(0);
    /** service name → acknowledged sample timestamps, in ack order */
    this.ledger = new Map(this.names.map((n) => [n, []]));
    this.unacked = 0;
    this.acked = 0;
    this.requests = { ok: 0, failed: 0 };
    this.latencies = [];
    this.running = false;
    this.turn = 0;
  }

  isDrifting(i) {
    return i % 4 === 1;
  }

  nextBatch(i) {
    const samples = [];
    for (let k = 0; k < this.o.batch; k++) {
      const n = this.sent[i]++;
      const shifted = this.isDrifting(i) && n >= this.o.shiftAt;
      const factor = shifted ? 1.8 : 1;
      const ts = this.startMs + n * this.o.stepMs;
      samples.push({
        service_id: this.names[i],
        timestamp: new Date(ts).toISOString(),
        latency_ms: Math.max(1, (100 + 10 * gaussian(this.rand)) * factor),
        payload_kb: Math.max(0.1, (20 + 2 * gaussian(this.rand)) * factor),
        _ts: ts,
      });
    }
    return samples;
  }

  async runService(i) {
    while (this.running) {
      const samples = this.nextBatch(i);
      const targets = this.o.targets();
      const target = targets[this.turn++ % targets.length];
      const body = JSON.stringify({ samples: samples.map(({ _ts, ...s }) => s) });
      const started = performance.now();
      let ok = false;
      try {
        const res = await fetch(`${target}/v1/telemetry/batch`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body,
          signal: AbortSignal.timeout(this.o.timeoutMs ?? 1500),
        });
        await res.arrayBuffer();
        ok = res.status === 202;
      } catch {
        ok = false;
      }
      if (ok) {
        this.latencies.push(performance.now() - started);
        this.requests.ok++;
        this.acked += samples.length;
        const entries = this.ledger.get(this.names[i]);
        for (const s of samples) entries.push(s._ts);
      } else {
        this.requests.failed++;
        this.unacked += samples.length;
      }
      if (this.o.intervalMs > 0) await new Promise((r) => setTimeout(r, this.o.intervalMs));
    }
  }

  start() {
    this.running = true;
    this.done = Promise.all(this.names.map((_, i) => this.runService(i)));
  }

  async stop() {
    this.running = false;
    await this.done;
  }
}

module.exports = { Loader, mulberry32 };
