#!/usr/bin/env node
'use strict';
/**
 * `npm run test:cluster`: three DriftWatch processes in cluster mode on one fresh PostgreSQL
 * database, on loopback, under a seeded load that keeps a ledger of every 202. Mid-load: SIGKILL of
 * one process, its restart, SIGSTOP then SIGCONT of another, while every process is asked for the
 * gate. Then it asserts (scripts/cluster/lib/checks.js): every acknowledged sample stored exactly
 * once, per-service sequences without gaps, transitions identical to a single-process replay with
 * the pure engine, orphaned partitions owned again within 2 s, the lease epoch never going back
 * in any partition (no two owners committing), and the gate never failing to answer from a running
 * process nor passing wrongly. Exit code 0 only if every check holds. Bounded: about a minute.
 */
const { ensureBuilt } = require('../build-state');
const { createDatabase, dropDatabase, connect } = require('./lib/pg-fixture');
const { startCluster, waitSettled, getJson, sleep } = require('./lib/cluster-procs');
const { Loader } = require('./lib/loader');
const { checkStorage, checkReplay, checkEpochs, checkTakeover, checkGate } = require('./lib/checks');

const PARTITIONS = 64;
const TAKEOVER_LIMIT_MS = 2000;
const MAX_LAG_MS = 1500;
const ENV = {
  DRIFTWATCH_CLUSTER_PARTITIONS: String(PARTITIONS),
  DRIFTWATCH_CLUSTER_MAX_LAG_MS: String(MAX_LAG_MS),
  DRIFTWATCH_LOG_LEVEL: 'warn',
};

