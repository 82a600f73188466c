/** When to try an alert again, and when to stop: pure functions of the attempt's result. */

export interface RetryPolicy {
  /** Backoff cap before the first retry; it doubles with every failed attempt. */
  baseDelayMs: number;
  /** Largest backoff cap. */
  maxDelayMs: number;
  /** An alert still undelivered this long after it was written is given up. */
  giveUpAfterMs: number;
}

/** What one attempt produced: an HTTP answer, or an error before any answer (refused, reset, timeout). */
export type AttemptResult =
  | { kind: 'answer'; status: number; retryAfterMs?: number; snippet: string }
  | { kind: 'error'; message: string };

export type Decision =
  | { kind: 'delivered'; httpStatus: number }
  | { kind: 'retry'; nextAttemptAt: number; httpStatus: number | null; error: string }
  | { kind: 'failed'; httpStatus: number | null; error: string };

/** Cap of the wait after `attempts` failed attempts: base · 2^(attempts−1), at most max. */
export function backoffCapMs(attempts: number, policy: Pick<RetryPolicy, 'baseDelayMs' | 'maxDelayMs'>): number {
  const exponent = Math.min(Math.max(attempts - 1, 0), 52);
  return Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** exponent);
}

/**
 * "Full jitter" (AWS Architecture Blog, Exponential Backoff and Jitter): a uniform wait below the
 * cap, so receivers recovering from an outage are not hit by every sender at the same instant.
 */
export function fullJitterDelayMs(attempts: number, policy: Pick<RetryPolicy, 'baseDelayMs' | 'maxDelayMs'>, random: () => number): number {
  return Math.floor(random() * backoffCapMs(attempts, policy));
}

/** A receiver's 4xx means "this request will never work", except 408 (timeout) and 429 (slow down). */
export function isPermanentStatus(status: number): boolean {
  return status >= 400 && status < 500 && status !== 408 && status !== 429;
}

export function describeResult(result: AttemptResult): string {
  if (result.kind === 'error') return result.message;
  const snippet = result.snippet.trim();
  return `HTTP ${result.status}${snippet ? `: ${snippet}` : ''}`;
}

/**
 * Settles one attempt. `attempts` counts it; `createdAtMs` is when the alert was written.
 * A Retry-After longer than the jittered wait is honoured (up to the largest cap).
 */
export function decide(result: AttemptResult, attempts: number, createdAtMs: number, nowMs: number, policy: RetryPolicy, random: () => number): Decision {
  const httpStatus = result.kind === 'answer' ? result.status : null;
  if (result.kind === 'answer' && result.status >= 200 && result.status < 300) return { kind: 'delivered', httpStatus: result.status };
  const error = describeResult(result);
  if (httpStatus !== null && isPermanentStatus(httpStatus)) return { kind: 'failed', httpStatus, error: `${error} (not retried: the receiver refused the request)` };
  let delay = fullJitterDelayMs(attempts, policy, random);
  if (result.kind === 'answer' && result.retryAfterMs !== undefined) delay = Math.max(delay, Math.min(result.retryAfterMs, policy.maxDelayMs));
  const nextAttemptAt = nowMs + delay;
  if (nextAttemptAt - createdAtMs > policy.giveUpAfterMs) {
    return { kind: 'failed', httpStatus, error: `${error} (gave up after ${attempts} attempt(s) over ${formatAge(nowMs - createdAtMs)})` };
  }
  return { kind: 'retry', nextAttemptAt, httpStatus, error };
}

/** Parses Retry-After: delta-seconds or an HTTP date. */
export function parseRetryAfter(value: string | undefined, nowMs: number): number | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const at = Date.parse(text);
  return Number.isFinite(at) ? Math.max(0, at - nowMs) : undefined;
}

function formatAge(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 120) return `${s} s`;
  if (s < 7200) return `${Math.round(s / 60)} min`;
  return `${Math.round(s / 360) / 10} h`;
}
