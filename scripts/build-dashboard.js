#!/usr/bin/env node
'use strict';
/**
 * Bundles apps/dashboard (TypeScript, uPlot, CSS) into dist/dashboard: index.html plus
 * content-hashed assets, which the API serves at `/` (no CDN: everything ships in the bundle).
 * `node scripts/build-dashboard.js` alone rebuilds it in well under a second.
 */
const esbuild = require('esbuild');
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
const SRC = path.join(ROOT, 'apps/dashboard');
const OUT = path.join(ROOT, 'dist/dashboard');

async function build() {
  fs.rmSync(OUT, { recursive: true, force: true });
  const result = await esbuild.build({
    entryPoints: [path.join(SRC, 'src/main.ts')],
    bundle: true,
    minify: true,
    sourcemap: true,
    format: 'iife',
    target: ['es2020'],
    outdir: path.join(OUT, 'assets'),
    entryNames: 'app-[hash]',
    metafile: true,
    logLevel: 'warning',
  });
  const outputs = Object.keys(result.metafile.outputs).map((f) => path.basename(f));
  const js = outputs.find((f) => f.endsWith('.js'));
  const css = outputs.find((f) => f.endsWith('.css'));
  if (!js || !css) throw new Error(`esbuild produced ${outputs.join(', ')}: expected one .js and one .css`);
  const html = fs.readFileSync(path.join(SRC, 'index.html'), 'utf8').replace('__JS__', js).replace('__CSS__', css);
  fs.writeFileSync(path.join(OUT, 'index.html'), html);
  fs.copyFileSync(path.join(SRC, 'favicon.svg'), path.join(OUT, 'assets/favicon.svg'));
  return { js, css };
}

if (require.main === module) {
  build().then(
    ({ js, css }) => process.stderr.write(`dashboard: dist/dashboard (assets/${js}, assets/${css})\n`),
    (error) => {
      process.stderr.write(`dashboard build failed: ${error.message}\n`);
      process.exit(1);
    },
  );
}

module.exports = { build, OUT };
