import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * When the sample behind a drift event reached DriftWatch (ms), next to its sample time `ts`: a
 * late sample's event shows both. Events recorded before this migration have NULL (unknown).
 */
export class EventReceivedAt1765100000001 implements MigrationInterface {
  name = 'EventReceivedAt1765100000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "drift_events" ADD COLUMN "received_at" INTEGER`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "drift_events" DROP COLUMN "received_at"`);
  }
}
