import { DRIFT_CONFIG, DriftConfig } from '@app/config';
import { EndpointRepository, EndpointRow, ServiceRepository, TelemetryRepository } from '@app/persistence';
import { SnapshotCalculator } from '@app/statistics';
import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { DetectorState, endpointSlot, parseDetectorState, ServiceDetector } from './engine';
import { EndpointStream } from './endpoint-stream';
import { MonitoredService } from './monitored-service';
import { UnknownEndpointError } from './unknown-endpoint.error';
import { UnknownServiceError } from './unknown-service.error';

/**
 * Owner of every service's detector. At start-up it reads every service's stored state; a
 * detector's window is read back on the service's first use (see MonitoredService), so ten
 * thousand services are ready in about a second and detection continues exactly where it
 * stopped. The ingestion worker is the only writer, and it persists each touched detector in
 * the transaction of its samples. A service's endpoint detectors (EndpointStream) hang off its
 * MonitoredService and are restored, paged in and persisted the same way.
 */
@Injectable()
export class DetectorRegistry implements OnModuleInit {
  private readonly logger = new Logger(DetectorRegistry.name);
  private readonly services = new Map<string, MonitoredService>();
  private readonly calculator: SnapshotCalculator;

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
    for (const row of this.serviceRepository.loadAll()) {
      this.services.set(row.name, this.stored(row.id, row.name, row.detector));
    }
    const byId = new Map(Array.from(this.services.values(), (service) => [service.id, service]));
    for (const row of this.endpointRepository.loadAll()) {
      const service = byId.get(row.serviceId);
      if (service) this.attachStored(service, row);
    }
    if (this.services.size > 0) {
      this.logger.log(`Restored ${this.services.size} service(s) in ${Date.now() - started} ms`);
    }
  }

  get size(): number {
    return this.services.size;
  }

  /** Services whose detector (and window) is in memory; the others are paged in on first use. */
  get loadedCount(): number {
    let n = 0;
    for (const service of this.services.values()) if (service.isLoaded) n++;
    return n;
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

  /** Returns the service, creating its row first. Must run inside the ingest transaction. */
  findOrCreate(name: string, nowMs: number): MonitoredService {
    let service = this.services.get(name);
    if (!service) {
      const detector = new ServiceDetector(this.config, this.calculator);
      const id = this.serviceRepository.insert(name, detector.state, JSON.stringify(detector.exportState()), nowMs);
      service = new MonitoredService(id, name, detector, this.rebuild);
      this.services.set(name, service);
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
    const stream = new EndpointStream(id, name, service, detector, this.endpointRebuild(service.id));
    endpoints.add(stream);
    return stream;
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
   * touched ones from what is committed (and forget services whose creation rolled back).
   */
  resync(names: Iterable<string>): void {
    const rows = new Map(this.serviceRepository.loadAll().map((row) => [row.name, row]));
    for (const name of names) {
      const row = rows.get(name);
      if (!row) {
        this.services.delete(name);
        continue;
      }
      const service = this.stored(row.id, name, row.detector);
      for (const endpoint of this.endpointRepository.loadForService(row.id)) this.attachStored(service, endpoint);
      this.services.set(name, service);
    }
  }

  private attachStored(service: MonitoredService, row: EndpointRow): void {
    const stream = new EndpointStream(row.id, row.name, service, parseDetectorState(row.detector), this.endpointRebuild(service.id));
    service.ensureEndpoints().add(stream);
  }

  /** An endpoint's window: its rows among the service's, from the window's first seq on. */
  private endpointRebuild(serviceId: number): (id: number, state: DetectorState) => ServiceDetector {
    return (endpointId, state) => {
      const window = state.windowFrontSeq === null ? [] : this.telemetryRepository.loadWindow(serviceId, state.windowFrontSeq, endpointId);
      return ServiceDetector.restore(this.config, state, window, this.calculator);
    };
  }

  /** A stored state is validated (and migrated from an older version) before anything reads it. */
  private stored(id: number, name: string, json: string): MonitoredService {
    return new MonitoredService(id, name, parseDetectorState(json), this.rebuild);
  }

  private readonly rebuild = (id: number, state: DetectorState): ServiceDetector => {
    const window = state.windowFrontSeq === null ? [] : this.telemetryRepository.loadWindow(id, state.windowFrontSeq);
    return ServiceDetector.restore(this.config, state, window, this.calculator);
  };
}
