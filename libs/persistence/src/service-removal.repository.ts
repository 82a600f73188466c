import { Injectable } from '@nestjs/common';
import { SqliteDatabase } from './sqlite-database';

/** What a service deletion removed, row counts per table. */
export interface RemovedRows {
  samples: number;
  /** Its per-minute aggregates (the dashboard's read-back). */
  minutes: number;
  events: number;
  deployments: number;
  alerts: number;
  /** Its endpoint detectors' rows (their samples and events are among the service's). */
  endpoints: number;
}

/**
 * Deletes everything stored about one service: its samples and their per-minute rollup, drift events, deployment markers, alert
 * deliveries (pending ones too: their events are gone), its endpoints' rows and its row. Must run inside the ingestion
 * worker's transaction, so it is ordered with the service's queued samples.
 */
@Injectable()
export class ServiceRemovalRepository {
  constructor(private readonly db: SqliteDatabase) {}

  remove(serviceId: number, serviceName: string): RemovedRows {
    const db = this.db.raw;
    this.db.telemetryChanged();
    const removed: RemovedRows = {
      samples: db.prepare('DELETE FROM telemetry WHERE service_id = ?').run(serviceId).changes,
      minutes: db.prepare('DELETE FROM telemetry_rollup WHERE service_id = ?').run(serviceId).changes,
      alerts: db.prepare('DELETE FROM alert_outbox WHERE service_id = ?').run(serviceId).changes,
      events: db.prepare('DELETE FROM drift_events WHERE service_id = ?').run(serviceId).changes,
      deployments: db.prepare('DELETE FROM deployments WHERE service_name = ?').run(serviceName).changes,
      endpoints: db.prepare('DELETE FROM endpoints WHERE service_id = ?').run(serviceId).changes,
    };
    db.prepare('DELETE FROM services WHERE id = ?').run(serviceId);
    return removed;
  }
}
