import { DRIFT_CONFIG, DriftConfig } from '@app/config';
import { ServiceRepository, ServiceSummaryRow, TelemetryRepository } from '@app/persistence';
import { SnapshotCalculator } from '@app/statistics';
import { Inject, Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { DETECTOR_STATE_VERSION, HealthState, parseDetectorState, ServiceDetector } from './engine';
import { DetectorHost, MonitoredService, ServiceSummary, summaryOf } from './monitored-service';
import { UnknownServiceError } from './unknown-service.error';

/** A service whose first samples are accepted but not yet committed (it has no row yet). */
interface Reservation {
  /** Requests holding it; the last one to settle without creating the service frees it. */
  holders: number;
  newestAcceptedMs: number;
}

/**
 * Owner of every service's detector. At start-up it reads every service's stored state; a
 * detector (and its window) is loaded on the service's first use and unloaded again once it has
 * been idle DETECTOR_IDLE_SECONDS, or when more than MAX_LOADED_DETECTORS are loaded (least
 * recently used first), so memory follows the active services, not every id ever seen. The
 * ingestion worker is the only writer: it persists each touched detector in the transaction of its
 * samples, and unloads only between transactions, so a reload continues exactly where it stopped.
 */
@Injectable()
export class DetectorRegistry implements OnModuleInit, OnModuleDestroy, DetectorHost {
  private readonly logger = new Logger(DetectorRegistry.name);
  private readonly services = new Map<string, MonitoredService>();
  /** Loaded services, least recently used first (a Set iterates in insertion order). */
  private readonly loaded = new Set<MonitoredService>();
  private readonly reservations = new Map<string, Reservation>();
  private readonly calculator: SnapshotCalculator;
  private sweeper?: NodeJS.Timeout;
  /** Detectors unloaded since start (idle or over the cap). */
  unloadedTotal = 0;

  constructor(
    @Inject(DRIFT_CONFIG) private readonly config: DriftConfig,
    private readonly serviceRepository: ServiceRepository,
    private readonly telemetryRepository: TelemetryRepository,
  ) {
    this.calculator = new SnapshotCalculator(config.baselineWindowSize);
  }

  onModuleInit(): void {
    const started = Date.now();
    for (const row of this.serviceRepository.loadSummaries()) {
      const summary = summaryFromRow(row);
      const service = summary
        ? new MonitoredService(row.id, row.name, summary, this)
        : this.stored(row.id, row.name, this.serviceRepository.loadDetector(row.id));
      this.services.set(row.name, service);
    }
    if (this.services.size > 0) {
      this.logger.log(`Restored ${this.services.size} service(s) in ${Date.now() - started} ms`);
    }
    // A detector idles between one and two DETECTOR_IDLE_SECONDS before this sweep unloads it.
    this.sweeper = setInterval(() => this.unloadIdle(Date.now()), this.config.detectorIdleSeconds * 1000);
    this.sweeper.unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.sweeper);
  }

  get size(): number {
    return this.services.size;
  }

  /** Services counted against MAX_SERVICES: the known ones and those whose first samples are queued. */
  get committedAndQueuedCount(): number {
    return this.services.size + this.reservations.size;
  }

  /** Services whose detector (and window) is in memory; the others are loaded on use. */
  get loadedCount(): number {
    return this.loaded.size;
  }

  find(name: string): MonitoredService | undefined {
    return this.services.get(name);
  }

  get(name: string): MonitoredService {
    const service = this.services.get(name);
    if (!service) throw new UnknownServiceError(name);
    return service;
  }

  all(): IterableIterator<MonitoredService> {
    return this.services.values();
  }

  /** Newest accepted sample time of a new service whose first samples are queued (undefined: none). */
  reservedNewest(name: string): number | undefined {
    return this.reservations.get(name)?.newestAcceptedMs;
  }

  /** Holds a place (under MAX_SERVICES) for a new service until its samples commit or fail. */
  reserve(name: string, newestAcceptedMs: number): void {
    const r = this.reservations.get(name);
    if (r) {
      r.holders++;
      r.newestAcceptedMs = Math.max(r.newestAcceptedMs, newestAcceptedMs);
    } else this.reservations.set(name, { holders: 1, newestAcceptedMs });
  }

  /** A request that reserved `name` has settled (its service exists now, or its commit failed). */
  release(name: string): void {
    const r = this.reservations.get(name);
    if (r && --r.holders <= 0) this.reservations.delete(name);
  }

  /** Returns the service, creating its row first. Must run inside the ingest transaction. */
  findOrCreate(name: string, nowMs: number): MonitoredService {
    let service = this.services.get(name);
    if (!service) {
      const detector = new ServiceDetector(this.config, this.calculator);
      const id = this.serviceRepository.insert(name, detector.state, JSON.stringify(detector.exportState()), nowMs);
      service = new MonitoredService(id, name, detector, this);
      const reservation = this.reservations.get(name);
      if (reservation) {
        service.newestAcceptedMs = reservation.newestAcceptedMs;
        this.reservations.delete(name);
      }
      this.services.set(name, service);
      this.touched(service);
    }
    return service;
  }

  /** Forgets a service; must run inside the transaction that deletes its rows (resync undoes it). */
  remove(service: MonitoredService): void {
    this.services.delete(service.name);
    this.loaded.delete(service);
  }

  /** Stores a detector's state; must run inside the transaction that stored its samples. */
  persist(service: MonitoredService, nowMs: number): void {
    const d = service.detector;
    this.serviceRepository.saveState(service.id, d.state, d.sampleCount, d.transitionTime, JSON.stringify(d.exportState()), nowMs);
  }

  /**
   * After a failed transaction the in-memory detectors ran ahead of the database: rebuild the
   * touched ones from what is committed (and forget services whose creation rolled back).
   */
  resync(names: Iterable<string>): void {
    const rows = new Map(this.serviceRepository.loadAll().map((row) => [row.name, row]));
    for (const name of names) {
      const previous = this.services.get(name);
      if (previous) this.loaded.delete(previous);
      const row = rows.get(name);
      if (!row) this.services.delete(name);
      else this.services.set(name, this.stored(row.id, name, row.detector));
    }
  }

  /**
   * Unloads detectors idle longer than DETECTOR_IDLE_SECONDS, and the least recently used ones
   * beyond MAX_LOADED_DETECTORS. Call only between transactions (the stored state is then current).
   * Costs one step per detector unloaded, plus one.
   */
  unloadIdle(nowMs: number): number {
    const idleBefore = nowMs - this.config.detectorIdleSeconds * 1000;
    let n = 0;
    for (const service of this.loaded) {
      if (this.loaded.size <= this.config.maxLoadedDetectors && service.lastUsedMs >= idleBefore) break;
      service.unload();
      this.loaded.delete(service);
      n++;
    }
    this.unloadedTotal += n;
    return n;
  }

  /** DetectorHost: a service was used; it moves to the most recently used end. */
  touched(service: MonitoredService): void {
    const now = Date.now();
    // Within one millisecond (most samples of a group commit) the order cannot change.
    if (service.lastUsedMs === now && this.loaded.has(service)) return;
    service.lastUsedMs = now;
    this.loaded.delete(service);
    this.loaded.add(service);
  }

  /** DetectorHost: rebuilds a detector from its stored state and its window's samples. */
  load(service: MonitoredService): ServiceDetector {
    const state = parseDetectorState(this.serviceRepository.loadDetector(service.id));
    const window = state.windowFrontSeq === null ? [] : this.telemetryRepository.loadWindow(service.id, state.windowFrontSeq);
    return ServiceDetector.restore(this.config, state, window, this.calculator);
  }

  /** A stored state is validated (and migrated from an older version) before anything reads it. */
  private stored(id: number, name: string, json: string): MonitoredService {
    return new MonitoredService(id, name, summaryOf(parseDetectorState(json)), this);
  }
}

const STATES = new Set<string>(Object.values(HealthState));
const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0;
const isTimeOrNull = (v: unknown): v is number | null => v === null || (typeof v === 'number' && Number.isFinite(v));

/**
 * The summary of a current-version state as SQLite read it; null when anything is off (an older
 * version, a damaged value), and the full state is then parsed, validated and migrated instead.
 */
function summaryFromRow(row: ServiceSummaryRow): ServiceSummary | null {
  const ok =
    row.version === DETECTOR_STATE_VERSION &&
    STATES.has(row.state) &&
    isCount(row.sampleCount) &&
    isTimeOrNull(row.transitionAt) &&
    isCount(row.lastSeq) &&
    (row.windowFrontSeq === null || isCount(row.windowFrontSeq)) &&
    isTimeOrNull(row.maxTimeMs);
  if (!ok) return null;
  return {
    state: row.state as HealthState,
    sampleCount: row.sampleCount,
    transitionTimeMs: row.transitionAt,
    lastSeq: row.lastSeq as number,
    windowFrontSeq: row.windowFrontSeq as number | null,
    maxTimeMs: row.maxTimeMs as number | null,
  };
}
