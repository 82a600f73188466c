'use strict';
/**
 * Child processes of the bench: every one is registered here and SIGKILLed when this process
 * exits for any reason (normal end, error, Ctrl-C), so a failed run never leaves a server behind.
 */
const { spawn } = require('node:child_process');

const live = new Set();
let hooked = false;

function hookExit() {
  if (hooked) return;
  hooked = true;
  process.on('exit', () => {
    for (const child of live) child.kill('SIGKILL');
  });
}

/** For the CLI scripts (not inside jest): Ctrl-C and crashes still end in the 'exit' cleanup. */
function exitOnSignalsAndErrors() {
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => process.exit(130));
  for (const event of ['uncaughtException', 'unhandledRejection']) {
    process.on(event, (error) => {
      console.error(error);
      process.exit(1);
    });
  }
}

/**
 * Spawns `node args…` and resolves once a stdout line matches `ready` (or rejects after
 * `timeoutMs`, killing it). Output is kept (last 200 lines) for error messages.
 */
function startNode(args, { env = {}, cwd, ready, timeoutMs = 60_000 } = {}) {
  hookExit();
  const started = process.hrtime.bigint();
  const child = spawn(process.execPath, args, {
    cwd,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  live.add(child);
  const lines = [];
  const exited = new Promise((resolve) =>
    child.on('exit', (code, signal) => {
      live.delete(child);
      resolve({ code, signal });
    }),
  );
  let onLine = () => undefined;
  const collect = (chunk) => {
    for (const line of chunk.toString().split('\n')) {
      if (!line) continue;
      lines.push(line);
      if (lines.length > 200) lines.shift();
      onLine(line);
    }
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  const handle = {
    child,
    pid: child.pid,
    exited,
    log: () => lines.join('\n'),
    /** Milliseconds from spawn to the ready line. */
    readyMs: NaN,
    kill(signal = 'SIGTERM') {
      if (live.has(child)) child.kill(signal);
      return exited;
    },
    /** SIGTERM, then SIGKILL if it has not exited within `graceMs`. */
    async stop(graceMs = 15_000) {
      if (!live.has(child)) return exited;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      const result = await exited;
      clearTimeout(timer);
      return result;
    },
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${args.join(' ')} not ready after ${timeoutMs} ms:\n${handle.log()}`));
    }, timeoutMs);
    onLine = (line) => {
      if (ready.test(line)) {
        clearTimeout(timer);
        onLine = () => undefined;
        handle.readyMs = Number(process.hrtime.bigint() - started) / 1e6;
        resolve(handle);
      }
    };
    void exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`${args.join(' ')} exited (${code ?? signal}) before it was ready:\n${handle.log()}`));
    });
  });
}

/** Runs a node script to completion and parses the JSON it prints on its last stdout line. */
async function runNodeJson(args, options = {}) {
  const handle = await startNode(args, { ...options, ready: /^\{.*\}$/ });
  const last = handle.log().split('\n').filter((l) => /^\{.*\}$/.test(l)).pop();
  await handle.exited;
  return JSON.parse(last);
}

/** Resident set size and its peak, in MB, from /proc (Linux). */
function memoryOf(pid) {
  const fs = require('node:fs');
  const text = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (key) => Number((new RegExp(`^${key}:\\s+(\\d+)`, 'm').exec(text) || [])[1]) / 1024;
  return { rssMb: kb('VmRSS'), peakRssMb: kb('VmHWM') };
}

module.exports = { startNode, runNodeJson, memoryOf, exitOnSignalsAndErrors };
