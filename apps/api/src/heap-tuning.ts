import * as v8 from 'node:v8';

/**
 * Sets how far V8 lets the old generation grow past what survived the last full GC before it
 * collects again (DRIFTWATCH_HEAP_GROWING_PERCENT). V8 picks the factor itself (up to 4x on a
 * machine with a few GB of RAM) and gives the pages back only in a memory-reducing GC, which in
 * practice did not run while the server kept serving: after filling 10 000 services (10 M samples)
 * the heap held ~55 MB of live objects in ~200 MB committed, for as long as the process lived. At
 * 30 % it stays near 1.3x live: measured on the bench's memory phase, RSS with 10 000 full windows
 * went from ~495 MB to ~360 MB, and batch ingest showed no difference beyond the run-to-run noise
 * (docs/performance.md). `--heap-growing-percent` on the node command line wins over the setting.
 * Read by V8 at every GC, so setting it once the configuration is loaded is early enough.
 */
export function tuneHeap(growingPercent: number): void {
  const explicit = process.execArgv.some((arg) => /^--heap[-_]growing[-_]percent/.test(arg));
  if (!explicit) v8.setFlagsFromString(`--heap-growing-percent=${growingPercent}`);
}
