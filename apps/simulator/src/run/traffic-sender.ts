import { Inject, Injectable } from '@nestjs/common';
import { TelemetryBody } from '../client/api-types';
import { DriftwatchClient } from '../client/driftwatch-client';
import { isFastMode, SIM_OPTIONS_TOKEN, SimOptions } from '../options/sim-options';

/** Called after each request with how many samples have gone; return true to stop early. */
export type AfterSend = (sent: number) => Promise<boolean>;

/** Largest fast-mode chunk (the API's default BATCH_MAX_SAMPLES is 10 000). */
const MAX_CHUNK = 5_000;

/**
 * Sends samples in order and paces them to `--rate`: one request per sample at ordinary rates,
 * batches of ~0.1 s worth in fast mode. Each request is awaited, so the API sees the samples in
 * the order generated and their sequence numbers are known.
 */
@Injectable()
export class TrafficSender {
  constructor(
    private readonly client: DriftwatchClient,
    @Inject(SIM_OPTIONS_TOKEN) private readonly options: SimOptions,
  ) {}

  get chunkSize(): number {
    return isFastMode(this.options) ? Math.min(MAX_CHUNK, Math.ceil(this.options.rate / 10)) : 1;
  }

  /** Sends `count` samples made by `body(i)`; returns how many were sent. */
  async send(count: number, body: (i: number) => TelemetryBody, after: AfterSend): Promise<number> {
    const started = Date.now();
    const chunk = this.chunkSize;
    let sent = 0;
    while (sent < count) {
      const n = Math.min(chunk, count - sent);
      if (isFastMode(this.options)) {
        const samples: TelemetryBody[] = [];
        for (let i = 0; i < n; i++) samples.push(body(sent + i));
        await this.client.sendBatch(samples);
      } else {
        await this.client.send(body(sent));
      }
      sent += n;
      if (await after(sent)) break;
      const dueMs = started + (sent * 1000) / this.options.rate;
      const wait = dueMs - Date.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    }
    return sent;
  }
}
