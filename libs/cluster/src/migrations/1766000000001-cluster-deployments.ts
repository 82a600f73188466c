import { MigrationInterface, QueryRunner } from 'typeorm';

/** Deployment markers in cluster mode, as in the embedded schema (keyed by service name, not id). */
export class ClusterDeployments1766000000001 implements MigrationInterface {
  name = 'ClusterDeployments1766000000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "deployments" (
      "id" bigserial PRIMARY KEY,
      "service_name" text NOT NULL,
      "version" text NOT NULL,
      "ts" bigint NOT NULL,
      "created_at" bigint NOT NULL
    )`);
    await q.query(`CREATE INDEX "idx_deployments_service_ts" ON "deployments" ("service_name", "ts", "id")`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "deployments"`);
  }
}
