import { MigrationInterface, QueryRunner } from 'typeorm';

export class AlertOutbox1765000000002 implements MigrationInterface {
  name = 'AlertOutbox1765000000002';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "alert_outbox" (
      "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
      "event_id" INTEGER NOT NULL,
      "service_id" INTEGER NOT NULL,
      "destination" TEXT NOT NULL,
      "type" TEXT NOT NULL,
      "episode_event_id" INTEGER NOT NULL,
      "status" TEXT NOT NULL,
      "attempts" INTEGER NOT NULL,
      "created_at" INTEGER NOT NULL,
      "next_attempt_at" INTEGER NOT NULL,
      "last_attempt_at" INTEGER,
      "delivered_at" INTEGER,
      "last_status" INTEGER,
      "last_error" TEXT
    )`);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_alert_outbox_event_destination" ON "alert_outbox" ("event_id", "destination")`);
    // The worker scans pending rows (few) through idx_alert_outbox_status_id; this partial index
    // answers "is an older alert of this service still pending for this destination?".
    await queryRunner.query(
      `CREATE INDEX "idx_alert_outbox_pending_order" ON "alert_outbox" ("destination", "service_id", "id") WHERE status = 'pending'`,
    );
    await queryRunner.query(`CREATE INDEX "idx_alert_outbox_status_id" ON "alert_outbox" ("status", "id")`);
    await queryRunner.query(`CREATE INDEX "idx_alert_outbox_service_id" ON "alert_outbox" ("service_id", "id")`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "alert_outbox"`);
  }
}
