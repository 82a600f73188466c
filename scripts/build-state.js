'use strict';
/**
 * Is dist/ current? `npm start` and the `driftwatch` CLI build only when it is not: when an
 * entry point is missing, or a source file (apps/, libs/, the build's config files) is newer
 * than the oldest entry point. A current build starts in about a second instead of 15.
 */
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
const DIST = path.join(ROOT, 'dist');
const ENTRY = {
  api: path.join(DIST, 'apps/api/apps/api/src/main.js'),
  simulator: path.join(DIST, 'apps/simulator/apps/simulator/src/main.js'),
  replay: path.join(DIST, 'apps/api/apps/api/src/cli/replay.js'),
  evalNab: path.join(DIST, 'apps/api/apps/api/src/cli/eval-nab.js'),
  evalKpi: path.join(DIST, 'apps/api/apps/api/src/cli/eval-kpi.js'),
  dashboard: path.join(DIST, 'dashboard/index.html'),
};
// What `npm run build` always produces; eval-kpi is optional (it may not exist in every version).
const BUILT = [ENTRY.api, ENTRY.simulator, ENTRY.replay, ENTRY.evalNab, ENTRY.dashboard];
const SOURCE_DIRS = ['apps', 'libs'].map((d) => path.join(ROOT, d));
const SOURCE_FILES = ['tsconfig.json', 'tsconfig.build.json', 'nest-cli.json'].map((f) => path.join(ROOT, f));

const mtime = (file) => {
  try {
    return fs.statSync(file).mtimeMs;
  } catch {
    return null;
  }
};

/** Newest mtime among the files the build reads (tests and docs excluded); 0 if no sources ship. */
function newestSourceMtime() {
  let newest = 0;
  const visit = (dir) => {
    let entries;
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== 'node_modules') visit(full);
      } else if (!entry.name.endsWith('.spec.ts') && !entry.name.endsWith('.md')) {
        newest = Math.max(newest, mtime(full) ?? 0);
      }
    }
  };
  SOURCE_DIRS.forEach(visit);
  for (const file of SOURCE_FILES) newest = Math.max(newest, mtime(file) ?? 0);
  return newest;
}

/** Why a build is needed, or null when dist/ is current. */
function staleReason() {
  const built = BUILT.map(mtime);
  if (built.some((t) => t === null)) return 'dist/ is missing';
  return newestSourceMtime() > Math.min(...built) ? 'sources changed since the last build' : null;
}

/** Builds when dist/ is not current (progress on stderr, so stdout stays the command's own). */
function ensureBuilt() {
  const reason = staleReason();
  if (reason === null) return;
  process.stderr.write(`DriftWatch: building (${reason})…\n`);
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const run = spawnSync(npm, ['run', '--silent', 'build'], { cwd: ROOT, stdio: ['ignore', process.stderr, process.stderr] });
  if (run.status !== 0) {
    process.stderr.write(`DriftWatch: the build failed (${run.error ? run.error.message : `exit code ${run.status}`}); see above\n`);
    process.exit(1);
  }
}

module.exports = { ENTRY, ROOT, ensureBuilt, staleReason };
