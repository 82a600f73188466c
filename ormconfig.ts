// The DataSource the TypeORM CLI uses, e.g.
//   npx typeorm-ts-node-commonjs -d ormconfig.ts migration:show
import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { loadConfig } from './libs/config/src';
import { buildDataSourceOptions } from './libs/persistence/src/data-source-options';

export default new DataSource(buildDataSourceOptions(loadConfig()));
