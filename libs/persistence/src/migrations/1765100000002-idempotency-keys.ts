import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Idempotency-Key records of the telemetry routes: the first answer to a key, written in the
 * transaction of its samples. `created_at` is what expiry (IDEMPOTENCY_TTL_HOURS) and pruning read.
 */
export class IdempotencyKeys1765100000002 implements MigrationInterface {
  name = 'IdempotencyKeys1765100000002';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "idempotency_keys" (
      "key" TEXT PRIMARY KEY NOT NULL,
      "fingerprint" TEXT NOT NULL,
      "status" INTEGER NOT NULL,
      "response" TEXT NOT NULL,
      "created_at" INTEGER NOT NULL
    )`);
    await queryRunner.query(`CREATE INDEX "idx_idempotency_keys_created_at" ON "idempotency_keys" ("created_at")`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "idempotency_keys"`);
  }
}
