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
