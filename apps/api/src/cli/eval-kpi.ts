import { spawnSync } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { loadConfig } from '@app/config';
import { replayFile, toTransitionRecord } from '@app/replay';
import { parseArgs, UsageError } from './cli-args';
import { csvFiles } from './eval-files';

const USAGE = 'usage: eval:kpi DIR [--segments segments.json] [--out DIR] [--scorer kpi_score.py] [--detail]';

/**
 * Replays every CSV under DIR (AIOps-2018 KPI layout: `timestamp,value`) through the engine with
 * the default configuration, writes one transitions file per series (the layout `kpi_score.py`
 * reads: the CSV's path under DIR with `/` → `__`, plus `.jsonl`) and scores them.
 */
async function main(argv: readonly string[]): Promise<number> {
  const { positional, options } = parseArgs(argv, ['segments', 'out', 'scorer'], ['detail', 'help']);
  if (options.has('help')) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (positional.length !== 1) throw new UsageError(`expected one DIR; ${USAGE}`);
  const dir = resolve(positional[0]);
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new UsageError(`${positional[0]} is not a directory`);
  const segments = (options.get('segments') as string | undefined) ?? join(dirname(dir), 'labels', 'segments.json');
  const scorer = (options.get('scorer') as string | undefined) ?? join(dirname(dir), 'kpi_score.py');
  const outDir = (options.get('out') as string | undefined) ?? mkdtempSync(join(tmpdir(), 'driftwatch-kpi-'));
  mkdirSync(outDir, { recursive: true });

  const config = loadConfig();
  const files = csvFiles(dir);
  if (files.length === 0) throw new UsageError(`no CSV files under ${positional[0]}`);
  let samples = 0;
  let onsets = 0;
  for (const file of files) {
    const name = `${relative(dir, file).split(sep).join('__')}.jsonl`;
    const out = createWriteStream(join(outDir, name));
    const summary = await replayFile(file, {
      config,
      onTransition: (t) => {
        if (t.transition.to === 'DRIFT_DETECTED') onsets++;
        out.write(`${JSON.stringify(toTransitionRecord(t))}\n`);
      },
    });
    await new Promise<void>((done) => out.end(done));
    samples += summary.samples;
  }
  process.stderr.write(`eval:kpi: ${files.length} series, ${samples} samples, ${onsets} drift onsets → ${outDir}\n`);
  if (!existsSync(scorer) || !existsSync(segments)) {
    process.stderr.write(`eval:kpi: no scorer or segments (${scorer}, ${segments}); pass --scorer and --segments to score\n`);
    return 0;
  }
  const run = spawnSync('python3', [scorer, dir, segments, outDir, ...(options.has('detail') ? ['--detail'] : [])], { encoding: 'utf8' });
  if (run.error) throw new Error(`cannot run python3: ${run.error.message}`);
  process.stdout.write(run.stdout);
  if (run.status !== 0) {
    process.stderr.write(run.stderr);
    return 1;
  }
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`eval:kpi: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = error instanceof UsageError ? 2 : 1;
  },
);
