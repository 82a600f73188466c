import { IdempotencyConflictError } from './ingestion.errors';
import { IdempotencyKeyTakenError, IdempotencyRunner, StoredIdempotencyKey } from './idempotency-keys';

describe(IdempotencyRunner.name, () => {
  it('should answer from the stored key when the store finds it taken by another process', async () => {
    const stored = new Map<string, StoredIdempotencyKey>();
    const runner = new IdempotencyRunner(24, async (key) => stored.get(key));
    const store = jest.fn(async (claim: { key: string; fingerprint: string }) => {
      // Another process commits the key between the lookup and this append.
      stored.set(claim.key, { fingerprint: claim.fingerprint, response: JSON.stringify({ first: true }) });
      throw new IdempotencyKeyTakenError();
    });
    await expect(runner.run('k', 'POST /x', { a: 1 }, Date.now(), store)).resolves.toEqual({ answer: { first: true }, replayed: true });
    stored.set('k2', { fingerprint: 'other', response: '{}' });
    await expect(runner.run('k2', 'POST /x', { a: 1 }, Date.now(), async () => ({}))).rejects.toBeInstanceOf(IdempotencyConflictError);
  });

  it('should let a concurrent retry wait for the first request while the lookup is asynchronous', async () => {
    const runner = new IdempotencyRunner(24, async () => undefined);
    let calls = 0;
    const store = async () => {
      calls++;
      await new Promise((r) => setTimeout(r, 10));
      return { n: calls };
    };
    const [a, b] = await Promise.all([runner.run('k', 'r', 1, 0, store), runner.run('k', 'r', 1, 0, store)]);
    expect(calls).toBe(1);
    expect([a, b]).toEqual([{ answer: { n: 1 }, replayed: false }, { answer: { n: 1 }, replayed: true }]);
  });
});
