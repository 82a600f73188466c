'use strict';
/**
 * Fleet memory and listing (issue 13, bounded fleet): `services` services with ONE sample each,
 * through the batch API with DRIFTWATCH_MAX_SERVICES raised above them, then:
 * - RSS idle, right after the fill, and after a settle of idle time; the cost of one service is
 *   (settled − idle) / services, registry entries and names included;
 * - the same after a restart (every service restored as a summary, no detector loaded);
 * - GET /v1/services walked page by page (limit 1000): each page's latency, and the worst
 *   /health latency measured every HEALTH_PROBE_MS meanwhile, alone and with 10 walkers in
 *   parallel. A handler runs on the event loop, so a page's latency bounds how long it blocked it.
 *
 *   node scripts/bench/fleet-memory.js [services=100000]     (npm run bench:fleet builds first)
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { exitOnSignalsAndErrors, memoryOf } = require('./lib/children');
const { startApi, status, drained } = require('./lib/api');
const { ROOT, engine } = require('./lib/dist');

const SERVICES = Number(process.argv[2] ?? 100_000);
/** Services per batch request (one sample each). */
const BATCH = 2000;
const PAGE_LIMIT = 1000;
const PARALLEL_WALKERS = 10;
const HEALTH_PROBE_MS = 5;
/** Idle time after the fill before the settled RSS is read (V8 returns the burst's heap lazily). */
const SETTLE_MS = 10_000;
/** Probing time with no listing, the baseline the walks are compared with. */
const QUIET_MS = 3000;
/** Walks over every page in process (the first warms the code up and is not counted). */
const IN_PROCESS_ROUNDS = 3;
const DETECTORS_MEASURED = 20_000;

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const round = (x, d = 1) => Math.round(x * 10 ** d) / 10 ** d;

async function fill(server) {
  let next = 0;
  const started = performance.now();
  const worker = async () => {
    for (;;) {
      const from = next;
      if (from >= SERVICES) return;
      next = Math.min(SERVICES, from + BATCH);
      const samples = [];
      for (let n = from; n < next; n++) samples.push({ service_id: `fleet-${n}`, latency_ms: 100 + (n % 50), payload_kb: 2 });
      const res = await fetch(`${server.url}/v1/telemetry/batch`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ samples }),
      });
      await res.arrayBuffer();
      if (res.status !== 202) throw new Error(`batch answered ${res.status}`);
    }
  };
  await Promise.all([worker(), worker()]);
  return performance.now() - started;
}

/** Walks every page; returns each page's latency (ms) and the services seen. */
async function walk(server) {
  const latencies = [];
  let seen = 0;
  let cursor = null;
  do {
    const started = performance.now();
    const res = await fetch(`${server.url}/v1/services?limit=${PAGE_LIMIT}${cursor ? `&cursor=${cursor}` : ''}`);
    const body = await res.json();
    latencies.push(performance.now() - started);
    if (res.status !== 200) throw new Error(`GET /v1/services answered ${res.status}`);
    seen += body.services.length;
    cursor = body.next_cursor;
  } while (cursor);
  return { latencies, seen };
}

/**
 * The longest event-loop delay since the previous scrape (prom-client's default
 * nodejs_eventloop_lag_max_seconds, from monitorEventLoopDelay, reset at every scrape), in ms.
 */
async function eventLoopLagMaxMs(server) {
  const text = await (await fetch(`${server.url}/metrics`)).text();
  const match = /^nodejs_eventloop_lag_max_seconds\s+(\S+)/m.exec(text);
  if (!match) throw new Error('/metrics has no nodejs_eventloop_lag_max_seconds');
  return Number(match[1]) * 1000;
}

/**
 * Runs `work` while probing /health; returns work's result, the worst /health latency and the
 * longest event-loop delay the server saw meanwhile.
 */
async function withHealthProbe(server, work) {
  await eventLoopLagMaxMs(server);
  let worst = 0;
  let running = true;
  const probe = (async () => {
    while (running) {
      const started = performance.now();
      await (await fetch(`${server.url}/health`)).arrayBuffer();
      worst = Math.max(worst, performance.now() - started);
      await sleep(HEALTH_PROBE_MS);
    }
  })();
  const result = await work();
  running = false;
  await probe;
  return { result, worstHealthMs: worst, eventLoopLagMaxMs: await eventLoopLagMaxMs(server) };
}

const percentile = (values, p) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
};

