import Database from 'better-sqlite3';
import type { DataSource } from 'typeorm';
import { MIGRATIONS } from './data-source-options';
import { SqliteDatabase } from './sqlite-database';
import { TelemetryRepository } from './telemetry.repository';

const MINUTE = 60_000;

async function setup() {
  const raw = new Database(':memory:');
  const runner = { query: async (sql: string) => raw.exec(sql) };
  // Every migration, in order: the rollup must hold on the schema as it is now.
  for (const M of MIGRATIONS) await new M().up(runner as never);
  const db = new SqliteDatabase({ driver: { databaseConnection: raw } } as unknown as DataSource);
  return { raw, db, telemetry: new TelemetryRepository(db) };
}

type RollupRow = { service_id: number; minute: number; n: number; latency_min: number; latency_sum: number; latency_max: number; payload_n: number; payload_min: number | null; payload_sum: number; payload_max: number | null };
const rows = (raw: Database.Database) => raw.prepare('SELECT * FROM telemetry_rollup ORDER BY service_id, minute').all() as RollupRow[];

describe('telemetry rollup', () => {
  it('should sum each (service, minute) across commits, payloads absent or not', async () => {
    const { raw, db, telemetry } = await setup();
    const t0 = 1000 * MINUTE;
    db.transaction(() => {
      telemetry.insert(1, 1, t0 + 1000, 100, 2, true);
      telemetry.insert(2, 1, t0 + 2000, 50, NaN, true);
      telemetry.insert(1, 2, t0 + 3000, 120, 4, true);
      telemetry.insert(1, 3, t0 + MINUTE, 90, NaN, true);
    });
    db.transaction(() => telemetry.insert(1, 4, t0 + 59_000, 80, 1, true));
    expect(rows(raw)).toEqual([
      { service_id: 1, minute: 1000, n: 3, latency_min: 80, latency_sum: 300, latency_max: 120, payload_n: 3, payload_min: 1, payload_sum: 7, payload_max: 4 },
      { service_id: 1, minute: 1001, n: 1, latency_min: 90, latency_sum: 90, latency_max: 90, payload_n: 0, payload_min: null, payload_sum: 0, payload_max: null },
      { service_id: 2, minute: 1000, n: 1, latency_min: 50, latency_sum: 50, latency_max: 50, payload_n: 0, payload_min: null, payload_sum: 0, payload_max: null },
    ]);
  });

  it('should drop a rolled-back transaction from the rollup with its samples', async () => {
    const { raw, db, telemetry } = await setup();
    db.transaction(() => telemetry.insert(1, 1, 5 * MINUTE, 100, 2, true));
    expect(() =>
      db.transaction(() => {
        telemetry.insert(1, 2, 5 * MINUTE + 1, 999, 9, true);
        throw new Error('commit failed');
      }),
    ).toThrow('commit failed');
    db.transaction(() => telemetry.insert(1, 3, 5 * MINUTE + 2, 110, 3, true));
    expect(raw.prepare('SELECT COUNT(*) FROM telemetry').pluck().get()).toBe(2);
    expect(rows(raw)).toMatchObject([{ minute: 5, n: 2, latency_max: 110, latency_sum: 210, payload_max: 3 }]);
  });
});
