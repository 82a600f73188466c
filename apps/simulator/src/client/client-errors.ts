/** DriftWatch could not be reached at all (refused, DNS, timeout). */
export class UnreachableError extends Error {
  constructor(url: string, cause: unknown) {
    super(`cannot reach DriftWatch at ${url}: ${describe(cause)}`);
    this.name = 'UnreachableError';
  }
}

/** DriftWatch answered with an unexpected status. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    what: string,
    detail: string,
  ) {
    super(`${what} answered ${status}${detail ? `: ${detail}` : ''}`);
    this.name = 'ApiError';
  }
}

function describe(cause: unknown): string {
  if (cause instanceof Error) {
    // fetch hides the socket error (ECONNREFUSED, ENOTFOUND) one level down.
    const inner = (cause as Error & { cause?: unknown }).cause;
    if (inner instanceof Error) return inner.message;
    return cause.message;
  }
  return String(cause);
}
