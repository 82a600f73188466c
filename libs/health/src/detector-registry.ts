import { DRIFT_CONFIG, DriftConfig } from '@app/config';
import { EndpointRepository, EndpointSummaryRow, ServiceRepository, ServiceSummaryRow, TelemetryRepository } from '@app/persistence';
import { SnapshotCalculator } from '@app/statistics';
import { Inject, Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { DETECTOR_STATE_VERSION, endpointSlot, HealthState, parseDetectorState, ServiceDetector } from './engine';
import { EndpointStream } from './endpoint-stream';
import { DetectorHost, MonitoredService, ServiceSummary, summaryOf } from './monitored-service';
import { UnknownEndpointError } from './unknown-endpoint.error';
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
 * A service's endpoint detectors (EndpointStream) hang off its MonitoredService and are restored,
 * loaded, unloaded and persisted the same way (each counts as one loaded detector, none against
 * MAX_SERVICES).
 */
@Injectable()
export class DetectorRegistry implements OnModuleInit, OnModuleDestroy, DetectorHost {
  private readonly logger = new Logger(DetectorRegistry.name);
  private readonly services = new Map<string, MonitoredService>();
  /** Loaded detectors (services' and endpoints'), least recently used first (a Set iterates in insertion order). */
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
    private readonly endpointRepository: EndpointRepository,
  ) {
    this.calculator = new SnapshotCalculator(config.baselineWindowSize);
  }

  onModuleInit(): void {
    const started = Date.now();
    const byId = new Map<number, MonitoredService>();
    for (const row of this.serviceRepository.loadSummaries()) {
      const summary = summaryFromRow(row);
      const service = summary
        ? new MonitoredService(row.id, row.name, summary, this)
        : this.stored(row.id, row.name, this.serviceRepository.loadDetector(row.id));
      this.services.set(row.name, service);
      byId.set(row.id, service);
    }
    for (const row of this.endpointRepository.loadSummaries()) {
      const service = byId.get(row.serviceId);
      if (!service) continue;
      const summary = summaryFromRow(row) ?? summaryOf(parseDetectorState(this.endpointRepository.loadDetector(row.id)));
      this.attach(service, new EndpointStream(row.id, row.name, service, summary, this));
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

  /** Detectors (services' and endpoints') in memory with their windows; the others are loaded on use. */
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

  /** One endpoint's detector of a known service (an endpoint folded into `_other` is not one). */
  getEndpoint(service: MonitoredService, endpoint: string): EndpointStream {
    const stream = service.endpoints?.find(endpoint);
    if (!stream) throw new UnknownEndpointError(service.name, endpoint, service.endpoints ? Array.from(service.endpoints.values(), (e) => e.name) : []);
    return stream as EndpointStream;
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

  /**
   * The detector of a service's endpoint, creating it (and its row) on the endpoint's first
   * sample; past MAX_ENDPOINTS_PER_SERVICE the shared `_other`. Must run inside the ingest transaction.
   */
  endpointOf(service: MonitoredService, endpoint: string, nowMs: number): EndpointStream {
    const endpoints = service.ensureEndpoints();
    const name = endpointSlot(endpoint, endpoints.find(endpoint) !== undefined, endpoints.namedCount, this.config.maxEndpointsPerService);
    const known = endpoints.find(name);
    if (known) return known as EndpointStream;
    const detector = new ServiceDetector(this.config, this.calculator);
    const id = this.endpointRepository.insert(service.id, name, detector.state, JSON.stringify(detector.exportState()), nowMs);
    const stream = new EndpointStream(id, name, service, detector, this);
    endpoints.add(stream);
    this.touched(stream);
    return stream;
  }

  /** Forgets a service and its endpoints; must run inside the transaction that deletes their rows (resync undoes it). */
  remove(service: MonitoredService): void {
    this.services.delete(service.name);
    this.forgetLoaded(service);
  }

  /** Stores a detector's state (a service's or an endpoint's); must run inside the transaction that stored its samples. */
  persist(service: MonitoredService, nowMs: number): void {
    const d = service.detector;
    const json = JSON.stringify(d.exportState());
    if (service instanceof EndpointStream) this.endpointRepository.saveState(service.id, d.state, d.sampleCount, d.transitionTime, json, nowMs);
    else this.serviceRepository.saveState(service.id, d.state, d.sampleCount, d.transitionTime, json, nowMs);
  }

  /**
   * After a failed transaction the in-memory detectors ran ahead of the database: rebuild the
   * touched ones (with their endpoints) from what is committed (and forget services whose creation
   * rolled back).
   */
  resync(names: Iterable<string>): void {
    const rows = new Map(this.serviceRepository.loadAll().map((row) => [row.name, row]));
    for (const name of names) {
      const previous = this.services.get(name);
      if (previous) this.forgetLoaded(previous);
      const row = rows.get(name);
      if (!row) {
        this.services.delete(name);
        continue;
      }
      const service = this.stored(row.id, name, row.detector);
      for (const endpoint of this.endpointRepository.loadForService(row.id)) {
        this.attach(service, new EndpointStream(endpoint.id, endpoint.name, service, summaryOf(parseDetectorState(endpoint.detector)), this));
      }
      this.services.set(name, service);
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

  /** DetectorHost: a detector was used; it moves to the most recently used end. */
  touched(service: MonitoredService): void {
    const now = Date.now();
    // Within one millisecond (most samples of a group commit) the order cannot change.
    if (service.lastUsedMs === now && this.loaded.has(service)) return;
    service.lastUsedMs = now;
    this.loaded.delete(service);
    this.loaded.add(service);
  }

  /** DetectorHost: rebuilds a detector (a service's or an endpoint's) from its stored state and its window's samples. */
  load(service: MonitoredService): ServiceDetector {
    if (service instanceof EndpointStream) {
      // An endpoint's window: its rows among the service's, from the window's first seq on.
      const state = parseDetectorState(this.endpointRepository.loadDetector(service.id));
      const window = state.windowFrontSeq === null ? [] : this.telemetryRepository.loadWindow(service.service.id, state.windowFrontSeq, service.id);
      return ServiceDetector.restore(this.config, state, window, this.calculator);
    }
    const state = parseDetectorState(this.serviceRepository.loadDetector(service.id));
    const window = state.windowFrontSeq === null ? [] : this.telemetryRepository.loadWindow(service.id, state.windowFrontSeq);
    return ServiceDetector.restore(this.config, state, window, this.calculator);
  }

  /** Adds a restored endpoint stream; the service's order check starts from the newest of all its streams. */
  private attach(service: MonitoredService, stream: EndpointStream): void {
    service.ensureEndpoints().add(stream);
    if (stream.newestAcceptedMs > service.newestAcceptedMs) service.newestAcceptedMs = stream.newestAcceptedMs;
  }

  private forgetLoaded(service: MonitoredService): void {
    this.loaded.delete(service);
    if (service.endpoints) for (const stream of service.endpoints.values()) this.loaded.delete(stream);
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
function summaryFromRow(row: ServiceSummaryRow | EndpointSummaryRow): ServiceSummary | null {
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
