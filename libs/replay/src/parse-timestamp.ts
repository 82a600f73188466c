import { parseTimestamp as parseSharedTimestamp } from '@app/config';

/**
 * The shared timestamp contract (`@app/config` timestamp.ts, the same one the HTTP API applies),
 * as this lib has always returned it: milliseconds since the epoch, or `null` when invalid.
 */
export function parseTimestamp(text: string): number | null {
  const ms = parseSharedTimestamp(text);
  return Number.isNaN(ms) ? null : ms;
}
