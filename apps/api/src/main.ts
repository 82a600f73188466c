import 'reflect-metadata';
import { ConfigError, DriftConfig, loadConfig } from '@app/config';
import type { LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import * as path from 'node:path';
import { AppModule } from './app.module';
import { configureApp } from './configure-app';
import { tuneHeap } from './heap-tuning';

/** Nest's levels from most to least severe; DRIFTWATCH_LOG_LEVEL keeps everything up to the one named. */
const LOG_LEVELS: LogLevel[] = ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'];
const logLevelsUpTo = (level: DriftConfig['logLevel']): LogLevel[] => LOG_LEVELS.slice(0, LOG_LEVELS.indexOf(level) + 1);

async function bootstrap(): Promise<void> {
  const config = loadConfig();
  tuneHeap(config.heapGrowingPercent);
  // Framework logs (route mapping, module init) stay quiet at the default `warn`; the banner below always prints.
  // DRIFTWATCH_DATABASE_URL switches to cluster mode (PostgreSQL); unset, SQLite as always.
  // Loaded only then: the embedded start-up never loads the PostgreSQL client.
  const cluster = config.databaseUrl !== '';
  const clusterApp = cluster ? await import('./cluster/cluster-app') : null;
  const app = await NestFactory.create<NestExpressApplication>(clusterApp ? clusterApp.ClusterAppModule.forRoot(config) : AppModule.forRoot(config), {
    bufferLogs: false,
    logger: logLevelsUpTo(config.logLevel),
  });
  if (clusterApp) clusterApp.configureClusterApp(app, config);
  else configureApp(app, config);
  // Not enableShutdownHooks(): Nest re-raises the signal after closing (exit 143). A drained,
  // orderly stop is a success, so it exits 0.
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      console.log(`${signal} received: refusing new samples, draining the queue, closing the database`);
      app.close().then(
        () => process.exit(0),
        (error: unknown) => {
          console.error(`Shutdown failed: ${String(error)}`);
          process.exit(1);
        },
      );
    });
  }
  await app.listen(config.port, config.host);
  const line = '='.repeat(60);
  const shownHost = config.host === '0.0.0.0' ? '0.0.0.0' : config.host;
  console.log(
    [
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
      ...(cluster ? [] : [`✓ Dashboard on http://${shownHost === '0.0.0.0' ? 'localhost' : shownHost}:${config.port}/`]),
      `✓ API docs on http://${shownHost === '0.0.0.0' ? 'localhost' : shownHost}:${config.port}/docs`,
      `✓ Prometheus metrics on http://${shownHost === '0.0.0.0' ? 'localhost' : shownHost}:${config.port}/metrics`,
      line,
    ].join('\n'),
  );
}

bootstrap().catch((error: unknown) => {
  // A bad setting is the operator's to fix: one line naming the variable, no stack trace.
  if (error instanceof ConfigError) console.error(`DriftWatch cannot start: ${error.message}`);
  else console.error('DriftWatch cannot start:', error);
  process.exit(1);
});
