import Database from 'better-sqlite3';
import type { DataSource } from 'typeorm';
import { MIGRATIONS } from './data-source-options';
import { ExplanationRepository } from './explanation.repository';
import { ServiceRemovalRepository } from './service-removal.repository';
import { SqliteDatabase } from './sqlite-database';
import { TelemetryRepository } from './telemetry.repository';

async function setup() {
  const raw = new Database(':memory:');
  const runner = { query: async (sql: string) => raw.exec(sql) };
  for (const M of MIGRATIONS) await new M().up(runner as never);
  const db = new SqliteDatabase({ driver: { databaseConnection: raw } } as unknown as DataSource);
  raw.prepare(`INSERT INTO services (id, name, state, detector, created_at, updated_at) VALUES (1, 'a', 'STABLE', '{}', 0, 0)`).run();
  raw.prepare(`INSERT INTO endpoints (id, service_id, name, state, detector, created_at, updated_at) VALUES (7, 1, 'GET /x', 'STABLE', '{}', 0, 0)`).run();
  return { raw, db, telemetry: new TelemetryRepository(db), explanations: new ExplanationRepository(db), removal: new ServiceRemovalRepository(db) };
}

/** What the uncached query returns: the stream's newest `limit` baseline samples before `beforeSeq`. */
function expected(raw: Database.Database, endpointId: number | null, beforeSeq: number, limit: number) {
  return (
    raw
      .prepare('SELECT seq, ts, latency_ms, payload_kb FROM telemetry WHERE service_id = 1 AND endpoint_id IS ? AND seq < ? AND baseline = 1 ORDER BY seq DESC LIMIT ?')
      .raw()
      .all(endpointId, beforeSeq, limit) as [number, number, number, number | null][]
  )
    .reverse()
    .map(([seq, timeMs, latency, payload]) => ({ seq, timeMs, latency, payload: payload === null ? NaN : payload }));
}

describe('ExplanationRepository.reference (kept between a stream\'s onsets)', () => {
  it('should return what the full query returns as onsets follow one another, across changes to stored samples', async () => {
    const { raw, db, telemetry, explanations, removal } = await setup();
    let seq = 0;
    let shift = 0;
    const append = (n: number) =>
      db.transaction(() => {
        for (let i = 0; i < n; i++) {
          seq++;
          // Every 7th sample is not a baseline sample; every 3rd belongs to the endpoint; some have no payload.
          telemetry.insert(1, seq, 1000 * seq, shift + 100 + (seq % 13), seq % 5 === 0 ? NaN : seq / 10, seq % 7 !== 0, seq % 3 === 0 ? 7 : null);
        }
      });
    const check = (beforeSeq: number, limit = 50) => {
      expect(explanations.reference(1, null, beforeSeq, limit)).toEqual(expected(raw, null, beforeSeq, limit));
      expect(explanations.reference(1, 'GET /x', beforeSeq, limit)).toEqual(expected(raw, 7, beforeSeq, limit));
    };
    append(40);
    check(30);
    check(30);
    check(35);
    append(200);
    check(60);
    check(200);
    check(120); // an earlier onset (read path): read in full
    check(230, 10);
    check(235, 10);
    // Adopted as the new normal: earlier rows become baseline rows.
    db.transaction(() => telemetry.markBaseline(1, 190, 230, null));
    check(238, 10);
    // Retention deleted old rows.
    db.transaction(() => telemetry.deleteExpired(1, 1000 * 236, 237, 1000));
    check(239, 10);
    check(240, 60);
    // A rolled-back transaction: what it read is gone with it.
    expect(() =>
      db.transaction(() => {
        for (let i = 1; i <= 20; i++) telemetry.insert(1, seq + i, 1000 * (seq + i), 100, 1, true, null);
        check(seq + 21);
        throw new Error('rollback');
      }),
    ).toThrow('rollback');
    check(seq + 21);
    append(30);
    check(seq + 1);
    // The service deleted and its id reused (with other values).
    check(5);
    db.transaction(() => removal.remove(1, 'a'));
    shift = 1000;
    raw.prepare(`INSERT INTO services (id, name, state, detector, created_at, updated_at) VALUES (1, 'a', 'STABLE', '{}', 0, 0)`).run();
    raw.prepare(`INSERT INTO endpoints (id, service_id, name, state, detector, created_at, updated_at) VALUES (7, 1, 'GET /x', 'STABLE', '{}', 0, 0)`).run();
    seq = 0;
    append(30);
    check(31);
  });

  it('should return arrays the caller may keep or change without affecting later reads', async () => {
    const { raw, db, telemetry, explanations } = await setup();
    db.transaction(() => {
      for (let seq = 1; seq <= 20; seq++) telemetry.insert(1, seq, seq, 100 + seq, 1, true, null);
    });
    const first = explanations.reference(1, null, 15, 10);
    first.pop();
    expect(explanations.reference(1, null, 15, 10)).toEqual(expected(raw, null, 15, 10));
  });
});
