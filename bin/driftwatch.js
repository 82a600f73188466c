#!/usr/bin/env node
'use strict';
/**
 * The one DriftWatch command line: `driftwatch serve | replay | simulate | eval nab | eval kpi`.
 * Each command runs the built app (dist/), building first when the sources are newer;
 * `--help` works on every command without a build.
 */
const fs = require('node:fs');
const path = require('node:path');
const { ENTRY, ensureBuilt } = require('../scripts/build-state');

const COMMANDS = {
  serve: {
    summary: 'Run the DriftWatch API (what `npm start` runs)',
    help: `usage: driftwatch serve [--port N] [--host ADDR] [--db FILE] [--log-level LEVEL]

Runs the API, Swagger UI at /docs and Prometheus metrics at /metrics, building first if dist/ is
missing or older than the sources. Every setting is a DRIFTWATCH_* environment variable (README:
Configuration); the options below are shorthands for the most common ones.

  --port N           DRIFTWATCH_PORT (default 8000)
  --host ADDR        DRIFTWATCH_HOST (default 0.0.0.0)
  --db FILE          DRIFTWATCH_DB_PATH (default ./driftwatch.db)
  --log-level LEVEL  DRIFTWATCH_LOG_LEVEL: error, warn (default), log, debug, verbose
  --help             show this help

Stops on SIGTERM / SIGINT after draining the ingestion queue (exit code 0).`,
  },
  replay: {
    summary: 'Replay a CSV or JSON-lines file through the detector; print its transitions',
    entry: ENTRY.replay,
    fallback: 'usage: driftwatch replay FILE [--service ID] [--out FILE.jsonl] [--skip-bad-rows]',
  },
  simulate: {
    summary: 'Send synthetic traffic (NORMAL, SPIKE, CREEP) to a running DriftWatch; verdict on the acceptance tests',
    entry: ENTRY.simulator,
    fallback: 'usage: driftwatch simulate [--mode NORMAL|SPIKE|CREEP] [--duration S] [--service ID] [--url URL] [--rate N] [--seed N] [--reset]',
  },
  eval: {
    summary: 'Score the detector on a labelled corpus: `eval nab DIR` or `eval kpi DIR`',
    help: `usage: driftwatch eval nab DIR [options]   score on the Numenta Anomaly Benchmark (NAB) data
       driftwatch eval kpi DIR [options]   score on the KPI anomaly-detection data

\`driftwatch eval nab --help\` and \`driftwatch eval kpi --help\` list each one's options.`,
  },
};

const EVALUATORS = {
  nab: { summary: 'Score the detector on the NAB corpus (DIR = NAB data directory)', entry: ENTRY.evalNab, fallback: 'usage: driftwatch eval nab DIR [--labels FILE] [--out alarms.json] [--scorer nab_score.py] [--detail]' },
  kpi: { summary: 'Score the detector on the KPI corpus (DIR = KPI data directory)', entry: ENTRY.evalKpi, fallback: 'usage: driftwatch eval kpi DIR [options]' },
};

const MAIN_HELP = `usage: driftwatch <command> [options]

Statistical drift detection for service latency and payload.

commands:
${Object.entries(COMMANDS)
  .map(([name, c]) => `  ${name.padEnd(10)} ${c.summary}`)
  .join('\n')}

\`driftwatch <command> --help\` shows a command's options. README: CLI.`;

const isHelp = (arg) => arg === '--help' || arg === '-h';
const out = (text) => process.stdout.write(`${text}\n`);

function fail(message) {
  process.stderr.write(`driftwatch: ${message}\n`);
  process.exit(2);
}

/** Runs a built CLI in this process, with `args` as its command line. */
function run(entry, name, args) {
  if (!fs.existsSync(entry)) {
    process.stderr.write(
      `driftwatch ${name}: not available: ${path.relative(process.cwd(), entry)} is missing. ` +
        'Run `npm run build`; if it is still missing, this version of DriftWatch does not have it.\n',
    );
    process.exit(1);
  }
  process.argv = [process.argv[0], `driftwatch ${name}`, ...args];
  require(entry);
}

/** `--help` of a command backed by a built CLI: our one-line summary, then the CLI's own options. */
function delegatedHelp(command, name) {
  out(`driftwatch ${name}: ${command.summary}\n`);
  if (fs.existsSync(command.entry)) run(command.entry, name, ['--help']);
  else out(`${command.fallback}\n\n(build with \`npm run build\` to see every option)`);
}

function serve(args) {
  const shorthands = { '--port': 'DRIFTWATCH_PORT', '--host': 'DRIFTWATCH_HOST', '--db': 'DRIFTWATCH_DB_PATH', '--log-level': 'DRIFTWATCH_LOG_LEVEL' };
  for (let i = 0; i < args.length; i++) {
    const [flag, inline] = args[i].split(/=(.*)/s);
    const env = shorthands[flag];
    if (!env) fail(`serve: unknown option ${args[i]} (see driftwatch serve --help)`);
    const value = inline ?? args[++i];
    if (value === undefined || value === '') fail(`serve: ${flag} needs a value`);
    process.env[env] = value;
  }
  // scripts/start.js is `npm start`: the same build check, then the API's main.js.
  require('../scripts/start.js');
}

function main(argv) {
  const [name, ...rest] = argv;
  if (name === undefined || isHelp(name)) return out(MAIN_HELP);
  if (name === 'help') return main(rest.length > 0 ? [rest[0], '--help'] : []);
  if (name === 'serve') {
    if (rest.some(isHelp)) return out(COMMANDS.serve.help);
    return serve(rest);
  }
  if (name === 'replay' || name === 'simulate') {
    if (rest.some(isHelp)) return delegatedHelp(COMMANDS[name], name);
    ensureBuilt();
    return run(COMMANDS[name].entry, name, rest);
  }
  if (name === 'eval') {
    const [kind, ...evalArgs] = rest;
    if (kind === undefined || isHelp(kind)) return out(COMMANDS.eval.help);
    const evaluator = EVALUATORS[kind];
    if (!evaluator) fail(`eval: unknown corpus "${kind}" (expected nab or kpi)`);
    if (evalArgs.some(isHelp)) return delegatedHelp(evaluator, `eval ${kind}`);
    ensureBuilt();
    return run(evaluator.entry, `eval ${kind}`, evalArgs);
  }
  // Before there were commands, `driftwatch FILE` replayed the file; that still works.
  if (!name.startsWith('-') && fs.existsSync(name) && fs.statSync(name).isFile()) {
    ensureBuilt();
    return run(ENTRY.replay, 'replay', argv);
  }
  fail(`unknown command "${name}" (commands: ${Object.keys(COMMANDS).join(', ')}; see driftwatch --help)`);
}

main(process.argv.slice(2));
