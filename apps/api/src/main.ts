import 'reflect-metadata';
import type { DriftConfig } from '@app/config';
import { ConfigError, loadConfig } from '@app/config/load-config';
import { unknownSettingWarnings } from '@app/config/unknown-settings';
import { checkDatabaseFile, DatabaseLock, probeDatabase } from '@app/persistence/database-startup';
import { tuneHeap } from './heap-tuning';
import { ApiKeys } from './security/api-keys';
import { checkPortFree } from './server/port-check';
import { startupFailure } from './startup-failure';

/**
 * Start-up in two stages. This file checks what an operator most often gets wrong (a setting, the
 * database file, a second instance, a port in use) with only the config and the SQLite driver loaded, so those
 * faults end in one line well within 2 s; Nest and the app are loaded after (serve.ts).
 */

/** Set once the settings are read, so a later failure can name the setting at fault. */
let loaded: DriftConfig | undefined;

async function bootstrap(): Promise<void> {
  for (const warning of unknownSettingWarnings(process.env)) console.warn(`Warning: ${warning}`);
  const config = loadConfig();
  loaded = config;
  const keys = ApiKeys.load(config);
  tuneHeap(config.heapGrowingPercent);
  // DRIFTWATCH_DATABASE_URL switches to cluster mode (PostgreSQL): no SQLite file to check or lock.
  const cluster = config.databaseUrl !== '';
  let lock: DatabaseLock | null = null;
  if (!cluster) {
    checkDatabaseFile(config.dbPath);
    // Released on an orderly stop; otherwise the kernel drops it when the process ends, however it ends.
    lock = DatabaseLock.acquire(config.dbPath);
    probeDatabase(config.dbPath);
  }
  await checkPortFree(config.host, config.port);
  const { serve } = await import('./serve');
  await serve(config, keys, lock);
}

bootstrap().catch((error: unknown) => {
  // The operator's to fix: one line naming the setting or file, no stack trace, no retry.
  console.error(`DriftWatch cannot start: ${startupFailure(error, loaded)}`);
  const verbose = loaded?.logLevel === 'debug' || loaded?.logLevel === 'verbose';
  if (verbose && !(error instanceof ConfigError) && error instanceof Error) console.error(error.stack);
  process.exit(1);
});