/**
 * The cost of one page inside the process, on the same database: ServicesController.list plus the
 * JSON.stringify Express does, each call timed by wall clock and by the CPU time the process used.
 * Over HTTP on a shared machine the latencies above also hold waiting for a core; the CPU time of
 * a call is what it takes from the event loop.
 */
async function inProcessPages(dbPath) {
  const dist = path.join(ROOT, 'dist/apps/api');
  const { NestFactory } = require(require.resolve('@nestjs/core', { paths: [ROOT] }));
  const { AppModule } = require(path.join(dist, 'apps/api/src/app.module.js'));
  const { ServicesController } = require(path.join(dist, 'apps/api/src/services/services.controller.js'));
  const { loadConfig } = require(path.join(dist, 'libs/config/src/load-config.js'));
  const config = loadConfig({}, { dbPath, host: '127.0.0.1', port: 0, maxServices: SERVICES + BATCH, logLevel: 'error' });
  const app = await NestFactory.createApplicationContext(AppModule.forRoot(config), { logger: ['error'] });
  try {
    const controller = app.get(ServicesController);
    const wall = [];
    const cpu = [];
    for (let round = 0; round < IN_PROCESS_ROUNDS; round++) {
      let cursor;
      do {
        const startedCpu = process.cpuUsage();
        const started = performance.now();
        const page = controller.list({ limit: PAGE_LIMIT, cursor });
        JSON.stringify(page);
        const wallMs = performance.now() - started;
        const used = process.cpuUsage(startedCpu);
        // The first walk compiles the code path; the figures are those of the warm walks.
        if (round > 0) {
          wall.push(wallMs);
          cpu.push((used.user + used.system) / 1000);
        }
        cursor = page.next_cursor ?? undefined;
      } while (cursor);
    }
    return { wall, cpu };
  } finally {
    await app.close();
  }
}

/**
 * One live detector with one sample, in this process: growth of JS heap and array buffers per
 * detector over DETECTORS_MEASURED of them (kept alive), after a full GC each side. What a
 * just-seen service costs before idle eviction unloads it. (RSS is not used here: this process
 * already committed more heap than the detectors need in the phases before.)
 */
function liveDetectorBytes() {
  const { ServiceDetector, SnapshotCalculator, DRIFT_CONFIG_DEFAULTS } = engine();
  require('node:v8').setFlagsFromString('--expose-gc');
  const gc = require('node:vm').runInNewContext('gc');
  const calculator = new SnapshotCalculator(DRIFT_CONFIG_DEFAULTS.baselineWindowSize);
  const make = (n) => {
    const d = new ServiceDetector(DRIFT_CONFIG_DEFAULTS, calculator);
    d.observe(1, 1_764_000_000_000 + n, 120, 2);
    return d;
  };
  for (let i = 0; i < 1000; i++) make(i); // warm-up: code and shared scratch allocated
  gc();
  const before = process.memoryUsage();
  const kept = Array.from({ length: DETECTORS_MEASURED }, (_, i) => make(i));
  gc();
  const after = process.memoryUsage();
  const per = (a, b) => Math.round((a - b) / DETECTORS_MEASURED);
  return { detectors: kept.length, heap_and_buffers_bytes: per(after.heapUsed + after.arrayBuffers, before.heapUsed + before.arrayBuffers) };
}

