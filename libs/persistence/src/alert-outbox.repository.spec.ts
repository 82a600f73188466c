import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DataSource } from 'typeorm';
import { AlertOutboxRepository } from './alert-outbox.repository';
import { buildDataSourceOptions } from './data-source-options';
import { DriftEventEntity } from './entities/drift-event.entity';
import { SqliteDatabase } from './sqlite-database';

describe(AlertOutboxRepository.name, () => {
  let dir: string;
  let dataSource: DataSource;
  let db: SqliteDatabase;
  let sut: AlertOutboxRepository;

  beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'driftwatch-outbox-'));
    dataSource = new DataSource(buildDataSourceOptions({ dbPath: path.join(dir, 'test.db'), sqliteSynchronous: 'NORMAL' }));
    await dataSource.initialize();
    db = new SqliteDatabase(dataSource);
    sut = new AlertOutboxRepository(db, dataSource.getRepository(DriftEventEntity));
    db.raw.prepare(`INSERT INTO services (id, name, state, detector, created_at, updated_at) VALUES (1, 'a', 'STABLE', '{}', 0, 0), (2, 'b', 'STABLE', '{}', 0, 0)`).run();
  });
  afterEach(async () => {
    await dataSource.destroy();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const event = (serviceId: number, from: string, to: string): number =>
    db.transaction(() => {
      db.raw
        .prepare(`INSERT INTO drift_events (service_id, ts, seq, from_state, to_state, reason, count) VALUES (?, 0, 1, ?, ?, 'r', 1)`)
        .run(serviceId, from, to);
      return db.lastInsertRowid();
    });
  const enqueue = (eventId: number, serviceId: number, destination: string, createdAt = 0) =>
    sut.insert({ eventId, serviceId, destination, type: 'drift.detected', episodeEventId: eventId, createdAt });
  const outcome = { nowMs: 10, httpStatus: 503, error: 'HTTP 503' };

  describe('due', () => {
    it('should offer only the oldest pending alert of each (destination, service)', () => {
      enqueue(1, 1, 'webhook');
      enqueue(2, 1, 'webhook');
      enqueue(2, 1, 'slack');
      enqueue(3, 2, 'webhook');
      expect(sut.due(100, 10).map((a) => [a.eventId, a.destination])).toEqual([
        [1, 'webhook'],
        [2, 'slack'],
        [3, 'webhook'],
      ]);
    });

    it('should hold the next alert back while the head waits for its retry, and release it once the head settles', () => {
      enqueue(1, 1, 'webhook');
      enqueue(2, 1, 'webhook');
      const [head] = sut.due(0, 10);
      sut.markRetry(head.id, outcome, 1000);
      expect(sut.due(500, 10)).toEqual([]);
      expect(sut.nextDueAt()).toBe(1000);
      sut.markFailed(head.id, { ...outcome, httpStatus: 400, error: 'HTTP 400' }, true);
      expect(sut.due(500, 10).map((a) => a.eventId)).toEqual([2]);
    });

    it('should not offer a claimed alert again until its claim runs out', () => {
      enqueue(1, 1, 'webhook');
      const [head] = sut.due(0, 10);
      sut.reschedule(head.id, 15_000);
      expect(sut.due(1000, 10)).toEqual([]);
      expect(sut.due(15_000, 10)).toHaveLength(1);
    });
  });

  it('should write one row per event and destination', () => {
    enqueue(1, 1, 'webhook');
    enqueue(1, 1, 'webhook');
    expect(sut.countsByDestinationAndStatus()).toEqual([{ destination: 'webhook', status: 'pending', count: 1 }]);
  });

  it('should count rows by destination and status', () => {
    enqueue(1, 1, 'webhook');
    enqueue(2, 2, 'webhook');
    enqueue(1, 1, 'slack');
    const [first] = sut.due(0, 1);
    sut.markDelivered(first.id, { nowMs: 5, httpStatus: 200, error: null });
    expect(sut.countsByDestinationAndStatus()).toEqual([
      { destination: 'slack', status: 'pending', count: 1 },
      { destination: 'webhook', status: 'delivered', count: 1 },
      { destination: 'webhook', status: 'pending', count: 1 },
    ]);
  });

  it('should find the event that opened the episode a resolve closes', () => {
    const opened = event(1, 'STABLE', 'DRIFT_DETECTED');
    event(2, 'STABLE', 'DRIFT_DETECTED');
    const closed = event(1, 'DRIFT_DETECTED', 'STABLE');
    expect(sut.openingEventId(1, closed)).toBe(opened);
    expect(sut.openingEventId(1, opened)).toBeUndefined();
  });

  it('should pair a resolve with the opening of its own endpoint, not another endpoint of the service', () => {
    const onEndpoint = (id: number, endpoint: string | null) => db.raw.prepare('UPDATE drift_events SET endpoint = ? WHERE id = ?').run(endpoint, id);
    const payOpened = event(1, 'STABLE', 'DRIFT_DETECTED');
    onEndpoint(payOpened, 'POST /pay');
    const cartOpened = event(1, 'STABLE', 'DRIFT_DETECTED');
    onEndpoint(cartOpened, 'GET /cart');
    const payClosed = event(1, 'DRIFT_DETECTED', 'STABLE');
    onEndpoint(payClosed, 'POST /pay');
    expect(sut.openingEventId(1, payClosed)).toBe(payOpened);
  });

  it('should give up pending alerts of a destination no longer configured', () => {
    enqueue(1, 1, 'webhook');
    enqueue(1, 1, 'slack');
    expect(sut.failPendingExcept(['webhook'], (d) => `no ${d}`)).toBe(1);
    expect(sut.list({ status: 'failed', limit: 10 })).toMatchObject([{ destination: 'slack', lastError: 'no slack', serviceName: 'a' }]);
  });

  it('should delete settled rows older than the cutoff and keep pending ones', () => {
    enqueue(1, 1, 'webhook', 0);
    enqueue(2, 2, 'webhook', 0);
    const [first] = sut.due(0, 1);
    sut.markDelivered(first.id, { nowMs: 5, httpStatus: 200, error: null });
    expect(sut.deleteFinishedOlderThan(100, 10)).toBe(1);
    expect(sut.list({ limit: 10 }).map((r) => r.status)).toEqual(['pending']);
  });
});
