import { MigrationInterface, QueryRunner } from 'typeorm';

/** Deployment markers, and the deployment a drift event is attributed to. */
export class Deployments1765000000001 implements MigrationInterface {
  name = 'Deployments1765000000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "deployments" (
      "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
      "service_name" TEXT NOT NULL,
      "version" TEXT NOT NULL,
      "ts" INTEGER NOT NULL,
      "created_at" INTEGER NOT NULL
    )`);
    await queryRunner.query(`CREATE INDEX "idx_deployments_service_ts" ON "deployments" ("service_name", "ts")`);
    await queryRunner.query(`ALTER TABLE "drift_events" ADD COLUMN "deployment_id" INTEGER`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "drift_events" DROP COLUMN "deployment_id"`);
    await queryRunner.query(`DROP TABLE "deployments"`);
  }
}