async function main() {
  ensureBuilt();
  const db = await createDatabase('cluster_test');
  const env = { ...ENV, DRIFTWATCH_DATABASE_URL: db.url };
  const procs = [];
  let client;
  const t0 = Date.now();
  const log = (msg) => console.log(`[${((Date.now() - t0) / 1000).toFixed(1).padStart(5)} s] ${msg}`);
  try {
    procs.push(...(await startCluster(3, env)));
    const [p1, p2, p3] = procs;
    await waitSettled(procs, PARTITIONS, 15_000);
    log(`3 processes up, partitions ${procs.map((p) => p.owned().size).join('/')}`);

    const down = new Map(); // process name → true while killed/restarting/stopped
    const loader = new Loader({
      targets: () => procs.map((p) => p.base),
      services: 24,
      batch: 20,
      intervalMs: 60,
      seed: 15,
      stepMs: 500,
      shiftAt: 250,
      timeoutMs: 1500,
    });
    const gateServices = [loader.names[0], loader.names[1], loader.names[5], loader.names[2]];
    const answers = [];
    let polling = true;
    const pollGate = async () => {
      while (polling) {
        await Promise.all(
          procs.flatMap((p) =>
            gateServices.map(async (service) => {
              const start = Date.now();
              const wasDown = down.get(p.name) === true;
              try {
                const r = await getJson(`${p.base}/v1/gate/${service}?min_samples=0`, 1000);
                answers.push({ process: p.name, service, start, end: Date.now(), status: r.status, lagMs: r.body.scoring?.lag_ms ?? 0, outcome: r.body.outcome });
              } catch (error) {
                answers.push({ process: p.name, service, start, end: Date.now(), status: 'error', error: String(error), expectedDown: wasDown || down.get(p.name) === true });
              }
            }),
          ),
        );
        await sleep(100);
      }
    };
    loader.start();
    const gatePolling = pollGate();
    log('load started');
    await sleep(5000);

    // SIGKILL one owner mid-load.
    const killedOwned = [...p1.owned().keys()];
    down.set(p1.name, true);
    const killedAt = Date.now();
    await p1.kill();
    log(`SIGKILL ${p1.name} (owned ${killedOwned.length} partitions)`);
    await sleep(3000);
    const afterKill = checkTakeover('after SIGKILL', killedOwned, [p2, p3], killedAt, TAKEOVER_LIMIT_MS);
    log(`orphaned partitions owned again within ${afterKill.worstMs} ms`);

    // Restart it: it rejoins and takes its share back.
    await p1.start();
    down.set(p1.name, false);
    log(`${p1.name} restarted`);
    await sleep(4000);

    // SIGSTOP another: the server ends its silent lease session after CLUSTER_LEASE_TIMEOUT_MS.
    const stoppedOwned = [...p2.owned().keys()];
    down.set(p2.name, true);
    const stoppedAt = Date.now();
    p2.stop();
    log(`SIGSTOP ${p2.name} (owned ${stoppedOwned.length} partitions)`);
    await sleep(3500);
    const afterStop = checkTakeover('after SIGSTOP', stoppedOwned, [p1, p3], stoppedAt, TAKEOVER_LIMIT_MS);
    log(`its partitions owned again within ${afterStop.worstMs} ms of the SIGSTOP`);
    p2.resume();
    log(`SIGCONT ${p2.name}`);
    await sleep(1500);
    down.set(p2.name, false);
    await sleep(3500);

    // Woken up, it must have found its lease session gone and given up every partition it held.
    const lostAfterWake = p2.leases.filter((l) => l.kind === 'lost' && l.at >= stoppedAt).length;
    if (lostAfterWake !== stoppedOwned.length) afterStop.failures.push(`${p2.name} logged ${lostAfterWake} lost leases after SIGCONT, held ${stoppedOwned.length}`);
    await loader.stop();
    log(`load stopped: ${loader.acked} samples acknowledged, ${loader.unacked} unacknowledged (failed or timed out)`);
    const settled = await waitSettled(procs, PARTITIONS, 20_000);
    polling = false;
    await gatePolling;
    log(`settled: partitions ${settled.map((s) => s.partitions_owned).join('/')}, nothing pending`);

    // Clean shutdown: SIGTERM hands the partitions over at once.
    const handedOver = [...p3.owned().keys()];
    const terminatedAt = Date.now();
    await p3.terminate();
    const exitCode = p3.child.exitCode;
    await sleep(2500);
    const afterTerm = checkTakeover('after SIGTERM', handedOver, [p1, p2], terminatedAt, TAKEOVER_LIMIT_MS);
    const released = p3.leases.filter((l) => l.kind === 'released' && l.at >= terminatedAt).length;
    if (exitCode !== 0) afterTerm.failures.push(`${p3.name} exited with ${exitCode} on SIGTERM`);
    if (released !== handedOver.length) afterTerm.failures.push(`${p3.name} logged ${released} releases for ${handedOver.length} partitions`);
    const twoShares = await waitSettled([p1, p2], PARTITIONS, 10_000);
    log(`SIGTERM ${p3.name}: ${released} partitions released, owned again within ${afterTerm.worstMs} ms; shares ${twoShares.map((s) => s.partitions_owned).join('/')}`);

    client = await connect(db.url);
    const storage = await checkStorage(client, loader.ledger);
    const replay = await checkReplay(client, env);
    const epochs = await checkEpochs(client);
    const gate = checkGate(answers, MAX_LAG_MS);
    const share = Math.ceil(PARTITIONS / 3);
    const balance = settled.every((s) => s.partitions_owned <= share) ? [] : [`unbalanced shares ${settled.map((s) => s.partitions_owned).join('/')}`];
    const results = [
      ['every acknowledged sample stored exactly once, sequences without gaps', storage.failures, `${storage.acked} acknowledged, ${storage.storedRows} stored (${storage.unackedStored} unacknowledged ones stored once)`],
      ['transitions identical to a single-process replay', replay.failures, `${replay.transitions} transitions over ${replay.services} services`],
      ['lease epochs never go back in a partition (no two owners committing)', epochs.failures, `${epochs.leaseChanges} leases taken, up to ${epochs.maxEpochsScoringOnePartition} epochs scored one partition`],
      [`orphaned partitions owned again within ${TAKEOVER_LIMIT_MS} ms (SIGKILL)`, afterKill.failures, `${afterKill.partitions} partitions, worst ${afterKill.worstMs} ms`],
      [`orphaned partitions owned again within ${TAKEOVER_LIMIT_MS} ms (SIGSTOP), all given up on SIGCONT`, afterStop.failures, `${afterStop.partitions} partitions, worst ${afterStop.worstMs} ms`],
      ['the gate answers from every running process, never a wrong pass', gate.failures, `${gate.answers} answers ${JSON.stringify(gate.counts)}`],
      [`clean shutdown hands partitions over within ${TAKEOVER_LIMIT_MS} ms`, afterTerm.failures, `${afterTerm.partitions} partitions, worst ${afterTerm.worstMs} ms`],
      ['fair shares after the restart', balance, `${settled.map((s) => s.partitions_owned).join('/')} of ${PARTITIONS}`],
    ];
    let failed = 0;
    for (const [name, failures, figures] of results) {
      console.log(`${failures.length === 0 ? 'PASS' : 'FAIL'} ${name}: ${figures}`);
      for (const f of failures) console.log(`     ${f}`);
      if (failures.length > 0) failed++;
    }
    console.log(`${failed === 0 ? 'cluster test passed' : `cluster test FAILED (${failed} check(s))`} in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    if (failed > 0) {
      for (const p of procs) console.log(`--- ${p.name} (last lines)\n${p.tail(15)}`);
    }
    process.exitCode = failed === 0 ? 0 : 1;
  } finally {
    if (client) await client.end();
    for (const p of procs) {
      if (p.stopped) p.resume();
      await p.terminate();
    }
    await dropDatabase(db.name);
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
