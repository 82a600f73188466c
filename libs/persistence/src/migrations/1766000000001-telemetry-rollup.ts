import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Per-service, per-minute aggregates of telemetry (count, min, sum, max of each metric), kept in the
 * same transaction as the samples. A week of one service at 10 samples/s is 6 M rows, which SQLite
 * aggregates in seconds; the same week is 10 080 rollup rows. The backfill makes an existing
 * database's history readable at once (one pass over the table).
 */
export class TelemetryRollup1766000000001 implements MigrationInterface {
  name = 'TelemetryRollup1766000000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "telemetry_rollup" (
      "service_id" INTEGER NOT NULL,
      "minute" INTEGER NOT NULL,
      "n" INTEGER NOT NULL,
      "latency_min" REAL NOT NULL,
      "latency_sum" REAL NOT NULL,
      "latency_max" REAL NOT NULL,
      "payload_n" INTEGER NOT NULL,
      "payload_min" REAL,
      "payload_sum" REAL NOT NULL,
      "payload_max" REAL,
      PRIMARY KEY ("service_id", "minute")
    ) WITHOUT ROWID`);
    await queryRunner.query(
      `INSERT INTO "telemetry_rollup"
       SELECT "service_id", "ts" / 60000, COUNT(*), MIN("latency_ms"), SUM("latency_ms"), MAX("latency_ms"),
              COUNT("payload_kb"), MIN("payload_kb"), COALESCE(SUM("payload_kb"), 0), MAX("payload_kb")
       FROM "telemetry" GROUP BY "service_id", "ts" / 60000`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "telemetry_rollup"`);
  }
}
