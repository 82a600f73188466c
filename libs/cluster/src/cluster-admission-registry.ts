import type { DriftConfig } from '@app/config';
import type { AdmissionRegistry } from '@app/ingestion';
import type { Pool } from 'pg';
import { partitionOf } from './partition-of';

/** How long a service's newest timestamp read from the store is trusted before it is read again. */
export const STORE_REFRESH_MS = 1000;

interface Known {
  newestAcceptedMs: number;
  /** When the store was last read for it (ms). */
  readAtMs: number;
}

/**
 * The services' state ServiceAdmission (the embedded mode's order and fleet checks) needs, in
 * cluster mode. Per service: the newest sample time the store knows (scored samples, and records
 * still waiting in the log from any process), read on the service's first sample here and again at
 * most every STORE_REFRESH_MS, raised by every sample this process appends. The fleet size: services
 * in the store plus distinct services waiting in the log that have no row yet, read when a request
 * names a service this process does not know, plus this process's new services still being appended.
 * `prepare` reads what a request needs; ServiceAdmission's check and apply then run synchronously.
 */
export class ClusterAdmissionRegistry implements AdmissionRegistry {
  private readonly known = new Map<string, Known>();
  private readonly reservations = new Map<string, { holders: number; newestAcceptedMs: number }>();
  /** Set by prepare() right before a check: services in the store and new ones waiting in the log. */
  private storeCount = 0;

  constructor(
    private readonly pool: Pool,
    private readonly config: Pick<DriftConfig, 'clusterPartitions'>,
  ) {}

  get committedAndQueuedCount(): number {
    return this.storeCount + this.reservations.size;
  }

  find(name: string): { newestAcceptedMs: number } | undefined {
    return this.known.get(name);
  }

  reservedNewest(name: string): number | undefined {
    return this.reservations.get(name)?.newestAcceptedMs;
  }

  reserve(name: string, newestAcceptedMs: number): void {
    const r = this.reservations.get(name);
    if (r) {
      r.holders++;
      r.newestAcceptedMs = Math.max(r.newestAcceptedMs, newestAcceptedMs);
    } else this.reservations.set(name, { holders: 1, newestAcceptedMs });
  }

  release(name: string): void {
    const r = this.reservations.get(name);
    if (r && --r.holders <= 0) this.reservations.delete(name);
  }

  /** The samples of a reserved (new) service are in the log now: it is a known service from here on. */
  appended(name: string, newestMs: number, nowMs = Date.now()): void {
    const k = this.known.get(name);
    if (k) k.newestAcceptedMs = Math.max(k.newestAcceptedMs, newestMs);
    else this.known.set(name, { newestAcceptedMs: newestMs, readAtMs: nowMs });
  }

  /**
   * Reads the store for the services a request names that this process does not know or has not
   * read for STORE_REFRESH_MS, and, if any of them is new, the fleet size. Call it right before
   * ServiceAdmission.check, with no await between them.
   */
  async prepare(names: Iterable<string>, nowMs = Date.now()): Promise<void> {
    const stale: string[] = [];
    for (const name of new Set(names)) {
      const k = this.known.get(name);
      if (this.reservations.has(name) && !k) continue;
      if (!k) stale.push(name);
      else if (nowMs - k.readAtMs >= STORE_REFRESH_MS) {
        // Marked read now: the requests that arrive while this read runs use the value known so far.
        k.readAtMs = nowMs;
        stale.push(name);
      }
    }
    if (stale.length === 0) return;
    const partitions = [...new Set(stale.map((n) => partitionOf(n, this.config.clusterPartitions)))];
    // The newest scored sample, and the newest record still waiting in the log (its partition only: the key's prefix).
    const rows = await this.pool.query<{ name: string; newest: number | null }>(
      `SELECT name, max(newest) AS newest FROM (
         SELECT s.name, (SELECT max(t.ts) FROM telemetry t WHERE t.service_id = s.id) AS newest FROM services s WHERE s.name = ANY($1::text[])
         UNION ALL
         SELECT l.service_name, max(l.ts) FROM dw_log l WHERE l.partition = ANY($2::int[]) AND l.kind = 0 AND l.service_name = ANY($1::text[]) GROUP BY l.service_name
       ) x GROUP BY name`,
      [stale, partitions],
    );
    for (const row of rows.rows) {
      const stored = row.newest ?? -Infinity;
      const k = this.known.get(row.name);
      if (k) {
        k.newestAcceptedMs = Math.max(k.newestAcceptedMs, stored);
        k.readAtMs = nowMs;
      } else this.known.set(row.name, { newestAcceptedMs: stored, readAtMs: nowMs });
    }
    const unknown = stale.some((n) => !this.known.has(n) && !this.reservations.has(n));
    if (!unknown) return;
    const count = await this.pool.query<{ n: number }>(
      `SELECT (SELECT count(*) FROM services)
            + (SELECT count(DISTINCT l.service_name) FROM dw_log l WHERE l.kind = 0 AND NOT EXISTS (SELECT 1 FROM services s WHERE s.name = l.service_name)) AS n`,
    );
    this.storeCount = Number(count.rows[0].n);
  }
}
