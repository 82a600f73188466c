import 'reflect-metadata';
import { ConfigError, DriftConfig, loadConfig, unknownSettingWarnings } from '@app/config';
import { checkDatabaseFile, DatabaseLock, probeDatabase } from '@app/persistence';
import type { LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import * as path from 'node:path';
import { AppModule } from './app.module';
import { configureApp } from './configure-app';
import { tuneHeap } from './heap-tuning';
import { ApiKeys } from './security/api-keys';
import { startupFailure } from './startup-failure';
import { StartupLogger } from './startup-logger';

/** Nest's levels from most to least severe; DRIFTWATCH_LOG_LEVEL keeps everything up to the one named. */
const LOG_LEVELS: LogLevel[] = ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'];
const logLevelsUpTo = (level: DriftConfig['logLevel']): LogLevel[] => LOG_LEVELS.slice(0, LOG_LEVELS.indexOf(level) + 1);

const isLoopback = (host: string): boolean => host === 'localhost' || host === '::1' || host.startsWith('127.');

/** Set once the settings are read, so a later failure can name the setting at fault. */
let loaded: DriftConfig | undefined;
/**
 * Referenced for the life of the process: an unreferenced handle would be garbage-collected,
 * closing its connection and silently dropping the lock.
 */
let databaseLock: DatabaseLock | undefined;

async function bootstrap(): Promise<void> {
  for (const warning of unknownSettingWarnings(process.env)) console.warn(`Warning: ${warning}`);
  const config = loadConfig();
  loaded = config;
  const keys = ApiKeys.load(config);
  tuneHeap(config.heapGrowingPercent);
  // Checked before Nest starts, so a bad file is one line, not a retry loop with stack traces.
  checkDatabaseFile(config.dbPath);
  // Never released explicitly: the kernel drops it when this process ends, however it ends.
  databaseLock = DatabaseLock.acquire(config.dbPath);
  probeDatabase(config.dbPath);
  const logger = new StartupLogger();
  logger.setLogLevels(logLevelsUpTo(config.logLevel));
  // Until the server listens, a failure reaches the catch below and is printed there as one line.
  logger.muted = true;
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config, keys), {
    bufferLogs: false,
    abortOnError: false,
    logger,
  });
  configureApp(app, config);
  // Not enableShutdownHooks(): Nest re-raises the signal after closing (exit 143). A drained,
  // orderly stop is a success, so it exits 0.
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      console.log(`${signal} received: refusing new samples, draining the queue, closing the database`);
      app.close().then(
        () => {
          databaseLock?.release();
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
  const line = '='.repeat(60);
  const shownHost = config.host === '0.0.0.0' ? '0.0.0.0' : config.host;
  const browsable = shownHost === '0.0.0.0' ? 'localhost' : shownHost;
  const access = !keys.open
    ? `✓ API keys required (${keys.count} configured; /health, /docs and static files open)`
    : isLoopback(config.host)
      ? '✓ No API keys set: open to this machine only'
      : `! No API keys set: anyone who reaches ${shownHost}:${config.port} can send, read and reset (set DRIFTWATCH_API_KEYS)`;
  console.log(
    [
      line,
      'DriftWatch - Statistical Drift Detection Platform',
      line,
      `✓ Database connected: ${path.resolve(config.dbPath)}`,
      '✓ Telemetry ingestion service started',
      '✓ DriftWatch is ready',
      `✓ API listening on http://${shownHost}:${config.port}`,
      `✓ API docs on http://${browsable}:${config.port}/docs`,
      `✓ Prometheus metrics on http://${browsable}:${config.port}/metrics`,
      access,
      line,
    ].join('\n'),
  );
}

bootstrap().catch((error: unknown) => {
  // The operator's to fix: one line naming the setting or file, no stack trace, no retry.
  console.error(`DriftWatch cannot start: ${startupFailure(error, loaded)}`);
  const verbose = loaded?.logLevel === 'debug' || loaded?.logLevel === 'verbose';
  if (verbose && !(error instanceof ConfigError) && error instanceof Error) console.error(error.stack);
  process.exit(1);
});
