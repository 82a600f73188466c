import { Injectable } from '@nestjs/common';
import type { Statement } from 'better-sqlite3';
import { SqliteDatabase } from './sqlite-database';

export interface IdempotencyRow {
  key: string;
  /** Hash of route and body: the same key with another request is a conflict. */
  fingerprint: string;
  status: number;
  /** The answer's JSON body, replayed as it was. */
  response: string;
  createdAt: number;
}

@Injectable()
export class IdempotencyRepository {
  private findStatement?: Statement;
  private saveStatement?: Statement;

  constructor(private readonly db: SqliteDatabase) {}

  /** The record of `key` written at or after `notBeforeMs` (an older one has expired). */
  find(key: string, notBeforeMs: number): IdempotencyRow | undefined {
    this.findStatement ??= this.db.raw.prepare(
      'SELECT key, fingerprint, status, response, created_at AS createdAt FROM idempotency_keys WHERE key = ? AND created_at >= ?',
    );
    return this.findStatement.get(key, notBeforeMs) as IdempotencyRow | undefined;
  }

  /** Must run inside the transaction that stored the request's samples. Replaces an expired record. */
  save(row: IdempotencyRow): void {
    this.saveStatement ??= this.db.raw.prepare(
      'INSERT OR REPLACE INTO idempotency_keys (key, fingerprint, status, response, created_at) VALUES (?, ?, ?, ?, ?)',
    );
    this.saveStatement.run(row.key, row.fingerprint, row.status, row.response, row.createdAt);
  }

  /** Deletes at most `limit` records written before `cutoffMs`; returns how many. */
  deleteOlderThan(cutoffMs: number, limit: number): number {
    return this.db.raw
      .prepare('DELETE FROM idempotency_keys WHERE key IN (SELECT key FROM idempotency_keys WHERE created_at < ? LIMIT ?)')
      .run(cutoffMs, limit).changes;
  }
}
