'use strict';
/**
 * DriftWatch processes in cluster mode on loopback: start, SIGKILL, SIGSTOP/SIGCONT, restart.
 * Every stdout line is kept with the time it arrived; lease lines ("lease: partition 5 acquired
 * by host:pid (epoch 12)") give each process's ownership history. Every child is SIGKILLed when
 * this script exits, however it exits.
 */
const { spawn } = require('node:child_process');
const net = require('node:net');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '../../..');
const API_ENTRY = path.join(ROOT, 'dist/apps/api/apps/api/src/main.js');
const live = new Set();
process.on('exit', () => {
  for (const child of live) child.kill('SIGKILL');
});

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

const LEASE_LINE = /^lease: partition (\d+) (acquired|released|lost) by (\S+) \(epoch (\d+)\)/;

class ClusterProcess {
  constructor(name, port, env) {
    this.name = name;
    this.port = port;
    this.env = env;
    this.base = `http://127.0.0.1:${port}`;
    this.lines = [];
    this.leases = [];
    this.child = null;
    this.stopped = false;
  }

  async start(timeoutMs = 30_000) {
    const child = spawn(process.execPath, [API_ENTRY], {
      cwd: ROOT,
      env: { ...process.env, DRIFTWATCH_HOST: '127.0.0.1', DRIFTWATCH_PORT: String(this.port), ...this.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    this.stopped = false;
    live.add(child);
    child.on('exit', () => live.delete(child));
    const onLine = (line) => {
      const at = Date.now();
      this.lines.push({ at, line });
      const m = LEASE_LINE.exec(line);
      if (m) this.leases.push({ at, partition: Number(m[1]), kind: m[2], owner: m[3], epoch: Number(m[4]), process: this.name });
    };
    for (const stream of [child.stdout, child.stderr]) {
      let buffered = '';
      stream.setEncoding('utf8');
      stream.on('data', (chunk) => {
        buffered += chunk;
        let nl;
        while ((nl = buffered.indexOf('\n')) >= 0) {
          onLine(buffered.slice(0, nl));
          buffered = buffered.slice(nl + 1);
        }
      });
    }
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (child.exitCode !== null) throw new Error(`${this.name} exited with ${child.exitCode}:\n${this.tail()}`);
      try {
        const res = await fetch(`${this.base}/health`, { signal: AbortSignal.timeout(500) });
        if (res.ok) return;
      } catch {
        // not listening yet
      }
      await sleep(100);
    }
    throw new Error(`${this.name} did not start within ${timeoutMs} ms:\n${this.tail()}`);
  }

  /** Partitions this process believes it owns now, from its lease lines. */
  owned() {
    const owned = new Map();
    for (const l of this.leases) {
      if (l.kind === 'acquired') owned.set(l.partition, l.epoch);
      else owned.delete(l.partition);
    }
    return owned;
  }

  kill() {
    this.child.kill('SIGKILL');
    return waitExit(this.child);
  }

  stop() {
    this.stopped = true;
    this.child.kill('SIGSTOP');
  }

  resume() {
    this.stopped = false;
    this.child.kill('SIGCONT');
  }

  async terminate() {
    if (!this.child || this.child.exitCode !== null || this.child.signalCode !== null) return;
    this.child.kill('SIGTERM');
    await waitExit(this.child, 15_000).catch(() => this.child.kill('SIGKILL'));
  }

  get alive() {
    return this.child !== null && this.child.exitCode === null && this.child.signalCode === null;
  }

  tail(n = 30) {
    return this.lines.slice(-n).map((l) => l.line).join('\n');
  }
}

function waitExit(child, timeoutMs = 10_000) {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('process did not exit')), timeoutMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function startCluster(count, env) {
  const procs = [];
  for (let i = 0; i < count; i++) procs.push(new ClusterProcess(`p${i + 1}`, await freePort(), env));
  // One at a time: the first runs the migrations, the others find them done.
  for (const p of procs) await p.start();
  return procs;
}

/** Waits until the live processes' shares add up to every partition and nothing is pending. */
async function waitSettled(procs, partitions, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    try {
      const views = await Promise.all(procs.filter((p) => p.alive && !p.stopped).map((p) => getJson(`${p.base}/ready`)));
      const owned = views.reduce((n, v) => n + v.body.partitions_owned, 0);
      last = JSON.stringify(views.map((v) => v.body));
      if (owned === partitions && views.every((v) => v.status === 200 && v.body.pending === 0)) return views.map((v) => v.body);
    } catch (error) {
      last = String(error);
    }
    await sleep(200);
  }
  throw new Error(`cluster did not settle within ${timeoutMs} ms: ${last}`);
}

async function getJson(url, timeoutMs = 2000) {
  const res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
  return { status: res.status, body: await res.json() };
}

module.exports = { ClusterProcess, startCluster, waitSettled, getJson, sleep, freePort, API_ENTRY };
