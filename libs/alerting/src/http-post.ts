import * as http from 'node:http';
import * as https from 'node:https';
import type { AlertRequest } from './alert-request';
import { AttemptResult, parseRetryAfter } from './retry-policy';

/** How much of a receiver's answer is kept as the reason of a failure. */
const SNIPPET_BYTES = 300;

/** Raised by `postOnce` when its signal aborts: the attempt was cut short and does not count. */
export class AttemptAbortedError extends Error {
  constructor() {
    super('aborted: DriftWatch is shutting down');
    this.name = 'AttemptAbortedError';
  }
}

/**
 * One POST with a hard deadline. No redirects are followed (a 3xx is a failed attempt, as Standard
 * Webhooks recommends) and no connection is kept alive, so nothing outlives the attempt. Resolves
 * with the answer or the network error; rejects only when `signal` aborts (shutdown).
 */
export function postOnce(request: AlertRequest, timeoutMs: number, signal: AbortSignal): Promise<AttemptResult> {
  return new Promise<AttemptResult>((resolve, reject) => {
    let settled = false;
    const finish = (result: AttemptResult | Error) => {
      if (settled) return;
      settled = true;
      clearTimeout(deadline);
      signal.removeEventListener('abort', onAbort);
      if (result instanceof Error) reject(result);
      else resolve(result);
    };
    let url: URL;
    try {
      url = new URL(request.url);
    } catch {
      return resolve({ kind: 'error', message: 'invalid destination URL' });
    }
    const transport = url.protocol === 'https:' ? https : http;
    const body = Buffer.from(request.body, 'utf8');
    const req = transport.request(url, {
      method: 'POST',
      agent: false,
      headers: { ...request.headers, 'content-length': String(body.length), connection: 'close' },
    });
    const deadline = setTimeout(() => {
      req.destroy();
      finish({ kind: 'error', message: `no answer within ${timeoutMs} ms` });
    }, timeoutMs);
    deadline.unref();
    const onAbort = () => {
      req.destroy();
      finish(new AttemptAbortedError());
    };
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    req.on('error', (error: NodeJS.ErrnoException) => finish({ kind: 'error', message: error.message || error.code || 'request failed' }));
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      let kept = 0;
      res.on('data', (chunk: Buffer) => {
        if (kept < SNIPPET_BYTES) {
          chunks.push(chunk);
          kept += chunk.length;
        }
      });
      res.on('error', (error) => finish({ kind: 'error', message: `answer interrupted: ${error.message}` }));
      res.on('end', () => {
        const snippet = Buffer.concat(chunks).subarray(0, SNIPPET_BYTES).toString('utf8').replace(/\s+/g, ' ');
        const retryAfter = res.headers['retry-after'];
        finish({ kind: 'answer', status: res.statusCode ?? 0, snippet, retryAfterMs: parseRetryAfter(retryAfter, Date.now()) });
      });
    });
    req.end(body);
  });
}