async function main() {
  exitOnSignalsAndErrors();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'driftwatch-fleet-'));
  const dbPath = path.join(dir, 'fleet.db');
  const env = { DRIFTWATCH_MAX_SERVICES: String(SERVICES + BATCH), DRIFTWATCH_LOG_LEVEL: 'log' };
  try {
    let server = await startApi(dbPath, env);
    await sleep(1000);
    const idle = memoryOf(server.pid).rssMb;
    const idleStatus = await status(server);
    const fillMs = await fill(server);
    await drained(server);
    const afterFill = memoryOf(server.pid).rssMb;
    await sleep(SETTLE_MS);
    const settled = memoryOf(server.pid).rssMb;
    const live = await status(server);
    const idleHeap = idleStatus.memory.heap_used_mb;

    // The same probes with no listing: what the process shows on its own (GC, timers).
    const quiet = await withHealthProbe(server, () => sleep(QUIET_MS));
    const alone = await withHealthProbe(server, () => walk(server));
    const parallel = await withHealthProbe(server, () => Promise.all(Array.from({ length: PARALLEL_WALKERS }, () => walk(server))));
    const pages = [...alone.result.latencies, ...parallel.result.flatMap((w) => w.latencies)];
    if (alone.result.seen !== SERVICES) throw new Error(`paging saw ${alone.result.seen} of ${SERVICES} services`);
    await server.stop();

    server = await startApi(dbPath, env);
    await sleep(1000);
    const restarted = memoryOf(server.pid).rssMb;
    const restoreLine = /Restored \d+ service\(s\) in (\d+) ms/.exec(server.log());
    await server.stop();
    const inProcess = await inProcessPages(dbPath);
    const detector = liveDetectorBytes();

    const perService = (rss) => round(((rss - idle) * 1024 * 1024) / SERVICES / 1024, 2);
    const report = {
      services: SERVICES,
      fill_seconds: round(fillMs / 1000, 1),
      rss_mb: { idle: round(idle), after_fill: round(afterFill), settled: round(settled), after_restart: round(restarted) },
      kb_per_service: { after_fill: perService(afterFill), settled: perService(settled), after_restart: perService(restarted) },
      // Live JS objects (after the last GC V8 ran) beside RSS, which also holds heap V8 has not given back.
      heap_used_mb: { idle: idleHeap, settled: live.memory.heap_used_mb },
      live_one_sample_detector: detector,
      detectors_loaded: live.detectors_loaded,
      restore_ms: restoreLine ? Number(restoreLine[1]) : null,
      services_page_ms: { pages: pages.length, p50: round(percentile(pages, 0.5)), p99: round(percentile(pages, 0.99)), max: round(Math.max(...pages)) },
      services_page_one_walker_ms: { p50: round(percentile(alone.result.latencies, 0.5)), max: round(Math.max(...alone.result.latencies)) },
      // In process: what one page of 1000 takes from the event loop (wall and CPU time).
      services_page_in_process_ms: {
        wall_p50: round(percentile(inProcess.wall, 0.5), 2),
        wall_max: round(Math.max(...inProcess.wall), 2),
        cpu_p50: round(percentile(inProcess.cpu, 0.5), 2),
        cpu_p99: round(percentile(inProcess.cpu, 0.99), 2),
        cpu_max: round(Math.max(...inProcess.cpu), 2),
      },
      health_worst_ms: { one_walker: round(alone.worstHealthMs), ten_walkers: round(parallel.worstHealthMs) },
      event_loop_lag_max_ms: { no_listing: round(quiet.eventLoopLagMaxMs), one_walker: round(alone.eventLoopLagMaxMs), ten_walkers: round(parallel.eventLoopLagMaxMs) },
    };
    console.log(
      [
        `${SERVICES} one-sample services, filled in ${report.fill_seconds} s`,
        `RSS idle ${report.rss_mb.idle} MB; after the fill ${report.rss_mb.after_fill} MB; settled ${report.rss_mb.settled} MB ` +
          `(${report.kb_per_service.settled} KB a service); after a restart ${report.rss_mb.after_restart} MB (${report.kb_per_service.after_restart} KB a service, restored in ${report.restore_ms} ms)`,
        `one live detector with one sample (in process, ${detector.detectors} kept): ${detector.heap_and_buffers_bytes} B of JS heap and array buffers`,
        `JS heap used: idle ${idleHeap} MB, settled ${live.memory.heap_used_mb} MB; detectors loaded after the fill: ${report.detectors_loaded}`,
        `GET /v1/services?limit=${PAGE_LIMIT}: ${pages.length} pages, p50 ${report.services_page_ms.p50} ms, p99 ${report.services_page_ms.p99} ms, ` +
          `max ${report.services_page_ms.max} ms over all walks (one walker alone: p50 ${report.services_page_one_walker_ms.p50} ms, max ${report.services_page_one_walker_ms.max} ms)`,
        `one page of ${PAGE_LIMIT} in process (${inProcess.wall.length} calls): wall p50 ${report.services_page_in_process_ms.wall_p50} ms, max ` +
          `${report.services_page_in_process_ms.wall_max} ms; CPU p50 ${report.services_page_in_process_ms.cpu_p50} ms, p99 ${report.services_page_in_process_ms.cpu_p99} ms, ` +
          `max ${report.services_page_in_process_ms.cpu_max} ms`,
        `/health worst while walking: ${report.health_worst_ms.one_walker} ms (one walker), ${report.health_worst_ms.ten_walkers} ms (${PARALLEL_WALKERS} walkers)`,
        `longest event-loop delay: ${report.event_loop_lag_max_ms.no_listing} ms with no listing, ${report.event_loop_lag_max_ms.one_walker} ms while one walker pages, ` +
          `${report.event_loop_lag_max_ms.ten_walkers} ms with ${PARALLEL_WALKERS} walkers`,
      ].join('\n'),
    );
    console.log(JSON.stringify(report));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

void main();
