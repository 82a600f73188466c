import type { DriftConfig } from '@app/config';
import { ConfigError } from '@app/config/load-config';
import { DatabaseStartupError } from '@app/persistence/database-startup';
import * as path from 'node:path';

type Where = Pick<DriftConfig, 'host' | 'port' | 'dbPath'>;

/** listen() errors, by errno code, in the operator's terms: which setting to change. */
function listenFailure(code: string, config: Where): string | undefined {
  switch (code) {
    case 'EADDRINUSE':
      return `DRIFTWATCH_PORT=${config.port}: the port is already in use on ${config.host} (another process listens there; stop it or set another port)`;
    case 'EACCES':
      return `DRIFTWATCH_PORT=${config.port}: not allowed to listen on this port (ports below 1024 need privileges)`;
    case 'EADDRNOTAVAIL':
      return `DRIFTWATCH_HOST=${config.host}: not an address of this machine`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `DRIFTWATCH_HOST=${config.host}: the host name does not resolve`;
    default:
      return undefined;
  }
}

/** The one line printed when start-up fails; `config` is undefined when the settings themselves failed. */
export function startupFailure(error: unknown, config: Where | undefined): string {
  if (error instanceof ConfigError || error instanceof DatabaseStartupError) return error.message;
  const code = (error as { code?: unknown } | null)?.code;
  if (config && typeof code === 'string') {
    const listen = listenFailure(code, config);
    if (listen) return listen;
    // Damage the start-up checks could not see (e.g. deep in a table a migration reads).
    if (code.startsWith('SQLITE_')) return `DRIFTWATCH_DB_PATH=${path.resolve(config.dbPath)}: ${firstLine(error)} (${code})`;
  }
  return firstLine(error);
}

const firstLine = (error: unknown): string => (error instanceof Error ? error.message : String(error)).split('\n')[0];
