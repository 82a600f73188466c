import { NestFactory } from '@nestjs/core';
import { ApiError, UnreachableError } from './client/client-errors';
import { HELP_TEXT, OptionsError, parseOptions } from './options/parse-options';
import { SimOptions } from './options/sim-options';
import { RunResult, ScenarioRunner } from './run/scenario-runner';
import { SimOutput, stdoutOutput } from './run/sim-output';
import { SimulatorModule } from './simulator.module';
import { formatVerdictTable } from './verdict/verdict-table';

export const EXIT_PASS = 0;
export const EXIT_FAIL = 1;
export const EXIT_USAGE = 2;

export interface SimulationOutcome {
  exitCode: number;
  result: RunResult | null;
}

/** Runs one scenario in a standalone Nest context and prints its verdict table; used by main and the e2e test. */
export async function simulate(options: SimOptions, out: SimOutput = stdoutOutput): Promise<SimulationOutcome> {
  const app = await NestFactory.createApplicationContext(SimulatorModule.forRoot(options, out), { logger: ['error'] });
  try {
    const result = await app.get(ScenarioRunner).run();
    out.write('\n' + formatVerdictTable(`Verdict (${options.mode}, seed ${options.seed})`, result.verdicts));
    return { exitCode: result.passed ? EXIT_PASS : EXIT_FAIL, result };
  } finally {
    await app.close();
  }
}

/** The command line: parse, run, and turn every expected failure into one line and an exit code. */
export async function simulateCli(argv: readonly string[], out: SimOutput = stdoutOutput): Promise<number> {
  try {
    const parsed = parseOptions(argv);
    if (parsed.help) {
      out.write(HELP_TEXT + '\n');
      return EXIT_PASS;
    }
    return (await simulate(parsed.options, out)).exitCode;
  } catch (error) {
    if (error instanceof OptionsError || error instanceof UnreachableError) {
      process.stderr.write(`error: ${error.message}\n`);
      return EXIT_USAGE;
    }
    if (error instanceof ApiError) {
      process.stderr.write(`error: ${error.message}\n`);
      // A 4xx is DriftWatch rejecting what we were told to send (e.g. a service id it refuses).
      return error.status >= 400 && error.status < 500 ? EXIT_USAGE : EXIT_FAIL;
    }
    throw error;
  }
}
