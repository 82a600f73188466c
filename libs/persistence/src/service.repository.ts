import { Injectable } from '@nestjs/common';
import type { Statement } from 'better-sqlite3';
import { SqliteDatabase } from './sqlite-database';

export interface ServiceRow {
  id: number;
  name: string;
  state: string;
  sampleCount: number;
  transitionAt: number | null;
  detector: string;
}

@Injectable()
export class ServiceRepository {
  private insertStatement?: Statement;
  private updateStatement?: Statement;

  constructor(private readonly db: SqliteDatabase) {}

  loadAll(): ServiceRow[] {
    return this.db.raw
      .prepare(
        'SELECT id, name, state, sample_count AS sampleCount, transition_at AS transitionAt, detector FROM services ORDER BY id',
      )
      .all() as ServiceRow[];
  }

  /** Creates a service row and returns its id. Must run inside a transaction. */
  insert(name: string, state: string, detector: string, nowMs: number): number {
    this.insertStatement ??= this.db.raw.prepare(
      'INSERT INTO services (name, state, sample_count, transition_at, detector, created_at, updated_at) VALUES (?, ?, 0, NULL, ?, ?, ?)',
    );
    return Number(this.insertStatement.run(name, state, detector, nowMs, nowMs).lastInsertRowid);
  }

  /** Persists a detector's state. Must run inside the transaction that stored its samples. */
  saveState(id: number, state: string, sampleCount: number, transitionAt: number | null, detector: string, nowMs: number): void {
    this.updateStatement ??= this.db.raw.prepare(
      'UPDATE services SET state = ?, sample_count = ?, transition_at = ?, detector = ?, updated_at = ? WHERE id = ?',
    );
    this.updateStatement.run(state, sampleCount, transitionAt, detector, nowMs, id);
  }
}
