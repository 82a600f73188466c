import { DynamicModule, Global, Module } from '@nestjs/common';
import type { DriftConfig } from './drift-config';
import { loadConfig } from './load-config';

/** Injection token of the frozen, validated `DriftConfig`. */
export const DRIFT_CONFIG = Symbol('DRIFT_CONFIG');

@Global()
@Module({})
export class ConfigModule {
  static forRoot(config: DriftConfig = loadConfig()): DynamicModule {
    return {
      module: ConfigModule,
      providers: [{ provide: DRIFT_CONFIG, useValue: config }],
      exports: [DRIFT_CONFIG],
    };
  }
}
