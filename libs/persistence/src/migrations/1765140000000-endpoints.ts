import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Per-endpoint baselines (issue 14). A sample may name its endpoint: the telemetry row keeps it
 * as `endpoint_id` (NULL: no endpoint, every row written before this migration), each
 * (service, endpoint) has its own row of detector state in `endpoints`, and a drift event says
 * which endpoint it is about. Adding nullable columns leaves existing rows untouched, so this
 * is instant on any database size.
 */
export class Endpoints1765140000000 implements MigrationInterface {
  name = 'Endpoints1765140000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "endpoints" (
      "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
      "service_id" INTEGER NOT NULL,
      "name" TEXT NOT NULL,
      "state" TEXT NOT NULL,
      "sample_count" INTEGER NOT NULL DEFAULT 0,
      "transition_at" INTEGER,
      "detector" TEXT NOT NULL,
      "created_at" INTEGER NOT NULL,
      "updated_at" INTEGER NOT NULL,
      CONSTRAINT "uq_endpoints_service_name" UNIQUE ("service_id", "name")
    )`);
    await queryRunner.query(`ALTER TABLE "telemetry" ADD COLUMN "endpoint_id" INTEGER`);
    await queryRunner.query(`ALTER TABLE "drift_events" ADD COLUMN "endpoint" TEXT`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "drift_events" DROP COLUMN "endpoint"`);
    await queryRunner.query(`ALTER TABLE "telemetry" DROP COLUMN "endpoint_id"`);
    await queryRunner.query(`DROP TABLE "endpoints"`);
  }
}
