import { ChildProcess, spawn } from 'node:child_process';
import * as path from 'node:path';

const BIN = path.join(__dirname, '..', '..', 'bin', 'driftwatch.js');

export interface Exited {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  elapsedMs: number;
}

export interface ServeOptions {
  /**
   * Run without root's power to read and write any file (CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH),
   * so file permissions apply as they do to an ordinary account. Dropping capabilities, rather than
   * switching to another user, keeps the checkout readable wherever CI cloned it.
   */
  withoutFileOverride?: boolean;
}

/** `driftwatch serve` as an operator runs it, with only the given DRIFTWATCH_* settings. */
export function spawnServe(env: Record<string, string>, options: ServeOptions = {}): ChildProcess & { output: () => { stdout: string; stderr: string } } {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('DRIFTWATCH_')));
  const dropCaps = options.withoutFileOverride && process.getuid?.() === 0;
  const caps = '-dac_override,-dac_read_search';
  const [command, args] = dropCaps
    ? ['setpriv', [`--bounding-set=${caps}`, `--inh-caps=${caps}`, process.execPath, BIN, 'serve']]
    : [process.execPath, [BIN, 'serve']];
  const child = spawn(command, args, { env: { ...clean, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  return Object.assign(child, { output: () => ({ stdout, stderr }) });
}

/** Runs `driftwatch serve` expecting it to stop by itself within `timeoutMs`. */
export function serveUntilExit(env: Record<string, string>, timeoutMs: number, options: ServeOptions = {}): Promise<Exited> {
  const started = performance.now();
  const child = spawnServe(env, options);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`driftwatch serve still running after ${timeoutMs} ms: ${JSON.stringify(child.output())}`));
    }, timeoutMs);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, ...child.output(), elapsedMs: performance.now() - started });
    });
  });
}

/** Resolves once the banner says the API is ready. */
export function waitUntilReady(child: ReturnType<typeof spawnServe>, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`not ready after ${timeoutMs} ms: ${JSON.stringify(child.output())}`)), timeoutMs);
    const check = () => {
      if (child.output().stdout.includes('DriftWatch is ready')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout?.on('data', check);
    child.on('exit', () => {
      clearTimeout(timer);
      reject(new Error(`exited before ready: ${JSON.stringify(child.output())}`));
    });
    check();
  });
}
