import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { loadConfig } from '@app/config';
import { HealthState } from '@app/health/engine';
import { replayFile } from '@app/replay';
import { parseArgs, UsageError } from './cli-args';
import { csvFiles } from './eval-files';

const USAGE = 'usage: driftwatch eval nab DIR [--labels FILE] [--out alarms.json] [--scorer nab_score.py] [--detail]';
const HELP = `${USAGE}

Replays every CSV under DIR (the NAB corpus's data directory) through the detector with the current
DRIFTWATCH_* settings, writes the alarm times (transitions into DRIFT_DETECTED) as JSON, and scores them
with NAB's scorer when one is found.

  --labels FILE     NAB label file passed to the scorer
  --out FILE        where the alarms go (default alarms.json)
  --scorer FILE     the scorer script (default: nab_score.py beside DIR)
  --detail          print the scorer's per-file detail, not only the total
  --help            show this help`;

/** NAB's own timestamp layout (UTC, no zone), which its scorer matches row by row. */
const nabTime = (ms: number): string => new Date(ms).toISOString().replace('T', ' ').replace(/(\.000)?Z$/, '');

/** The labelled windows per series, when the labels file is readable (null: unknown, score everything). */
function labelWindows(path: string): Record<string, unknown[]> | null {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown[]>;
  } catch {
    return null;
  }
}

async function main(argv: readonly string[]): Promise<number> {
  const { positional, options } = parseArgs(argv, ['labels', 'out', 'scorer'], ['detail', 'help']);
  if (options.has('help')) {
    process.stdout.write(`${HELP}\n`);
    return 0;
  }
  if (positional.length !== 1) throw new UsageError(`expected one DIR; ${USAGE}`);
  const dir = resolve(positional[0]);
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new UsageError(`${positional[0]} is not a directory`);
  const outPath = (options.get('out') as string | undefined) ?? 'alarms.json';
  const labels = options.get('labels') as string | undefined;
  if (labels !== undefined && !existsSync(labels)) throw new UsageError(`cannot read ${labels}`);
  const scorerOption = options.get('scorer') as string | undefined;
  if (scorerOption !== undefined && !existsSync(scorerOption)) throw new UsageError(`cannot read ${scorerOption}`);

  const config = loadConfig();
  const files = csvFiles(dir);
  if (files.length === 0) throw new UsageError(`no CSV files under ${positional[0]}`);
  const alarms: Record<string, string[]> = {};
  let samples = 0;
  for (const file of files) {
    const key = relative(dir, file).split(sep).join('/');
    const times: string[] = [];
    const summary = await replayFile(file, {
      config,
      onTransition: ({ transition }) => {
        if (transition.to === HealthState.DRIFT_DETECTED) times.push(nabTime(transition.timeMs));
      },
    });
    samples += summary.samples;
    alarms[key] = times;
  }
  writeFileSync(outPath, `${JSON.stringify(alarms, null, 1)}\n`);
  const alarmCount = Object.values(alarms).reduce((n, a) => n + a.length, 0);
  process.stderr.write(`eval:nab: ${files.length} series, ${samples} samples, ${alarmCount} alarms → ${outPath}\n`);

  const scorer = scorerOption ?? join(dirname(dir), 'nab_score.py');
  if (!existsSync(scorer)) {
    process.stderr.write(`eval:nab: no scorer at ${scorer}; pass --scorer to score the alarms\n`);
    return 0;
  }
  const score = (extra: string[]): string[] | null => {
    const scorerArgs = [scorer, outPath, '--data', dir, ...(labels ? ['--labels', labels] : []), ...extra];
    const run = spawnSync('python3', scorerArgs, { encoding: 'utf8' });
    if (run.error) throw new Error(`cannot run python3: ${run.error.message}`);
    if (run.status !== 0) {
      process.stderr.write(run.stderr);
      return null;
    }
    return run.stdout.trimEnd().split('\n');
  };
  const windows = labelWindows(labels ?? join(dirname(dir), 'labels', 'combined_windows.json'));
  const hasWindows = (keys: string[]): boolean => windows === null || keys.some((key) => (windows[key] ?? []).length > 0);
  // Every figure per group (each top-level folder: NAB's categories), then the total.
  const groups = [...new Set(Object.keys(alarms).map((key) => (key.includes('/') ? key.slice(0, key.indexOf('/') + 1) : '')))].filter((g) => g);
  if (groups.length > 1) {
    for (const group of groups) {
      const groupAlarms = Object.entries(alarms).filter(([key]) => key.startsWith(group));
      if (!hasWindows(groupAlarms.map(([key]) => key))) {
        // No labelled windows (NAB's artificialNoAnomaly): every alarm there is a false one.
        const n = groupAlarms.reduce((sum, [, times]) => sum + times.length, 0);
        process.stdout.write(`${group.slice(0, -1).padEnd(24)} no labelled windows: ${n} false alarm(s) in ${groupAlarms.length} series\n`);
        continue;
      }
      const lines = score(['--files', group]);
      if (!lines) return 1;
      process.stdout.write(`${group.slice(0, -1).padEnd(24)} ${lines[lines.length - 1]}\n`);
    }
  }
  const lines = score(options.has('detail') ? ['--detail'] : []);
  if (!lines) return 1;
  process.stdout.write(`${options.has('detail') ? lines.join('\n') : `${'all'.padEnd(24)} ${lines[lines.length - 1]}`}\n`);
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`eval:nab: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = error instanceof UsageError ? 2 : 1;
  },
);
