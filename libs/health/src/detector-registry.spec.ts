import { DRIFT_CONFIG_DEFAULTS, DriftConfig } from '@app/config';
import type { EndpointRepository, ServiceRepository, TelemetryRepository } from '@app/persistence';
import { DetectorRegistry } from './detector-registry';

/** Service rows in memory: what the registry stores and reads back when it reloads a detector. */
function fakeRepositories() {
  const rows = new Map<number, { name: string; detector: string }>();
  const services = {
    insert: (name: string, _state: string, detector: string) => {
      const id = rows.size + 1;
      rows.set(id, { name, detector });
      return id;
    },
    saveState: (id: number, _s: string, _n: number, _t: number | null, detector: string) => {
      (rows.get(id) as { detector: string }).detector = detector;
    },
    loadDetector: (id: number) => (rows.get(id) as { detector: string }).detector,
    loadSummaries: () => [],
  } as unknown as ServiceRepository;
  // The window's samples as storage would hand them back (the tests that reload push theirs here).
  const window: { seq: number; timeMs: number; latency: number; payload: number }[] = [];
  const telemetry = { loadWindow: () => window } as unknown as TelemetryRepository;
  const endpointRows = new Map<number, { serviceId: number; name: string; detector: string }>();
  const endpoints = {
    insert: (serviceId: number, name: string, _state: string, detector: string) => {
      const id = endpointRows.size + 1;
      endpointRows.set(id, { serviceId, name, detector });
      return id;
    },
    saveState: (id: number, _s: string, _n: number, _t: number | null, detector: string) => {
      (endpointRows.get(id) as { detector: string }).detector = detector;
    },
    loadDetector: (id: number) => (endpointRows.get(id) as { detector: string }).detector,
    loadSummaries: () => [],
  } as unknown as EndpointRepository;
  return { services, telemetry, endpoints, window };
}

describe(DetectorRegistry.name, () => {
  let window: ReturnType<typeof fakeRepositories>['window'];
  const create = (overrides: Partial<DriftConfig>) => {
    const fakes = fakeRepositories();
    window = fakes.window;
    return new DetectorRegistry({ ...DRIFT_CONFIG_DEFAULTS, ...overrides }, fakes.services, fakes.telemetry, fakes.endpoints);
  };

  it('should unload the least recently used detectors beyond MAX_LOADED_DETECTORS', () => {
    const sut = create({ maxLoadedDetectors: 2 });
    const now = Date.now();
    const [a, b, c] = ['a', 'b', 'c'].map((name) => sut.findOrCreate(name, now));
    // Used in the order c, a, b: c is the least recently used (lastUsedMs decides within a millisecond too).
    c.lastUsedMs = now - 3;
    a.lastUsedMs = now - 2;
    b.lastUsedMs = now - 1;
    void sut.find('c')?.detector;
    void sut.find('a')?.detector;
    void sut.find('b')?.detector;

    expect(sut.unloadIdle(now)).toBe(1);

    expect([a.isLoaded, b.isLoaded, c.isLoaded]).toEqual([true, true, false]);
    expect(sut.loadedCount).toBe(2);
  });

  it('should unload detectors idle longer than DETECTOR_IDLE_SECONDS and keep answering from the summary', () => {
    const sut = create({ detectorIdleSeconds: 60 });
    const service = sut.findOrCreate('idle', Date.now());
    service.detector.observe(1, 1_764_000_000_000, 120, 2);
    window.push({ seq: 1, timeMs: 1_764_000_000_000, latency: 120, payload: 2 });
    sut.persist(service, Date.now());

    expect(sut.unloadIdle(Date.now() + 30_000)).toBe(0);
    expect(sut.unloadIdle(Date.now() + 61_000)).toBe(1);

    expect(service.isLoaded).toBe(false);
    expect([service.sampleCount, service.lastSeq, service.state]).toEqual([1, 1, 'INSUFFICIENT_DATA']);
    expect(service.detector.sampleCount).toBe(1);
    expect(service.isLoaded).toBe(true);
    expect(sut.unloadedTotal).toBe(1);
  });

  it('should count services whose first samples are queued against the fleet until they settle', () => {
    const sut = create({});
    sut.findOrCreate('known', Date.now());
    sut.reserve('new', 1000);
    sut.reserve('new', 2000);
    expect(sut.committedAndQueuedCount).toBe(2);
    expect(sut.reservedNewest('new')).toBe(2000);
    sut.release('new');
    expect(sut.committedAndQueuedCount).toBe(2);
    sut.release('new');
    expect(sut.committedAndQueuedCount).toBe(1);
    // A reservation ends when its service is created; the newest accepted time moves onto the service.
    sut.reserve('other', 5000);
    const other = sut.findOrCreate('other', Date.now());
    expect(other.newestAcceptedMs).toBe(5000);
    expect(sut.committedAndQueuedCount).toBe(2);
  });

  it('should unload and reload an endpoint detector on its own, keeping the service roll-up', () => {
    const sut = create({ detectorIdleSeconds: 60 });
    const service = sut.findOrCreate('svc', Date.now());
    const stream = sut.endpointOf(service, 'GET /a', Date.now());
    stream.detector.observe(1, 1_764_000_000_000, 120, 2);
    service.endpoints?.noteSeq(1);
    window.push({ seq: 1, timeMs: 1_764_000_000_000, latency: 120, payload: 2 });
    sut.persist(stream, Date.now());
    sut.persist(service, Date.now());
    expect(sut.loadedCount).toBe(2);

    expect(sut.unloadIdle(Date.now() + 61_000)).toBe(2);

    expect([service.isLoaded, stream.isLoaded]).toEqual([false, false]);
    expect([service.sampleCount, service.lastSeq, stream.ownSampleCount]).toEqual([1, 1, 1]);
    expect(stream.detector.sampleCount).toBe(1);
    expect(stream.detector.lastSeq).toBe(1);
    expect([service.isLoaded, stream.isLoaded]).toEqual([false, true]);
  });
});
