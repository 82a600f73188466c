import { DRIFT_CONFIG, DriftConfig } from '@app/config';
import { Inject, Injectable } from '@nestjs/common';
import { QueueFullError, ShuttingDownError } from './ingestion.errors';
import type { TelemetrySample } from './telemetry-sample';

/** An accepted request's Idempotency-Key record, written in the transaction of its samples. */
export interface IdempotencyRecord {
  key: string;
  fingerprint: string;
  status: number;
  response: string;
  createdAt: number;
}

/** What the worker drains: samples of one request, an operator's baseline reset, or a service deletion. */
export type QueueItem =
  | { kind: 'samples'; samples: TelemetrySample[]; receivedMs: number; idempotency?: IdempotencyRecord; bytes: number; settle: Settle }
  | { kind: 'reset'; serviceId: string; timeMs: number; bytes: number; settle: Settle }
  | { kind: 'delete'; serviceId: string; bytes: number; settle: Settle };

export interface Settle {
  resolve(): void;
  reject(error: unknown): void;
}

// Rough heap cost of one queued sample (object, numbers, string header); bounds memory, not exact.
const SAMPLE_OVERHEAD_BYTES = 96;

/**
 * The bounded ingestion queue, and its owner: capacity in samples and in bytes from config,
 * depth and refusals visible in /v1/system/status. A request's promise settles when its samples
 * are committed, so a 202 always means stored. Full queue → QueueFullError (503), never a drop.
 */
@Injectable()
export class IngestionQueue {
  private items: QueueItem[] = [];
  private head = 0;
  private depthSamples = 0;
  private depthBytes = 0;
  private accepting = true;
  private wake: () => void = () => undefined;
  refusedSamples = 0;
  /** Requests refused before their body was parsed (their samples were never counted). */
  refusedRequests = 0;

  constructor(@Inject(DRIFT_CONFIG) private readonly config: DriftConfig) {}

  get depth(): number {
    return this.depthSamples;
  }
  get bytes(): number {
    return this.depthBytes;
  }
  get capacity(): number {
    return this.config.queueCapacity;
  }
  get isAccepting(): boolean {
    return this.accepting;
  }

  /** Full (or closing): new requests can be refused before their body is even read. */
  get isSaturated(): boolean {
    return !this.accepting || this.depthSamples >= this.config.queueCapacity || this.depthBytes >= this.config.queueMaxBytes;
  }

  /** Refuses a request that was turned away before parsing; returns the error to answer with. */
  refuseEarly(): QueueFullError | ShuttingDownError {
    this.refusedRequests++;
    return this.accepting ? new QueueFullError(this.config.retryAfterSeconds) : new ShuttingDownError(this.config.retryAfterSeconds);
  }

  /** The worker registers how to be woken when the queue goes from empty to non-empty. */
  onWork(wake: () => void): void {
    this.wake = wake;
  }

  /** Throws QueueFullError / ShuttingDownError synchronously, before anything is queued. */
  submit(samples: TelemetrySample[], receivedMs: number, idempotency?: IdempotencyRecord): Promise<void> {
    let bytes = 0;
    for (let i = 0; i < samples.length; i++) bytes += SAMPLE_OVERHEAD_BYTES + 2 * (samples[i].serviceId.length + (samples[i].endpoint?.length ?? 0));
    if (idempotency) bytes += 2 * (idempotency.key.length + idempotency.fingerprint.length + idempotency.response.length);
    this.admit(samples.length, bytes);
    return new Promise<void>((resolve, reject) => {
      this.push({ kind: 'samples', samples, receivedMs, idempotency, bytes, settle: { resolve, reject } }, samples.length);
    });
  }

  /** Queues a service deletion behind every sample already accepted for it. */
  submitDelete(serviceId: string): Promise<void> {
    this.admit(0, SAMPLE_OVERHEAD_BYTES);
    return new Promise<void>((resolve, reject) => {
      this.push({ kind: 'delete', serviceId, bytes: SAMPLE_OVERHEAD_BYTES, settle: { resolve, reject } }, 0);
    });
  }

  submitReset(serviceId: string, timeMs: number): Promise<void> {
    this.admit(0, SAMPLE_OVERHEAD_BYTES);
    return new Promise<void>((resolve, reject) => {
      this.push({ kind: 'reset', serviceId, timeMs, bytes: SAMPLE_OVERHEAD_BYTES, settle: { resolve, reject } }, 0);
    });
  }

  /** Takes items in FIFO order until about `maxSamples` samples (always at least one item). */
  take(maxSamples: number): QueueItem[] {
    const taken: QueueItem[] = [];
    let samples = 0;
    while (this.head < this.items.length) {
      const item = this.items[this.head];
      const n = item.kind === 'samples' ? item.samples.length : 0;
      if (taken.length > 0 && samples + n > maxSamples) break;
      taken.push(item);
      this.head++;
      samples += n;
    }
    if (this.head === this.items.length) {
      this.items = [];
      this.head = 0;
    }
    return taken;
  }

  /** Called by the worker once taken items are committed (or failed). */
  release(samples: number, bytes: number): void {
    this.depthSamples -= samples;
    this.depthBytes -= bytes;
  }

  get pending(): number {
    return this.items.length - this.head;
  }

  /** Stop admitting new work; what is queued is still drained. */
  close(): void {
    this.accepting = false;
  }

  private admit(samples: number, bytes: number): void {
    if (!this.accepting) throw new ShuttingDownError(this.config.retryAfterSeconds);
    if (this.depthSamples + samples > this.config.queueCapacity || this.depthBytes + bytes > this.config.queueMaxBytes) {
      this.refusedSamples += samples;
      throw new QueueFullError(this.config.retryAfterSeconds);
    }
  }

  private push(item: QueueItem, samples: number): void {
    this.depthSamples += samples;
    this.depthBytes += item.bytes;
    this.items.push(item);
    if (this.items.length - this.head === 1) this.wake();
  }
}
