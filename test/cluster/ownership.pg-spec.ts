import { ConfigError } from '@app/config';
import { AdvisoryLockOwnership, LeaseLostError } from '@app/cluster/advisory-lock-ownership';
import { ClusterDatabase } from '@app/cluster/cluster-database';
import { Client } from 'pg';
import { freshDatabase } from './pg-test-db';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('AdvisoryLockOwnership (PostgreSQL)', () => {
  let db: Awaited<ReturnType<typeof freshDatabase>>;
  let store: ClusterDatabase;
  const owners: AdvisoryLockOwnership[] = [];
  const owner = (name: string) => {
    const o = new AdvisoryLockOwnership(db.config, name);
    owners.push(o);
    return o;
  };

  beforeAll(async () => {
    // The lease lines (one per change) are the product's log output, not the test's.
    jest.spyOn(console, 'log').mockImplementation(() => undefined);
    db = await freshDatabase('own', { DRIFTWATCH_CLUSTER_PARTITIONS: '8', DRIFTWATCH_CLUSTER_LEASE_TIMEOUT_MS: '300' });
    store = new ClusterDatabase(db.config);
    await store.prepare();
  });
  afterEach(async () => {
    for (const o of owners.splice(0)) await o.close();
  });
  afterAll(async () => {
    await store.close();
    await db.drop();
  });

  it('should run migrations once and refuse another partition count', async () => {
    await store.prepare();
    const other = new ClusterDatabase({ ...db.config, clusterPartitions: 16 });
    await expect(other.prepare()).rejects.toThrow(ConfigError);
    await other.close();
  });

  it('should split the partitions fairly and move them when a process joins', async () => {
    const a = owner('a');
    await a.connect();
    await a.rebalance();
    expect(a.owned().size).toBe(8);
    const b = owner('b');
    await b.connect();
    await a.rebalance(); // a sees two members: gives half back
    await b.rebalance();
    expect([a.owned().size, b.owned().size]).toEqual([4, 4]);
    const both = [...a.owned().keys(), ...b.owned().keys()].sort((x, y) => x - y);
    expect(both).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
  });

  it('should hand every partition over on close', async () => {
    const a = owner('a');
    const b = owner('b');
    await a.connect();
    await b.connect();
    await a.rebalance();
    await b.rebalance();
    await a.close();
    await b.rebalance();
    expect(b.owned().size).toBe(8);
  });

  it('should fence a deposed owner: once its session is gone, its transaction fails and the partitions move', async () => {
    const a = owner('a');
    await a.connect();
    await a.rebalance();
    const [partition, epoch] = [...a.owned()][0];
    // The server ends a's lease session (what idle_session_timeout does to a stopped process).
    const admin = new Client({ connectionString: db.url });
    await admin.connect();
    await admin.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'driftwatch a'`);
    await admin.end();
    await expect(a.transaction(partition, epoch, async (c) => c.query('UPDATE dw_cursors SET owner = $1 WHERE partition = $2', ['a', partition]))).rejects.toThrow(
      LeaseLostError,
    );
    expect(a.owned().size).toBe(0);
    const b = owner('b');
    await b.connect();
    await b.rebalance();
    expect(b.owned().size).toBe(8);
    expect(b.owned().get(partition)).toBeGreaterThan(epoch);
  });

  it('should lose the lease of a session silent longer than the lease timeout', async () => {
    const a = owner('a');
    await a.connect();
    await a.rebalance();
    await sleep(900); // a sends nothing: PostgreSQL ends the session after 300 ms
    const b = owner('b');
    await b.connect();
    await b.rebalance();
    expect(b.owned().size).toBe(8);
    await expect(a.rebalance()).rejects.toThrow(LeaseLostError);
    expect(a.connected).toBe(false);
  });
});
