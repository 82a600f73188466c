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
