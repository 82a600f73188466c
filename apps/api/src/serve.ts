import type { DriftConfig } from '@app/config';
import type { DatabaseLock } from '@app/persistence/database-startup';
import type { LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import * as path from 'node:path';
import { AppModule } from './app.module';
import { configureApp } from './configure-app';
import type { ApiKeys } from './security/api-keys';
import { StartupLogger } from './startup-logger';

/** Nest's levels from most to least severe; DRIFTWATCH_LOG_LEVEL keeps everything up to the one named. */
const LOG_LEVELS: LogLevel[] = ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'];
const logLevelsUpTo = (level: DriftConfig['logLevel']): LogLevel[] => LOG_LEVELS.slice(0, LOG_LEVELS.indexOf(level) + 1);

const isLoopback = (host: string): boolean => host === 'localhost' || host === '::1' || host.startsWith('127.');

/** The Nest part of start-up, loaded by main.ts once the settings and the database file passed. */
export async function serve(config: DriftConfig, keys: ApiKeys, lock: DatabaseLock | null): Promise<void> {
  const logger = new StartupLogger();
  logger.setLogLevels(logLevelsUpTo(config.logLevel));
  // Until the server listens, a failure reaches main.ts's catch and is printed there as one line.
  logger.muted = true;
  // Cluster mode (DRIFTWATCH_DATABASE_URL) is loaded only then: the embedded start-up never loads the PostgreSQL client.
  const clusterApp = config.databaseUrl !== '' ? await import('./cluster/cluster-app') : null;
  const app = await NestFactory.create<NestExpressApplication>(clusterApp ? clusterApp.ClusterAppModule.forRoot(config, keys) : AppModule.forRoot(config, keys), {
    bufferLogs: false,
    abortOnError: false,
    logger,
  });
  if (clusterApp) clusterApp.configureClusterApp(app, config);
  else configureApp(app, config);
  // Not enableShutdownHooks(): Nest re-raises the signal after closing (exit 143). A drained,
  // orderly stop is a success, so it exits 0.
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      console.log(`${signal} received: refusing new samples, draining the queue, closing the database`);
      app.close().then(
        () => {
          lock?.release();
          process.exit(0);
        },
        (error: unknown) => {
          console.error(`Shutdown failed: ${String(error)}`);
          process.exit(1);
        },
      );
    });
  }
  await app.listen(config.port, config.host);
  logger.muted = false;
  console.log(banner(config, keys));
}

function banner(config: DriftConfig, keys: ApiKeys): string {
  const line = '='.repeat(60);
  const shownHost = config.host === '0.0.0.0' ? '0.0.0.0' : config.host;
  const browsable = shownHost === '0.0.0.0' ? 'localhost' : shownHost;
  const cluster = config.databaseUrl !== '';
  const access = !keys.open
    ? `✓ API keys required (${keys.count} configured; ${cluster ? '/health, /ready and /docs' : '/health, /docs and static files'} open)`
    : isLoopback(config.host)
      ? '✓ No API keys set: open to this machine only'
      : `! No API keys set: anyone who reaches ${shownHost}:${config.port} can send, read and reset (set DRIFTWATCH_API_KEYS)`;
  return [
    line,
    'DriftWatch - Statistical Drift Detection Platform',
    line,
    cluster
      ? `✓ Cluster mode: PostgreSQL ${new URL(config.databaseUrl).host}, ${config.clusterPartitions} partitions`
      : `✓ Database connected: ${path.resolve(config.dbPath)}`,
    '✓ Telemetry ingestion service started',
    '✓ DriftWatch is ready',
    `✓ API listening on http://${shownHost}:${config.port}`,
    // The dashboard is served in embedded mode only.
    ...(cluster ? [] : [`✓ Dashboard on http://${browsable}:${config.port}/`]),
    `✓ API docs on http://${browsable}:${config.port}/docs`,
    `✓ Prometheus metrics on http://${browsable}:${config.port}/metrics`,
    access,
    line,
  ].join('\n');
}
