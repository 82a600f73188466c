import { createWriteStream, statSync } from 'node:fs';
import type { Writable } from 'node:stream';
import { loadConfig } from '@app/config';
import { BadRowError, ReplaySummary, replayFile, toTransitionRecord } from '@app/replay';
import { parseArgs, UsageError } from './cli-args';

const USAGE = 'usage: driftwatch replay FILE [--service ID] [--out FILE.jsonl] [--skip-bad-rows]';
const HELP = `${USAGE}

Feeds FILE, in order, to the same detector the API runs (same settings, DRIFTWATCH_* variables) and
prints one JSON line per state transition; a summary goes to stderr.

FILE is CSV with a header \`timestamp,value\` (value = latency) or \`timestamp,latency_ms[,payload_kb][,service_id]\`
(any column order), or JSON lines of {service_id?, latency_ms, payload_kb?, timestamp}. Without payload_kb the
series is latency-only. Timestamps: the API's contract (ISO-8601, T or a space, no zone = UTC).

  --service ID      service of rows that name none (default: the file name without extension)
  --out FILE.jsonl  write the transitions there instead of stdout
  --skip-bad-rows   skip (and count) bad rows instead of stopping at the first
  --help            show this help

Exit codes: 0 done, 1 a bad row (named with its line number), 2 bad options.`;

interface ReplayArgs {
  file: string;
  serviceId?: string;
  out?: string;
  skipBadRows: boolean;
}

function readArgs(argv: readonly string[]): ReplayArgs {
  const { positional, options } = parseArgs(argv, ['service', 'out'], ['skip-bad-rows', 'help']);
  if (options.has('help')) throw new UsageError(USAGE);
  if (positional.length !== 1) throw new UsageError(positional.length === 0 ? `missing FILE; ${USAGE}` : `expected one FILE, got ${positional.length}; ${USAGE}`);
  const file = positional[0];
  try {
    if (!statSync(file).isFile()) throw new UsageError(`${file} is not a file`);
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError(`cannot read ${file}`);
  }
  return {
    file,
    serviceId: options.get('service') as string | undefined,
    out: options.get('out') as string | undefined,
    skipBadRows: options.has('skip-bad-rows'),
  };
}

function formatDuration(ms: number): string {
  const s = Math.round(ms / 1000);
  const d = Math.floor(s / 86400);
  const h = Math.floor((s % 86400) / 3600);
  const m = Math.floor((s % 3600) / 60);
  return d > 0 ? `${d}d ${h}h ${m}m` : h > 0 ? `${h}h ${m}m` : `${m}m ${s % 60}s`;
}

export function formatSummary(summary: ReplaySummary): string {
  const reasons = Object.entries(summary.byReason)
    .map(([reason, n]) => `  ${reason}: ${n}`)
    .join('\n');
  return [
    `samples: ${summary.samples} (${summary.services} service${summary.services === 1 ? '' : 's'})`,
    `transitions: ${summary.transitions}`,
    ...(reasons ? [reasons] : []),
    `time in DRIFT_DETECTED: ${formatDuration(summary.driftMs)}`,
    `bad rows skipped: ${summary.badRowsSkipped}`,
  ].join('\n');
}

/** A one-line progress bar, redrawn in place; only used when stderr is a terminal. */
function progressBar(totalBytes: number): { update(bytes: number): void; done(): void } {
  let last = -1;
  return {
    update(bytes: number) {
      const pct = totalBytes > 0 ? Math.min(100, Math.floor((bytes / totalBytes) * 100)) : 100;
      if (pct === last) return;
      last = pct;
      const filled = Math.round(pct / 4);
      process.stderr.write(`\r[${'#'.repeat(filled)}${'.'.repeat(25 - filled)}] ${pct}%`);
    },
    done() {
      if (last >= 0) process.stderr.write('\r\x1b[K');
    },
  };
}

async function write(out: Writable, text: string): Promise<void> {
  if (!out.write(text)) await new Promise<void>((resolve) => out.once('drain', resolve));
}

async function main(argv: readonly string[]): Promise<number> {
  if (argv.includes('--help')) {
    process.stdout.write(`${HELP}\n`);
    return 0;
  }
  const args = readArgs(argv);
  const config = loadConfig();
  const out: Writable = args.out ? createWriteStream(args.out) : process.stdout;
  const bar = process.stderr.isTTY ? progressBar(statSync(args.file).size) : null;
  try {
    const summary = await replayFile(args.file, {
      config,
      serviceId: args.serviceId,
      skipBadRows: args.skipBadRows,
      onTransition: (t) => write(out, `${JSON.stringify(toTransitionRecord(t))}\n`),
      onProgress: bar ? (bytes) => bar.update(bytes) : undefined,
    });
    bar?.done();
    process.stderr.write(`${formatSummary(summary)}\n`);
    return 0;
  } catch (error) {
    bar?.done();
    if (error instanceof BadRowError) {
      process.stderr.write(`${error.message}\n`);
      return 1;
    }
    throw error;
  } finally {
    if (args.out) await new Promise<void>((resolve) => out.end(resolve));
  }
}

// A closed pipe (`replay big.csv | head`) is not an error worth a stack trace.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    if (error instanceof UsageError) {
      process.stderr.write(`replay: ${error.message}\n`);
      process.exitCode = 2;
    } else {
      process.stderr.write(`replay: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = 1;
    }
  },
);
