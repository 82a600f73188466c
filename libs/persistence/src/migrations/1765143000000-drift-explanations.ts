import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Each drift onset stores its explanation as decided at the onset (kind, hints, and the reference
 * summary the read-time refinement compares the episode with). Older events keep NULL: they are
 * explained at read time from their stored samples, when those still exist.
 */
export class DriftExplanations1765143000000 implements MigrationInterface {
  name = 'DriftExplanations1765143000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "drift_events" ADD COLUMN "explanation" TEXT`);
    // GET /v1/incidents and the concurrent hint read onsets by time across services.
    await queryRunner.query(`CREATE INDEX "idx_drift_events_to_state_ts" ON "drift_events" ("to_state", "ts")`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "idx_drift_events_to_state_ts"`);
    await queryRunner.query(`ALTER TABLE "drift_events" DROP COLUMN "explanation"`);
  }
}
