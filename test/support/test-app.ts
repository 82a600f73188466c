import { DriftConfig, loadConfig } from '@app/config';
import type { INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Test } from '@nestjs/testing';
import * as fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { AppModule } from '../../apps/api/src/app.module';
import { configureApp } from '../../apps/api/src/configure-app';

export interface TestApp {
  app: INestApplication;
  baseUrl: string;
  dbPath: string;
  config: DriftConfig;
  /** Closes the app (drains the queue, closes the database) and keeps the database file. */
  stop(): Promise<void>;
  /** Stops the app and deletes its temporary directory. */
  close(): Promise<void>;
}

/**
 * The real application (same module, pipe, filter, body limit) on a temporary SQLite file,
 * listening on 127.0.0.1 on a random port. Environment variables are ignored: tests see defaults
 * plus their own overrides. Pass `dbPath` in overrides to reopen an existing database (restart).
 */
export async function startTestApp(overrides: Partial<DriftConfig> = {}): Promise<TestApp> {
  const dir = overrides.dbPath ? path.dirname(overrides.dbPath) : fs.mkdtempSync(path.join(os.tmpdir(), 'driftwatch-'));
  const config = loadConfig({}, { host: '127.0.0.1', port: 0, dbPath: path.join(dir, 'driftwatch.db'), ...overrides });
  const moduleRef = await Test.createTestingModule({ imports: [AppModule.forRoot(config)] }).compile();
  const app = moduleRef.createNestApplication<NestExpressApplication>({ logger: ['error'] });
  configureApp(app, config);
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as AddressInfo;
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    await app.close();
  };
  return {
    app,
    baseUrl: `http://127.0.0.1:${port}`,
    dbPath: config.dbPath,
    config,
    stop,
    close: async () => {
      await stop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
