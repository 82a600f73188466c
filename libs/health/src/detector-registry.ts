import { DRIFT_CONFIG, DriftConfig } from '@app/config';
import { ServiceRepository, TelemetryRepository } from '@app/persistence';
import { SnapshotCalculator } from '@app/statistics';
import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { DetectorState, parseDetectorState, ServiceDetector } from './engine';
import { MonitoredService } from './monitored-service';
import { UnknownServiceError } from './unknown-service.error';

/**
 * Owner of every service's detector. At start-up it reads every service's stored state; a
 * detector's window is read back on the service's first use (see MonitoredService), so ten
 * thousand services are ready in about a second and detection continues exactly where it
 * stopped. The ingestion worker is the only writer, and it persists each touched detector in
 * the transaction of its samples.
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
  ) {
    this.calculator = new SnapshotCalculator(config.baselineWindowSize);
  }

  onModuleInit(): void {
    const started = Date.now();
    for (const row of this.serviceRepository.loadAll()) {
      this.services.set(row.name, this.stored(row.id, row.name, row.detector));
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
      const row = rows.get(name);
      if (!row) this.services.delete(name);
      else this.services.set(name, this.stored(row.id, name, row.detector));
    }
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
