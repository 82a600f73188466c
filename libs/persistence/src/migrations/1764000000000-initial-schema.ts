import { MigrationInterface, QueryRunner } from 'typeorm';

export class InitialSchema1764000000000 implements MigrationInterface {
  name = 'InitialSchema1764000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "services" (
      "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
      "name" TEXT NOT NULL UNIQUE,
      "state" TEXT NOT NULL,
      "sample_count" INTEGER NOT NULL DEFAULT 0,
      "transition_at" INTEGER,
      "detector" TEXT NOT NULL,
      "created_at" INTEGER NOT NULL,
      "updated_at" INTEGER NOT NULL
    )`);
    await queryRunner.query(`CREATE TABLE "telemetry" (
      "service_id" INTEGER NOT NULL,
      "seq" INTEGER NOT NULL,
      "ts" INTEGER NOT NULL,
      "latency_ms" REAL NOT NULL,
      "payload_kb" REAL NOT NULL,
      "baseline" INTEGER NOT NULL,
      PRIMARY KEY ("service_id", "seq")
    ) WITHOUT ROWID`);
    await queryRunner.query(`CREATE TABLE "drift_events" (
      "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
      "service_id" INTEGER NOT NULL,
      "ts" INTEGER NOT NULL,
      "seq" INTEGER,
      "from_state" TEXT NOT NULL,
      "to_state" TEXT NOT NULL,
      "reason" TEXT NOT NULL,
      "metric" TEXT,
      "count" INTEGER NOT NULL,
      "max_zscore" REAL,
      "z_latency" REAL,
      "z_payload" REAL,
      "cusum" REAL,
      "baseline" TEXT
    )`);
    await queryRunner.query(`CREATE INDEX "idx_drift_events_service_ts" ON "drift_events" ("service_id", "ts")`);
    await queryRunner.query(`CREATE INDEX "idx_drift_events_ts" ON "drift_events" ("ts")`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "drift_events"`);
    await queryRunner.query(`DROP TABLE "telemetry"`);
    await queryRunner.query(`DROP TABLE "services"`);
  }
}
