#!/usr/bin/env node
'use strict';
// `npm start` / `driftwatch serve`: build only if dist/ is missing or older than the sources, then run the API.
const { ENTRY, ensureBuilt } = require('./build-state');

ensureBuilt();
require(ENTRY.api);
