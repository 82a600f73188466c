/** The queue is at capacity: the client should retry after `retryAfterSeconds` (HTTP 503). */
export class QueueFullError extends Error {
  constructor(readonly retryAfterSeconds: number) {
    super('Ingestion queue is full; retry later');
    this.name = 'QueueFullError';
  }
}

/** The service is shutting down and no longer accepts samples (HTTP 503). */
export class ShuttingDownError extends Error {
  constructor(readonly retryAfterSeconds: number) {
    super('DriftWatch is shutting down; retry against another instance or after restart');
    this.name = 'ShuttingDownError';
  }
}

/** Samples whose transaction failed; nothing of the request was stored (HTTP 500). */
export class CommitFailedError extends Error {
  constructor(cause: unknown) {
    super(`Storing the samples failed: ${cause instanceof Error ? cause.message : String(cause)}`);
    this.name = 'CommitFailedError';
  }
}

/**
 * The database could not be written (disk full, I/O error, file made read-only or locked by
 * another program): nothing of the request was stored, and retrying later may work (HTTP 503).
 */
export class StorageUnavailableError extends Error {
  constructor(
    readonly code: string,
    readonly retryAfterSeconds: number,
  ) {
    super(`The database cannot be written (${code}); nothing of this request was stored, retry later`);
    this.name = 'StorageUnavailableError';
  }
}

/** SQLite result codes (better-sqlite3's `code`) that mean the storage, not the request, is at fault. */
const STORAGE_FAULT_CODE = /^SQLITE_(FULL|IOERR|READONLY|BUSY|CANTOPEN)(_|$)/;

export function storageFaultCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && STORAGE_FAULT_CODE.test(code) ? code : undefined;
}

/** A sample names a new service while MAX_SERVICES are monitored or queued (HTTP 429); nothing was stored. */
export class TooManyServicesError extends Error {
  constructor(readonly maxServices: number) {
    super(
      `Too many services: DRIFTWATCH_MAX_SERVICES=${maxServices} services are monitored or queued; ` +
        'delete unused ones (DELETE /v1/services/{service_id}) or raise DRIFTWATCH_MAX_SERVICES. Nothing of this request was stored',
    );
    this.name = 'TooManyServicesError';
  }
}

/** The Idempotency-Key was used for a different request (HTTP 422); nothing was stored. */
export class IdempotencyConflictError extends Error {
  constructor() {
    super('This Idempotency-Key was already used with a different request (route or body); use a new key for a new request');
    this.name = 'IdempotencyConflictError';
  }
}
