'use strict';
/** Paths into the build (`npm run bench` builds first); the bench measures what ships. */
const path = require('node:path');

const ROOT = path.resolve(__dirname, '../../..');
const DIST = path.join(ROOT, 'dist/apps/api');

module.exports = {
  ROOT,
  MAIN: path.join(DIST, 'apps/api/src/main.js'),
  engine: () => ({
    ...require(path.join(DIST, 'libs/health/src/engine/service-detector.js')),
    ...require(path.join(DIST, 'libs/statistics/src/index.js')),
    ...require(path.join(DIST, 'libs/config/src/load-config.js')),
  }),
};
