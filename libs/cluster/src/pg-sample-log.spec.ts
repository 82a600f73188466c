import { loadConfig } from '@app/config';
import { QueueFullError, ShuttingDownError } from '@app/ingestion';
import type { Pool } from 'pg';
import type { NewLogRecord } from './log-record';
import { PgSampleLog } from './pg-sample-log';

const config = loadConfig({ DRIFTWATCH_QUEUE_CAPACITY: '3', DRIFTWATCH_BATCH_MAX_SAMPLES: '3', DRIFTWATCH_FLUSH_MAX_SAMPLES: '3' });
const rec = (serviceId: string): NewLogRecord => ({ kind: 'sample', serviceId, timeMs: 1, latency: 1, payload: NaN });

/** A pool whose one connection records the statements and can be told to fail. */
function fakePool(failOn?: RegExp) {
  const statements: string[] = [];
  const released: unknown[] = [];
  const client = {
    query: async (sql: string, params?: unknown[]) => {
      statements.push(sql.trim().split(/\s+/).slice(0, 3).join(' '));
      if (failOn?.test(sql)) throw new Error('disk full');
      if (sql.startsWith('UPDATE dw_partitions')) {
        const [partitions, counts] = params as [number[], number[]];
        return { rows: partitions.map((p, i) => ({ partition: p, head: 10 + counts[i] })) };
      }
      return { rows: [] };
    },
    release: (error?: unknown) => released.push(error),
  };
  return { pool: { connect: async () => client } as unknown as Pool, statements, released };
}

describe(PgSampleLog.name, () => {
  it('should append in one transaction that locks the partition heads first, and resolve after COMMIT', async () => {
    const { pool, statements } = fakePool();
    const log = new PgSampleLog(pool, config);
    await Promise.all([log.append([rec('a'), rec('b')]), log.append([rec('c')])]);
    expect(statements).toEqual(['BEGIN', 'SELECT partition FROM', 'UPDATE dw_partitions d', 'INSERT INTO dw_log', 'COMMIT']);
    expect(log.queued).toBe(0);
  });

  it('should refuse past the queue capacity (503) and after close, accepting nothing', async () => {
    const { pool } = fakePool();
    const log = new PgSampleLog(pool, config);
    const first = log.append([rec('a'), rec('b')]);
    await expect(log.append([rec('c'), rec('d')])).rejects.toBeInstanceOf(QueueFullError);
    await first;
    await log.close();
    await expect(log.append([rec('e')])).rejects.toBeInstanceOf(ShuttingDownError);
  });

  it('should reject every request of a failed append, roll back and discard the connection', async () => {
    const { pool, statements, released } = fakePool(/INSERT INTO dw_log/);
    const log = new PgSampleLog(pool, config);
    jest.spyOn(console, 'error').mockImplementation(() => undefined);
    await expect(log.append([rec('a')])).rejects.toThrow('disk full');
    expect(statements).toContain('ROLLBACK');
    expect(released).toEqual([true]);
    expect(log.queued).toBe(0);
  });
});
