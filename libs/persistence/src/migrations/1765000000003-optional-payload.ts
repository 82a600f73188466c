import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `payload_kb` becomes optional (latency-only services store NULL). SQLite cannot drop a NOT NULL
 * constraint in place, so the table is rebuilt (SQLite's documented 12-step procedure, inside the
 * migration's transaction): same columns, same WITHOUT ROWID primary key, which is the table's only
 * index. It copies every row once; on a 10 M-row database that takes a few tens of seconds.
 */
export class OptionalPayload1765000000003 implements MigrationInterface {
  name = 'OptionalPayload1765000000003';

  async up(queryRunner: QueryRunner): Promise<void> {
    await this.rebuild(queryRunner, 'REAL', '"payload_kb"');
  }

  /** Back to NOT NULL: a missing payload becomes 0, what a latency-only client used to invent. */
  async down(queryRunner: QueryRunner): Promise<void> {
    await this.rebuild(queryRunner, 'REAL NOT NULL', 'COALESCE("payload_kb", 0)');
  }

  private async rebuild(queryRunner: QueryRunner, payloadType: string, payloadValue: string): Promise<void> {
    await queryRunner.query(`CREATE TABLE "telemetry_rebuild" (
      "service_id" INTEGER NOT NULL,
      "seq" INTEGER NOT NULL,
      "ts" INTEGER NOT NULL,
      "latency_ms" REAL NOT NULL,
      "payload_kb" ${payloadType},
      "baseline" INTEGER NOT NULL,
      PRIMARY KEY ("service_id", "seq")
    ) WITHOUT ROWID`);
    await queryRunner.query(
      `INSERT INTO "telemetry_rebuild" ("service_id", "seq", "ts", "latency_ms", "payload_kb", "baseline")
       SELECT "service_id", "seq", "ts", "latency_ms", ${payloadValue}, "baseline" FROM "telemetry"`,
    );
    await queryRunner.query(`DROP TABLE "telemetry"`);
    await queryRunner.query(`ALTER TABLE "telemetry_rebuild" RENAME TO "telemetry"`);
  }
}
