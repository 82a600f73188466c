import type { StoredIdempotencyKey } from '@app/ingestion';
import type { Pool } from 'pg';

/**
 * The Idempotency-Key records in cluster mode (dw_idempotency_keys), shared by every process:
 * PgSampleLog writes them with the samples, this looks them up, ClusterRetention prunes them.
 */
export class PgIdempotencyKeys {
  constructor(private readonly pool: Pool) {}

  async find(key: string, notBeforeMs: number): Promise<StoredIdempotencyKey | undefined> {
    const r = await this.pool.query<StoredIdempotencyKey>('SELECT fingerprint, response FROM dw_idempotency_keys WHERE key = $1 AND created_at >= $2', [key, notBeforeMs]);
    return r.rows[0];
  }

}
