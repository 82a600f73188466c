import { ConfigError, DriftConfig } from '@app/config';
import { Logger } from '@nestjs/common';
import { Pool, PoolClient, types } from 'pg';
import { DataSource } from 'typeorm';
import { ADVISORY } from './advisory-keys';
import { ClusterSchema1766000000000 } from './migrations/1766000000000-cluster-schema';
import { ClusterDeployments1766000000001 } from './migrations/1766000000001-cluster-deployments';
import { ClusterIdempotency1766000000002 } from './migrations/1766000000002-cluster-idempotency';

// bigint columns hold milliseconds and log offsets, far below 2^53: read them as numbers.
types.setTypeParser(types.builtins.INT8, (v: string) => Number(v));

export const CLUSTER_MIGRATIONS = [ClusterSchema1766000000000, ClusterDeployments1766000000001, ClusterIdempotency1766000000002];

/** Checks the URL before anything connects, with the same one-line error as every other setting. */
export function checkDatabaseUrl(url: string): void {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new ConfigError('Invalid DRIFTWATCH_DATABASE_URL (value not shown): must be a postgres:// or postgresql:// URL');
  }
  if (parsed.protocol !== 'postgres:' && parsed.protocol !== 'postgresql:') {
    throw new ConfigError('Invalid DRIFTWATCH_DATABASE_URL (value not shown): must be a postgres:// or postgresql:// URL');
  }
}

/**
 * The shared PostgreSQL store: a pool for appends and reads, migrations run by one process at a
 * time, and the partition rows created once. The partition count is written on first start and
 * checked on every later one: a different count would move services between partitions.
 */
export class ClusterDatabase {
  private readonly logger = new Logger(ClusterDatabase.name);
  readonly pool: Pool;

  constructor(private readonly config: DriftConfig) {
    checkDatabaseUrl(config.databaseUrl);
    this.pool = new Pool({ connectionString: config.databaseUrl, max: config.clusterPoolSize, keepAlive: true, connectionTimeoutMillis: config.clusterConnectTimeoutMs });
    // An idle pooled connection the server ends is dropped and replaced; it must not crash the process.
    this.pool.on('error', (error) => this.logger.warn(`PostgreSQL pool connection lost: ${error.message}`));
  }

  async prepare(): Promise<void> {
    const client = await this.pool.connect();
    try {
      await client.query('SELECT pg_advisory_lock($1, 0)', [ADVISORY.MIGRATE]);
      await this.migrate();
      await this.ensurePartitions(client);
    } finally {
      await client.query('SELECT pg_advisory_unlock($1, 0)', [ADVISORY.MIGRATE]).catch(() => undefined);
      client.release();
    }
  }

  private async migrate(): Promise<void> {
    const dataSource = new DataSource({
      type: 'postgres',
      url: this.config.databaseUrl,
      migrations: CLUSTER_MIGRATIONS,
      migrationsTransactionMode: 'all',
      logging: false,
    });
    await dataSource.initialize();
    try {
      const ran = await dataSource.runMigrations();
      if (ran.length > 0) this.logger.log(`Applied ${ran.length} cluster migration(s)`);
    } finally {
      await dataSource.destroy();
    }
  }

  private async ensurePartitions(client: PoolClient): Promise<void> {
    const wanted = this.config.clusterPartitions;
    await client.query(`INSERT INTO dw_cluster_meta (key, value) VALUES ('partitions', $1) ON CONFLICT (key) DO NOTHING`, [String(wanted)]);
    const stored = Number((await client.query(`SELECT value FROM dw_cluster_meta WHERE key = 'partitions'`)).rows[0].value);
    if (stored !== wanted) {
      throw new ConfigError(
        `Inconsistent configuration: DRIFTWATCH_CLUSTER_PARTITIONS=${wanted} but this database was created with ${stored} partitions (services would change partition)`,
      );
    }
    await client.query(`INSERT INTO dw_partitions (partition) SELECT generate_series(0, $1::int - 1) ON CONFLICT DO NOTHING`, [wanted]);
    await client.query(`INSERT INTO dw_cursors (partition) SELECT generate_series(0, $1::int - 1) ON CONFLICT DO NOTHING`, [wanted]);
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}
