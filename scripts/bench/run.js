'use strict';
/**
 * `npm run bench`: DriftWatch against references measured in the same run on the same machine
 * (plain express 5 for HTTP, raw better-sqlite3 for storage), several runs, medians, ratios.
 * Not part of `npm test`: speed is measured here, never asserted in the suite.
 *
 * Options: --runs N (default 3)  --seconds S per load phase (default 5)
 *          --services N for the memory/restart phase (default 10000; 0 skips it)
 *          --settle-seconds S of light traffic before the steady-state RSS (default 15)
 *          --only memory runs the memory/restart phase alone (~2–3 min for 10 000 services)
 *          --engine-samples N for the engine-only replay (default 10000000)
 *          --json FILE also writes every run's raw figures
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { runNodeJson, exitOnSignalsAndErrors } = require('./lib/children');
const { median, fmt, table } = require('./lib/stats');
const { oneRun } = require('./phases');
const { memoryAndRestart, TRICKLE_RATE } = require('./memory-restart');
const { MAIN } = require('./lib/dist');

function options(argv) {
  const get = (name, fallback) => {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 ? argv[i + 1] : fallback;
  };
  return {
    runs: Number(get('runs', 3)),
    seconds: Number(get('seconds', 5)),
    services: Number(get('services', 10_000)),
    settleSeconds: Number(get('settle-seconds', 15)),
    only: get('only', null),
    engineSamples: Number(get('engine-samples', 10_000_000)),
    json: get('json', null),
  };
}

const TARGET = {
  singleRatio: 0.8,
  fixedP99Ms: 10,
  batchSamplesPerSec: 400_000,
  batchRatio: 0.35,
  engineSamplesPerSec: 1_000_000,
  bytesPerRow: 60,
  servicesRssMb: 400,
  idleRssMb: 120,
  restoreSeconds: 5,
};

const verdict = (ok) => (ok ? 'PASS' : 'FAIL');

async function main() {
  // Cluster mode has a bench of its own (PostgreSQL, 1–3 processes against SQLite, takeover).
  if (process.argv.includes('--cluster')) return require('../cluster/bench-cluster').benchCluster(process.argv.slice(2));
  const opt = options(process.argv.slice(2));
  if (opt.only !== null && opt.only !== 'memory') throw new Error(`--only accepts "memory", not ${opt.only}`);
  if (opt.only === 'memory') opt.runs = 0;
  if (!fs.existsSync(MAIN)) throw new Error(`${MAIN} is missing: run \`npm run build\` (npm run bench does)`);
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'driftwatch-bench-'));
  const started = new Date();
  console.log(`DriftWatch bench ${started.toISOString()} — ${os.cpus().length} × ${os.cpus()[0].model}, node ${process.version}`);
  console.log(`${opt.runs} run(s) × ${opt.seconds} s phases; load generator (autocannon) on the same machine\n`);
  try {
    const runs = [];
    for (let i = 0; i < opt.runs; i++) {
      process.stdout.write(`run ${i + 1}/${opt.runs}: HTTP and storage phases… `);
      const r = await oneRun(root, i, opt);
      process.stdout.write('engine replay… ');
      r.engine = await runNodeJson([path.join(__dirname, 'engine-replay.js'), String(opt.engineSamples), '1000'], { timeoutMs: 600_000 });
      runs.push(r);
      console.log(
        `single ${fmt(r.single.reqPerSec)} req/s (ref ${fmt(r.reference.single.reqPerSec)}), batch ${fmt(r.batch.persistedPerSec)} samples/s (raw ${fmt(r.sqlite.rowsPerSec)}), engine ${fmt(r.engine.samplesPerSec)}/s`,
      );
      fs.rmSync(path.join(root, `run-${i}`), { recursive: true, force: true });
    }
    let memory = null;
    if (opt.services > 0) {
      process.stdout.write(`memory/restart: ${fmt(opt.services)} services × 1000 samples through the batch API… `);
      memory = await memoryAndRestart(root, { services: opt.services, settleSeconds: opt.settleSeconds });
      console.log(`${memory.fillSeconds} s`);
    }
    report(runs, memory, opt);
    if (opt.json) fs.writeFileSync(opt.json, JSON.stringify({ date: started.toISOString(), options: opt, runs, memory }, null, 1));
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}

function report(runs, memory, opt) {
  const rows = [[runs.length > 0 ? 'figure (median of runs)' : 'figure (one run)', 'DriftWatch', 'reference', 'ratio', 'target', 'verdict']];
  const add = (...r) => rows.push(r.map((x) => (x === undefined ? '' : x)));
  if (runs.length > 0) loadRows(runs, opt, add);
  if (memory) memoryRows(memory, add);
  console.log(`\n${table(rows)}`);
  if (memory) {
    console.log(
      `\nThe ${fmt(memory.services)}-service RSS verdict is judged on the steady-state figure (the larger of the two ` +
        `"steady" rows): a process holding every full window under light traffic (${memory.settleSeconds} s of ` +
        `${TRICKLE_RATE} samples/s before reading). Burst and peak figures are transient and shown for reference.`,
    );
  }
}

function loadRows(runs, opt, add) {
  const m = (f) => median(runs.map(f));

  const single = m((r) => r.single.reqPerSec);
  const singleRef = m((r) => r.reference.single.reqPerSec);
  const singleRatio = m((r) => r.single.reqPerSec / r.reference.single.reqPerSec);
  add('single: req/s (202)', fmt(single), `${fmt(singleRef)} express`, fmt(singleRatio, 2), `≥ ${TARGET.singleRatio}×`, verdict(singleRatio >= TARGET.singleRatio));
  add('single: samples/s persisted+scored', fmt(m((r) => Math.min(r.single.persistedPerSec, r.single.scoredPerSec))));
  add('single: p50 / p99 ms at max load', `${fmt(m((r) => r.single.p50))} / ${fmt(m((r) => r.single.p99))}`, `${fmt(m((r) => r.reference.single.p50))} / ${fmt(m((r) => r.reference.single.p99))}`);
  const fixedP99 = m((r) => r.fixed.p99);
  const refFixed = (f) => (runs[0].reference.fixed ? fmt(m((r) => f(r.reference.fixed))) : 'n/a');
  add('single: p99 ms at 5000 req/s offered', fmt(fixedP99), `${refFixed((x) => x.p99)} express`, '', `≤ ${TARGET.fixedP99Ms} ms`, verdict(fixedP99 <= TARGET.fixedP99Ms));
  add('  achieved req/s; p50 ms', `${fmt(m((r) => r.fixed.reqPerSec))}; ${fmt(m((r) => r.fixed.p50))}`, `${refFixed((x) => x.reqPerSec)}; ${refFixed((x) => x.p50)}`);

  add('single: p99 ms at ½ the express req/s', fmt(m((r) => r.half.p99)), `${fmt(m((r) => r.reference.half.p99))} express`, '', '', '');
  add('  (offered req/s; p50 ms)', `${fmt(m((r) => r.reference.halfRate))}; ${fmt(m((r) => r.half.p50))}`, fmt(m((r) => r.reference.half.p50)));
  const batch = m((r) => Math.min(r.batch.persistedPerSec, r.batch.scoredPerSec));
  const raw = m((r) => r.sqlite.rowsPerSec);
  const batchRatio = m((r) => Math.min(r.batch.persistedPerSec, r.batch.scoredPerSec) / r.sqlite.rowsPerSec);
  add('batch 500: samples/s persisted+scored', fmt(batch), `${fmt(raw)} raw sqlite`, fmt(batchRatio, 2), `≥ 400k & ≥ ${TARGET.batchRatio}×`, verdict(batch >= TARGET.batchSamplesPerSec && batchRatio >= TARGET.batchRatio));
  add('batch 500: p50 / p99 ms per request', `${fmt(m((r) => r.batch.p50))} / ${fmt(m((r) => r.batch.p99))}`, `${fmt(m((r) => r.reference.batchSamplesPerSec))} express samples/s`);

  const engine = m((r) => r.engine.samplesPerSec);
  add(`engine replay ${fmt(opt.engineSamples / 1e6)} M: samples/s`, fmt(engine), '', '', '≥ 1 M/s', verdict(engine >= TARGET.engineSamplesPerSec));
  add('  (ns per sample)', fmt(m((r) => r.engine.nsPerSample)));

  const bpr = m((r) => r.stored.bytesPerRow);
  add('bytes per stored sample (table+indexes)', fmt(bpr, 1), '~100 seed', '', `≤ ${TARGET.bytesPerRow}`, verdict(bpr <= TARGET.bytesPerRow));
  const exact = runs.every((r) => r.stored.rows === r.stored.committed);
  add('rows in SQLite = samples committed', exact ? 'yes' : 'NO', '', '', 'equal', verdict(exact));
  const idle = m((r) => r.idleRssMb);
  add('RSS idle MB', fmt(idle), '', '', `≤ ${TARGET.idleRssMb}`, verdict(idle <= TARGET.idleRssMb));
  add('RSS after single+batch phases MB', fmt(m((r) => r.loadedRss)));

  add('overload: 503s / requests', `${fmt(m((r) => r.over.load.refused))} / ${fmt(m((r) => r.over.load.requests))}`, '', '', '503 + Retry-After', verdict(runs.every((r) => r.over.load.refused > 0 && r.over.retryAfter)));
  add('  Retry-After; queue max depth / capacity', `${runs[0].over.retryAfter}; ${fmt(m((r) => r.over.maxDepth))} / ${fmt(runs[0].over.capacity)}`);
  add('  peak RSS MB (whole run); recovered', `${fmt(m((r) => r.over.peakRssMb))}; ${runs.every((r) => r.over.recovered) ? 'yes' : 'NO'}`, '', '', 'bounded, recovers', verdict(runs.every((r) => r.over.recovered)));

}

function memoryRows(memory, add) {
  const ok = memory.servicesMonitored === memory.services && memory.windowOfFirst === memory.windowSize;
  const judged = ok && memory.allWindowsLoaded && memory.judgedRssMb <= TARGET.servicesRssMb;
  const split = (x) => `heap ${fmt(x.heap_used_mb)} used / ${fmt(x.heap_total_mb)} committed, arrays ${fmt(x.array_buffers_mb)}`;
  const n = fmt(memory.services);
  add(`${n} services, full windows loaded: RSS MB, steady (judged)`, fmt(memory.judgedRssMb), '', '', `≤ ${TARGET.servicesRssMb}`, verdict(judged));
  add('  steady after the fill (settled under light traffic)', fmt(memory.steadyRssMb), split(memory.steadyMemory));
  add('  steady after a restart, every window paged in', fmt(memory.restartSteadyRssMb), split(memory.restartSteadyMemory));
  add('  windows loaded (after fill; after restart); full windows paged in', `${fmt(memory.steadyLoaded)}; ${fmt(memory.restartLoaded)}; ${fmt(memory.fullWindowsPagedIn)}`, '', '', `${n} each`, verdict(memory.allWindowsLoaded));
  add('  right after the fill (burst, queue just drained)', fmt(memory.loadedRssMb), split(memory.loadedMemory));
  add('  peak during the fill (VmHWM)', fmt(memory.fillPeakRssMb));
  add('  right after a restart (no window paged in yet)', fmt(memory.restartedRssMb));
  add('  right after paging every window in; peak since restart', `${fmt(memory.pagedInRssMb)}; ${fmt(memory.restartPeakRssMb)}`, `page-in ${fmt(memory.pageInSeconds, 1)} s`);
  add('  idle before the fill', fmt(memory.idleRssMb));
  add('restart: restore ms / ready ms', `${fmt(memory.restoreMs)} / ${fmt(memory.restartReadyMs)}`, '', '', `≤ ${TARGET.restoreSeconds * 1000} ms`, verdict(ok && memory.restartReadyMs <= TARGET.restoreSeconds * 1000));
  add('  services restored; window of one', `${fmt(memory.restoredServices)}; ${memory.windowOfFirst}`);
}

exitOnSignalsAndErrors();
main().catch((error) => {
  console.error(error);
  process.exit(1);
});
