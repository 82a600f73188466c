import { DRIFT_CONFIG, DriftConfig } from '@app/config';
import { IdempotencyRepository } from '@app/persistence';
import { Inject, Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { IdempotencyConflictError } from './ingestion.errors';
import { InvalidTelemetryError } from './invalid-telemetry.error';

/** A request's claim on a key: written, with its answer, in the transaction of its samples. */
export interface IdempotencyClaim {
  key: string;
  fingerprint: string;
  createdMs: number;
}

/** An answer and whether it is the replay of an earlier request's. */
export interface Answered<T> {
  answer: T;
  replayed: boolean;
}

/** What a key may be: printable ASCII, like the UUIDs and ULIDs clients send. */
const KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;
/** Only accepted requests are recorded; this is their status. */
const ACCEPTED = 202;

/**
 * Idempotency-Key on the telemetry routes. The first request with a key stores its samples and,
 * in the same transaction, the key, a fingerprint of route and body, and its answer; a retry with
 * the key within IDEMPOTENCY_TTL_HOURS gets that answer and stores nothing, another request with
 * it gets 422. A retry that arrives while the first is still queued waits for its answer. Refused
 * requests (4xx, 503) are not recorded: nothing was stored, so a retry is simply tried again.
 */
@Injectable()
export class IdempotencyKeys {
  private readonly inFlight = new Map<string, { fingerprint: string; answer: Promise<unknown> }>();

  constructor(
    @Inject(DRIFT_CONFIG) private readonly config: DriftConfig,
    private readonly repository: IdempotencyRepository,
  ) {}

  /** Runs `store` once per key; `store` must save the claim with its answer (BatchCommitter does). */
  async run<T>(key: string, route: string, body: unknown, nowMs: number, store: (claim: IdempotencyClaim) => Promise<T>): Promise<Answered<T>> {
    if (!KEY_PATTERN.test(key)) throw new InvalidTelemetryError(['Idempotency-Key must be 1 to 255 printable ASCII characters']);
    const fingerprint = createHash('sha256').update(route).update('\n').update(JSON.stringify(body) ?? '').digest('base64url');
    const flying = this.inFlight.get(key);
    if (flying) {
      if (flying.fingerprint !== fingerprint) throw new IdempotencyConflictError();
      return { answer: (await flying.answer) as T, replayed: true };
    }
    const stored = this.repository.find(key, nowMs - this.config.idempotencyTtlHours * 3_600_000);
    if (stored) {
      if (stored.fingerprint !== fingerprint) throw new IdempotencyConflictError();
      return { answer: JSON.parse(stored.response) as T, replayed: true };
    }
    const answer = store({ key, fingerprint, createdMs: nowMs });
    this.inFlight.set(key, { fingerprint, answer });
    try {
      return { answer: await answer, replayed: false };
    } finally {
      this.inFlight.delete(key);
    }
  }

  /** The record BatchCommitter writes for a claim whose samples commit. */
  static record(claim: IdempotencyClaim, answer: unknown) {
    return { key: claim.key, fingerprint: claim.fingerprint, status: ACCEPTED, response: JSON.stringify(answer), createdAt: claim.createdMs };
  }
}
