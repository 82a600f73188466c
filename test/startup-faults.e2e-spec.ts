import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { serveUntilExit, spawnServe, waitUntilReady } from './support/cli-process';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { ensureBuilt } = require('../scripts/build-state') as { ensureBuilt: () => void };

/** Issue 13: a start-up fault is reported in one line and exit 1 within 2 s. */
const EXIT_WITHIN_MS = 2000;
/** Generous: a start on a loaded test machine, not what is being measured. */
const READY_WITHIN_MS = 30_000;

/** One line on stderr, no stack frame, exit 1. */
function expectOneLineFailure(run: { code: number | null; stderr: string; elapsedMs: number }, ...fragments: string[]): void {
  const lines = run.stderr.trim().split('\n');
  expect(run.code).toBe(1);
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/^DriftWatch cannot start: /);
  for (const fragment of fragments) expect(lines[0]).toContain(fragment);
  expect(run.stderr).not.toMatch(/\n\s+at /);
  expect(run.elapsedMs).toBeLessThan(EXIT_WITHIN_MS);
}

describe('start-up faults of `driftwatch serve` (e2e)', () => {
  let dir: string;
  const settings = (db: string, extra: Record<string, string> = {}) => ({
    DRIFTWATCH_HOST: '127.0.0.1',
    DRIFTWATCH_PORT: '0',
    DRIFTWATCH_DB_PATH: db,
    ...extra,
  });

  beforeAll(() => {
    ensureBuilt();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'driftwatch-faults-'));
    // The unreadable-file case runs as another user when the tests run as root.
    fs.chmodSync(dir, 0o755);
  }, 300_000);
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('should refuse a second instance on the same file, and not be blocked by a SIGKILLed owner', async () => {
    const db = path.join(dir, 'shared.db');
    const owner = spawnServe(settings(db));
    try {
      await waitUntilReady(owner, READY_WITHIN_MS);
      const second = await serveUntilExit(settings(db), READY_WITHIN_MS);
      expectOneLineFailure(second, `DRIFTWATCH_DB_PATH=${db}`, 'in use by another DriftWatch process');
    } finally {
      owner.kill('SIGKILL');
    }
    await new Promise((resolve) => owner.once('exit', resolve));
    const next = spawnServe(settings(db));
    try {
      await waitUntilReady(next, READY_WITHIN_MS);
    } finally {
      next.kill('SIGTERM');
      await new Promise((resolve) => next.once('exit', resolve));
    }
  }, 120_000);

  it('should name the file of a non-SQLite database', async () => {
    const db = path.join(dir, 'notes.db');
    fs.writeFileSync(db, 'these are my notes, not a database\n'.repeat(100));
    expectOneLineFailure(await serveUntilExit(settings(db), READY_WITHIN_MS), `DRIFTWATCH_DB_PATH=${db}`, 'is not a SQLite database');
  });

  it('should name the file of a corrupt database', async () => {
    const db = path.join(dir, 'corrupt.db');
    // A real SQLite header followed by garbage: what a truncated copy or a disk error leaves.
    const header = Buffer.alloc(100);
    Buffer.from('SQLite format 3\0', 'latin1').copy(header);
    header.writeUInt16BE(4096, 16);
    header[18] = 1;
    header[19] = 1;
    const garbage = Buffer.alloc(16 * 4096);
    for (let i = 0; i < garbage.length; i++) garbage[i] = (i * 2654435761) >>> 24;
    fs.writeFileSync(db, Buffer.concat([header, garbage]));
    expectOneLineFailure(await serveUntilExit(settings(db), READY_WITHIN_MS), `DRIFTWATCH_DB_PATH=${db}`, 'cannot be opened as a SQLite database');
  });

  it('should name the file of an unreadable database', async () => {
    const db = path.join(dir, 'locked-away.db');
    fs.writeFileSync(db, '');
    fs.chmodSync(db, 0o000);
    // root reads any file: the server runs without that power, as an ordinary account would.
    const run = await serveUntilExit(settings(db), READY_WITHIN_MS, { withoutFileOverride: true });
    expectOneLineFailure(run, `DRIFTWATCH_DB_PATH=${db}`, 'cannot be read and written');
  });

  it('should name DRIFTWATCH_PORT when the port is in use, after warning about an unknown setting', async () => {
    const taken = net.createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const port = (taken.address() as net.AddressInfo).port;
    try {
      const run = await serveUntilExit(settings(path.join(dir, 'port.db'), { DRIFTWATCH_PORT: String(port), DRIFTWATCH_QUEUE_CAPACTY: '10' }), READY_WITHIN_MS);
      const [warning, ...rest] = run.stderr.trim().split('\n');
      expect(warning).toBe('Warning: Unknown setting DRIFTWATCH_QUEUE_CAPACTY is ignored (did you mean DRIFTWATCH_QUEUE_CAPACITY?)');
      expectOneLineFailure({ ...run, stderr: rest.join('\n') }, `DRIFTWATCH_PORT=${port}`, 'already in use');
    } finally {
      taken.close();
    }
  });
});
