'use strict';
/** Paths into the build (`npm run bench` builds first); the bench measures what ships. */
const path = require('node:path');

const ROOT = path.resolve(__dirname, '../../..');
const DIST = path.join(ROOT, 'dist/apps/api');

/** mtimes of the built engine's files: tells whether a build ran in the meantime. */
function engineFingerprint() {
  const fs = require('node:fs');
  const parts = [];
  for (const lib of ['health', 'statistics', 'config']) {
    const dir = path.join(DIST, 'libs', lib, 'src');
    for (const entry of fs.readdirSync(dir, { recursive: true })) {
      if (String(entry).endsWith('.js')) parts.push(`${entry}:${fs.statSync(path.join(dir, String(entry))).mtimeMs}`);
    }
  }
  return parts.sort().join('|');
}

module.exports = {
  engineFingerprint,
  ROOT,
  MAIN: path.join(DIST, 'apps/api/src/main.js'),
  engine: () => ({
    ...require(path.join(DIST, 'libs/health/src/engine/service-detector.js')),
    ...require(path.join(DIST, 'libs/statistics/src/index.js')),
    ...require(path.join(DIST, 'libs/config/src/load-config.js')),
  }),
};
