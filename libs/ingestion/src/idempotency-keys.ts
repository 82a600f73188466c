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

/** A stored key as a lookup finds it (unexpired). */
export interface StoredIdempotencyKey {
  fingerprint: string;
  /** The first answer, JSON. */
  response: string;
}

/** Looks a key up among the unexpired ones: synchronously (SQLite) or not (PostgreSQL). */
export type FindIdempotencyKey = (key: string, notBeforeMs: number) => StoredIdempotencyKey | undefined | Promise<StoredIdempotencyKey | undefined>;

/**
 * Thrown by a store whose transaction found the key already written by another process (cluster
 * mode): nothing of the request was stored, and the runner answers from the stored key instead.
 */
export class IdempotencyKeyTakenError extends Error {
  constructor() {
    super('The Idempotency-Key was written by another request meanwhile');
    this.name = 'IdempotencyKeyTakenError';
  }
}

const isThenable = <T>(v: T | Promise<T>): v is Promise<T> => typeof (v as { then?: unknown } | undefined)?.then === 'function';

/**
 * The Idempotency-Key protocol, whatever the store (IdempotencyKeys in embedded mode, the cluster
 * mode's PostgreSQL table). The first request with a key stores its samples and, in the same
 * transaction, the key, a fingerprint of route and body, and its answer; a retry with the key
 * within IDEMPOTENCY_TTL_HOURS gets that answer and stores nothing, another request with it gets
 * 422. A retry that arrives while the first is still in flight in this process waits for its
 * answer. Refused requests (4xx, 503) are not recorded: nothing was stored, so a retry is simply
 * tried again.
 */
export class IdempotencyRunner {
  private readonly inFlight = new Map<string, { fingerprint: string; answer: Promise<Answered<unknown>> }>();

  constructor(
    private readonly ttlHours: number,
    private readonly find: FindIdempotencyKey,
  ) {}

  /** Runs `store` once per key; `store` must save the claim with its answer in the transaction of the samples. */
  async run<T>(key: string, route: string, body: unknown, nowMs: number, store: (claim: IdempotencyClaim) => Promise<T>): Promise<Answered<T>> {
    if (!KEY_PATTERN.test(key)) throw new InvalidTelemetryError(['Idempotency-Key must be 1 to 255 printable ASCII characters']);
    const fingerprint = createHash('sha256').update(route).update('\n').update(JSON.stringify(body) ?? '').digest('base64url');
    const flying = this.inFlight.get(key);
    if (flying) {
      if (flying.fingerprint !== fingerprint) throw new IdempotencyConflictError();
      return { answer: (await flying.answer).answer as T, replayed: true };
    }
    const notBeforeMs = nowMs - this.ttlHours * 3_600_000;
    const first = (): Promise<Answered<T>> =>
      store({ key, fingerprint, createdMs: nowMs }).then(
        (answer) => ({ answer, replayed: false }),
        async (error: unknown) => {
          if (!(error instanceof IdempotencyKeyTakenError)) throw error;
          // Another process committed the key first: its answer (or a 422), as for any retry.
          const stored = await this.find(key, notBeforeMs);
          if (!stored) throw error;
          return replay<T>(stored, fingerprint);
        },
      );
    const found = this.find(key, notBeforeMs);
    let answer: Promise<Answered<T>>;
    if (isThenable(found)) {
      // Registered before the lookup resolves, so a retry in this process meanwhile waits for this one.
      answer = found.then((stored) => (stored ? replay<T>(stored, fingerprint) : first()));
    } else {
      if (found) return replay<T>(found, fingerprint);
      answer = first();
    }
    this.inFlight.set(key, { fingerprint, answer });
    try {
      return await answer;
    } finally {
      this.inFlight.delete(key);
    }
  }

  /** The record a store writes for a claim whose samples commit. */
  static record(claim: IdempotencyClaim, answer: unknown) {
    return { key: claim.key, fingerprint: claim.fingerprint, status: ACCEPTED, response: JSON.stringify(answer), createdAt: claim.createdMs };
  }
}

function replay<T>(stored: StoredIdempotencyKey, fingerprint: string): Answered<T> {
  if (stored.fingerprint !== fingerprint) throw new IdempotencyConflictError();
  return { answer: JSON.parse(stored.response) as T, replayed: true };
}

/** The embedded mode's keys: the runner on the SQLite table (BatchCommitter writes the claims). */
@Injectable()
export class IdempotencyKeys extends IdempotencyRunner {
  constructor(@Inject(DRIFT_CONFIG) config: DriftConfig, repository: IdempotencyRepository) {
    super(config.idempotencyTtlHours, (key, notBeforeMs) => repository.find(key, notBeforeMs));
  }
}
