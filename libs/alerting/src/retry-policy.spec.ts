import { AttemptResult, backoffCapMs, decide, fullJitterDelayMs, isPermanentStatus, parseRetryAfter, RetryPolicy } from './retry-policy';

const policy: RetryPolicy = { baseDelayMs: 5000, maxDelayMs: 3_600_000, giveUpAfterMs: 24 * 3_600_000 };
const answer = (status: number, snippet = '', retryAfterMs?: number): AttemptResult => ({ kind: 'answer', status, snippet, retryAfterMs });

describe(backoffCapMs.name, () => {
  it('should double from the base and stop at the max', () => {
    const caps = [1, 2, 3, 4, 5, 10, 11, 12, 40].map((n) => backoffCapMs(n, policy));
    expect(caps).toEqual([5000, 10000, 20000, 40000, 80000, 2_560_000, 3_600_000, 3_600_000, 3_600_000]);
  });
});

describe(fullJitterDelayMs.name, () => {
  it('should wait between 0 and the cap', () => {
    expect(fullJitterDelayMs(3, policy, () => 0)).toBe(0);
    expect(fullJitterDelayMs(3, policy, () => 0.5)).toBe(10000);
    expect(fullJitterDelayMs(3, policy, () => 0.999999)).toBe(19999);
  });
});

describe(isPermanentStatus.name, () => {
  it.each([
    [400, true],
    [401, true],
    [404, true],
    [410, true],
    [408, false],
    [429, false],
    [500, false],
    [503, false],
    [302, false],
  ])('should treat %i as permanent: %s', (status, expected) => {
    expect(isPermanentStatus(status)).toBe(expected);
  });
});

describe(decide.name, () => {
  const t0 = 1_000_000;
  const half = () => 0.5;

  it('should deliver on any 2xx', () => {
    expect(decide(answer(202), 1, t0, t0, policy, half)).toEqual({ kind: 'delivered', httpStatus: 202 });
  });

  it('should give up at once on a 400, keeping the status and what the receiver said', () => {
    expect(decide(answer(400, 'invalid_payload'), 1, t0, t0, policy, half)).toEqual({
      kind: 'failed',
      httpStatus: 400,
      error: 'HTTP 400: invalid_payload (not retried: the receiver refused the request)',
    });
  });

  it.each([408, 429, 500, 503, 302])('should retry a %i with a jittered backoff', (status) => {
    expect(decide(answer(status), 2, t0, t0, policy, half)).toMatchObject({ kind: 'retry', nextAttemptAt: t0 + 5000, httpStatus: status });
  });

  it('should retry a network error', () => {
    const sut = decide({ kind: 'error', message: 'connect ECONNREFUSED 127.0.0.1:9' }, 1, t0, t0, policy, half);
    expect(sut).toEqual({ kind: 'retry', nextAttemptAt: t0 + 2500, httpStatus: null, error: 'connect ECONNREFUSED 127.0.0.1:9' });
  });

  it('should honour a Retry-After longer than the backoff, up to the largest cap', () => {
    expect(decide(answer(429, '', 60_000), 1, t0, t0, policy, half)).toMatchObject({ nextAttemptAt: t0 + 60_000 });
    expect(decide(answer(503, '', 10 * 3_600_000), 1, t0, t0, policy, half)).toMatchObject({ nextAttemptAt: t0 + 3_600_000 });
  });

  it('should give up when the next attempt would fall after the give-up age', () => {
    const now = t0 + policy.giveUpAfterMs - 1000;
    const sut = decide(answer(503, 'busy'), 30, t0, now, policy, half);
    expect(sut).toEqual({ kind: 'failed', httpStatus: 503, error: 'HTTP 503: busy (gave up after 30 attempt(s) over 24 h)' });
  });

  it('should spread about 24 h of retries over a few dozen attempts with the default policy', () => {
    let now = t0;
    let attempts = 0;
    for (;;) {
      attempts++;
      const d = decide(answer(503), attempts, t0, now, policy, half);
      if (d.kind !== 'retry') break;
      now = d.nextAttemptAt;
    }
    expect(attempts).toBeGreaterThan(20);
    expect(attempts).toBeLessThan(60);
    expect(now - t0).toBeLessThanOrEqual(policy.giveUpAfterMs);
  });
});

describe(parseRetryAfter.name, () => {
  it('should read seconds and HTTP dates', () => {
    expect(parseRetryAfter('120', 0)).toBe(120_000);
    expect(parseRetryAfter(new Date(30_000).toUTCString(), 0)).toBe(30_000);
    expect(parseRetryAfter('soon', 0)).toBeUndefined();
    expect(parseRetryAfter(undefined, 0)).toBeUndefined();
  });
});
