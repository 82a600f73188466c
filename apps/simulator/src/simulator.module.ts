import { DynamicModule, Module } from '@nestjs/common';
import { DriftwatchClient } from './client/driftwatch-client';
import { SIM_OPTIONS_TOKEN, SimOptions } from './options/sim-options';
import { ProgressReporter } from './run/progress-reporter';
import { ScenarioRunner } from './run/scenario-runner';
import { SIM_OUTPUT, SimOutput, stdoutOutput } from './run/sim-output';
import { TrafficSender } from './run/traffic-sender';
import { VerdictCalculator } from './verdict/verdict-calculator';

/** The simulator's standalone application context: options, API client, sender, runner and verdicts. */
@Module({})
export class SimulatorModule {
  static forRoot(options: SimOptions, output: SimOutput = stdoutOutput): DynamicModule {
    return {
      module: SimulatorModule,
      providers: [
        { provide: SIM_OPTIONS_TOKEN, useValue: options },
        { provide: SIM_OUTPUT, useValue: output },
        { provide: DriftwatchClient, useFactory: () => new DriftwatchClient(options.url, undefined, options.apiKey) },
        TrafficSender,
        ProgressReporter,
        VerdictCalculator,
        ScenarioRunner,
      ],
    };
  }
}
