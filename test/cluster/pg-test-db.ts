import { DriftConfig, loadConfig } from '@app/config';
import { Client } from 'pg';

const ADMIN_URL = process.env.DRIFTWATCH_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** A fresh database for one spec file, and the config that points at it; `drop` removes it. */
export async function freshDatabase(tag: string, env: Record<string, string> = {}): Promise<{ config: DriftConfig; url: string; drop: () => Promise<void> }> {
  const name = `dw_${tag}_${process.pid}_${Date.now()}`.toLowerCase();
  const admin = new Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  const config = loadConfig({ DRIFTWATCH_DATABASE_URL: url.toString(), ...env });
  return {
    config,
    url: url.toString(),
    drop: async () => {
      const c = new Client({ connectionString: ADMIN_URL });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await c.end();
    },
  };
}
