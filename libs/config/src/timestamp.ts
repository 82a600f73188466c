/**
 * The one timestamp contract of DriftWatch, shared by the HTTP API (telemetry, `?since=`) and the
 * replay CLI, so a file that replays also ingests and the reverse.
 *
 * Accepted: ISO-8601 calendar date-times `YYYY-MM-DD[(T| )HH:MM[:SS[.fraction]]][zone]`, `T` or a
 * space between date and time (`t`/`z` in any case), zone `Z`, `±HH:MM` or `±HHMM`. A time without
 * a zone is UTC (NAB and most exports write UTC without saying so; `Date.parse` would read it as
 * the machine's local time). A date alone is midnight UTC. Epoch numbers are not accepted: `1714560000`
 * could be seconds or milliseconds, and guessing wrong shifts a sample by 50 years.
 */
export const TIMESTAMP_PATTERN = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i;

/** The message every caller gives for a timestamp that does not parse. */
export const TIMESTAMP_FORMAT_HINT =
  'an ISO-8601 date-time, e.g. 2026-01-12T10:30:45.123Z, 2026-01-12T12:30:45+02:00 or 2026-01-12 10:30:45 (no zone = UTC)';

/** Milliseconds since the epoch of a timestamp in the contract above, or NaN if it is not one. */
export function parseTimestamp(text: string): number {
  const m = TIMESTAMP_PATTERN.exec(text.trim());
  if (!m) return NaN;
  const [, y, mo, d, h = '00', mi = '00', s = '00', frac = '', zone] = m;
  const month = Number(mo);
  const day = Number(d);
  if (month < 1 || month > 12 || day < 1 || day > 31 || Number(h) > 23 || Number(mi) > 59 || Number(s) > 59) return NaN;
  const ms = frac ? Math.round(Number(`0${frac}`) * 1000) : 0;
  let time = Date.UTC(Number(y), month - 1, day, Number(h), Number(mi), Number(s), ms);
  // Date.UTC rolls 31 February over into March; a calendar date that does not exist is bad input.
  if (new Date(Date.UTC(Number(y), month - 1, day)).getUTCDate() !== day) return NaN;
  if (zone && zone.toUpperCase() !== 'Z') {
    const sign = zone[0] === '-' ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    const offsetH = Number(digits.slice(0, 2));
    const offsetM = Number(digits.slice(2));
    if (offsetH > 23 || offsetM > 59) return NaN;
    time -= sign * (offsetH * 60 + offsetM) * 60_000;
  }
  return time;
}
