import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Idempotency-Key records in cluster mode: written in the transaction that appends the request's
 * samples to the log (so a key exists if and only if its samples do), shared by every process.
 */
export class ClusterIdempotency1766000000002 implements MigrationInterface {
  name = 'ClusterIdempotency1766000000002';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "dw_idempotency_keys" (
      "key" text PRIMARY KEY,
      "fingerprint" text NOT NULL,
      "status" integer NOT NULL,
      "response" text NOT NULL,
      "created_at" bigint NOT NULL
    )`);
    await q.query(`CREATE INDEX "idx_dw_idempotency_keys_created" ON "dw_idempotency_keys" ("created_at")`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "dw_idempotency_keys"`);
  }
}
