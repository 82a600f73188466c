import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The cluster store on PostgreSQL: the partitioned sample log with its heads and scoring cursors,
 * the lease history, and the same services / telemetry / drift_events / alert_outbox tables the
 * embedded SQLite schema has (bigint milliseconds, as there). Telemetry rows carry the log position
 * they were scored from (unique: a record can never be stored twice) and the lease epoch that
 * scored them (the audit behind "never two owners").
 */
export class ClusterSchema1766000000000 implements MigrationInterface {
  name = 'ClusterSchema1766000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "dw_cluster_meta" ("key" text PRIMARY KEY, "value" text NOT NULL)`);
    // Appenders lock a partition's row to take offsets, so a partition's offsets commit in order.
    await q.query(`CREATE TABLE "dw_partitions" ("partition" integer PRIMARY KEY, "head" bigint NOT NULL DEFAULT 0)`);
    // Separate from the heads: the owner's cursor update never waits for an appender's lock.
    await q.query(`CREATE TABLE "dw_cursors" (
      "partition" integer PRIMARY KEY,
      "scored_offset" bigint NOT NULL DEFAULT 0,
      "scored_through" bigint,
      "epoch" bigint NOT NULL DEFAULT 0,
      "owner" text,
      "updated_at" bigint
    )`);
    await q.query(`CREATE TABLE "dw_log" (
      "partition" integer NOT NULL,
      "log_offset" bigint NOT NULL,
      "kind" smallint NOT NULL,
      "service_name" text NOT NULL,
      "ts" bigint NOT NULL,
      "latency_ms" double precision NOT NULL,
      "payload_kb" double precision,
      "appended_at" bigint NOT NULL,
      PRIMARY KEY ("partition", "log_offset")
    )`);
    await q.query(`CREATE SEQUENCE "dw_lease_epoch"`);
    await q.query(`CREATE TABLE "dw_lease_history" (
      "epoch" bigint PRIMARY KEY,
      "partition" integer NOT NULL,
      "owner" text NOT NULL,
      "backend_pid" integer NOT NULL,
      "acquired_at" bigint NOT NULL,
      "released_at" bigint
    )`);
    await q.query(`CREATE INDEX "idx_dw_lease_history_partition" ON "dw_lease_history" ("partition", "epoch")`);
    await q.query(`CREATE TABLE "services" (
      "id" serial PRIMARY KEY,
      "name" text NOT NULL UNIQUE,
      "partition" integer NOT NULL,
      "state" text NOT NULL,
      "sample_count" bigint NOT NULL DEFAULT 0,
      "transition_at" bigint,
      "detector" text NOT NULL,
      "created_at" bigint NOT NULL,
      "updated_at" bigint NOT NULL
    )`);
    await q.query(`CREATE TABLE "telemetry" (
      "service_id" integer NOT NULL,
      "seq" bigint NOT NULL,
      "ts" bigint NOT NULL,
      "latency_ms" double precision NOT NULL,
      "payload_kb" double precision,
      "baseline" boolean NOT NULL,
      "log_partition" integer NOT NULL,
      "log_offset" bigint NOT NULL,
      "epoch" bigint NOT NULL,
      PRIMARY KEY ("service_id", "seq"),
      UNIQUE ("log_partition", "log_offset")
    )`);
    await q.query(`CREATE INDEX "idx_telemetry_service_ts" ON "telemetry" ("service_id", "ts")`);
    await q.query(`CREATE TABLE "drift_events" (
      "id" bigserial PRIMARY KEY,
      "service_id" integer NOT NULL,
      "ts" bigint NOT NULL,
      "seq" bigint,
      "from_state" text NOT NULL,
      "to_state" text NOT NULL,
      "reason" text NOT NULL,
      "metric" text,
      "count" integer NOT NULL,
      "max_zscore" double precision,
      "z_latency" double precision,
      "z_payload" double precision,
      "cusum" double precision,
      "baseline" text,
      "deployment_id" integer
    )`);
    await q.query(`CREATE INDEX "idx_drift_events_service_ts" ON "drift_events" ("service_id", "ts")`);
    await q.query(`CREATE INDEX "idx_drift_events_ts" ON "drift_events" ("ts", "id")`);
    await q.query(`CREATE TABLE "alert_outbox" (
      "id" bigserial PRIMARY KEY,
      "event_id" bigint NOT NULL,
      "service_id" integer NOT NULL,
      "destination" text NOT NULL,
      "type" text NOT NULL,
      "episode_event_id" bigint NOT NULL,
      "status" text NOT NULL,
      "attempts" integer NOT NULL,
      "created_at" bigint NOT NULL,
      "next_attempt_at" bigint NOT NULL,
      "last_attempt_at" bigint,
      "delivered_at" bigint,
      "last_status" integer,
      "last_error" text,
      UNIQUE ("event_id", "destination")
    )`);
    await q.query(`CREATE INDEX "idx_alert_outbox_due" ON "alert_outbox" ("status", "next_attempt_at")`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['alert_outbox', 'drift_events', 'telemetry', 'services', 'dw_lease_history', 'dw_log', 'dw_cursors', 'dw_partitions', 'dw_cluster_meta']) {
      await q.query(`DROP TABLE "${table}"`);
    }
    await q.query(`DROP SEQUENCE "dw_lease_epoch"`);
  }
}
