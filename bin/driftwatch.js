#!/usr/bin/env node
// `driftwatch replay FILE ...` (or `driftwatch FILE ...`): the replay CLI of the built app.
const path = require('node:path');
const args = process.argv.slice(2);
if (args[0] === 'replay') args.shift();
process.argv = [process.argv[0], 'driftwatch', ...args];
require(path.join(__dirname, '..', 'dist', 'apps', 'api', 'apps', 'api', 'src', 'cli', 'replay.js'));
