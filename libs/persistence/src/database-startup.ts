// Imported by path (@app/persistence/database-startup), not through the library's index: main.ts
// runs these checks before TypeORM and Nest are loaded, which is what keeps a fault under 2 s.
import Database from 'better-sqlite3';
import * as fs from 'node:fs';
import * as path from 'node:path';

/** The first 16 bytes of every SQLite 3 database file. */
const SQLITE_HEADER = Buffer.from('SQLite format 3\0', 'latin1');

/** A database file DriftWatch cannot use; the message is one line naming DRIFTWATCH_DB_PATH and the file. */
export class DatabaseStartupError extends Error {
  constructor(file: string, why: string) {
    super(`DRIFTWATCH_DB_PATH=${path.resolve(file)} ${why}`);
    this.name = 'DatabaseStartupError';
  }
}

/** The lock file beside the database: `driftwatch.db` → `driftwatch.db.lock`. */
export const lockFileOf = (dbPath: string): string => `${path.resolve(dbPath)}.lock`;

/**
 * Held for the life of the process: no second DriftWatch may open the same database (two writers
 * would hand out the same sequence numbers). The lock is SQLite's own exclusive lock on a small
 * side file, i.e. a POSIX advisory lock owned by the kernel: it dies with the process however the
 * process ends, SIGKILL included, so there is never a stale lock to clean up (a pid file would
 * need a liveness check that a recycled pid can fool). The file itself stays and is harmless.
 */
export class DatabaseLock {
  private constructor(
    private readonly handle: Database.Database,
    readonly file: string,
  ) {}

  static acquire(dbPath: string): DatabaseLock {
    const file = lockFileOf(dbPath);
    let handle: Database.Database | undefined;
    try {
      // timeout 0: a held lock is reported at once, not waited for.
      handle = new Database(file, { timeout: 0 });
      handle.pragma('locking_mode = EXCLUSIVE');
      handle.pragma('journal_mode = MEMORY');
      // In EXCLUSIVE locking mode the lock a write transaction takes is kept until close.
      handle.exec('BEGIN EXCLUSIVE; COMMIT;');
      return new DatabaseLock(handle, file);
    } catch (error) {
      handle?.close();
      const code = (error as { code?: string }).code;
      if (code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED') {
        throw new DatabaseStartupError(dbPath, `is in use by another DriftWatch process (lock ${file}); stop it or choose another file`);
      }
      throw new DatabaseStartupError(dbPath, `cannot be locked: ${file}: ${describe(error)}`);
    }
  }

  release(): void {
    if (this.handle.open) this.handle.close();
  }
}

/**
 * Fails fast, in one line, on a database path DriftWatch cannot use: a directory, a file it may
 * not read or write, or a file that is not SQLite. A file that does not exist yet is fine (it is
 * created, if its directory exists and is writable). Opens nothing with SQLite.
 */
export function checkDatabaseFile(dbPath: string): void {
  const file = path.resolve(dbPath);
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw new DatabaseStartupError(dbPath, `cannot be read: ${describe(error)}`);
    const dir = path.dirname(file);
    if (!fs.existsSync(dir)) throw new DatabaseStartupError(dbPath, `cannot be created: the directory ${dir} does not exist`);
    try {
      fs.accessSync(dir, fs.constants.W_OK);
    } catch {
      throw new DatabaseStartupError(dbPath, `cannot be created: the directory ${dir} is not writable`);
    }
    return;
  }
  if (!stat.isFile()) throw new DatabaseStartupError(dbPath, 'is not a regular file');
  try {
    fs.accessSync(file, fs.constants.R_OK | fs.constants.W_OK);
  } catch (error) {
    throw new DatabaseStartupError(dbPath, `cannot be read and written: ${describe(error)}`);
  }
  if (stat.size === 0) return;
  const header = Buffer.alloc(SQLITE_HEADER.length);
  const fd = fs.openSync(file, 'r');
  try {
    fs.readSync(fd, header, 0, header.length, 0);
  } finally {
    fs.closeSync(fd);
  }
  if (!header.equals(SQLITE_HEADER)) throw new DatabaseStartupError(dbPath, 'is not a SQLite database (wrong file header)');
}

/** After the lock is held: opens the file and reads its schema, where a damaged file usually shows first. */
export function probeDatabase(dbPath: string): void {
  const file = path.resolve(dbPath);
  if (!fs.existsSync(file)) return;
  let db: Database.Database | undefined;
  try {
    // Read-write: a read-only connection cannot open a WAL database whose -shm file is missing.
    db = new Database(file, { fileMustExist: true, timeout: 0 });
    db.prepare('SELECT count(*) FROM sqlite_master').get();
  } catch (error) {
    throw new DatabaseStartupError(dbPath, `cannot be opened as a SQLite database: ${describe(error)}`);
  } finally {
    db?.close();
  }
}

function describe(error: unknown): string {
  const { code, message } = error as { code?: string; message?: string };
  const text = (message ?? String(error)).split('\n')[0];
  return code && !text.includes(code) ? `${text} (${code})` : text;
}
