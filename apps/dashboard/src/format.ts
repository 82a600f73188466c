/** How numbers, times and durations read on the page. */

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** `3 d 4 h`, `12 min`, `45 s`: the two largest units. */
export function duration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '—';
  if (ms < MINUTE) return `${Math.floor(ms / SECOND)} s`;
  if (ms < HOUR) return `${Math.floor(ms / MINUTE)} min`;
  if (ms < DAY) {
    const m = Math.floor((ms % HOUR) / MINUTE);
    return `${Math.floor(ms / HOUR)} h${m ? ` ${m} min` : ''}`;
  }
  const hrs = Math.floor((ms % DAY) / HOUR);
  return `${Math.floor(ms / DAY)} d${hrs ? ` ${hrs} h` : ''}`;
}

export const ago = (iso: string | null, now = Date.now()): string => (iso ? `${duration(now - Date.parse(iso))} ago` : '—');

/** A value with a sensible number of digits for its size. */
export function num(x: number | null | undefined, unit = ''): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return '—';
  const abs = Math.abs(x);
  const s = abs >= 1000 ? x.toFixed(0) : abs >= 100 ? x.toFixed(1) : abs >= 1 ? x.toFixed(2) : x.toPrecision(3);
  return unit ? `${s} ${unit}` : s;
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** Local time, to the second: `2026-12-02 10:31:02`. */
export function localTime(ms: number): string {
  const d = new Date(ms);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

/** `2026-12-02T10:31` in local time, what an `<input type="datetime-local">` holds. */
export function toLocalInput(ms: number): string {
  const d = new Date(ms);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** Reasons in words a reader knows, the rule name kept beside them. */
const REASON_TEXT: Record<string, string> = {
  baseline_ready: 'baseline learned',
  consecutive_severe_anomalies: '5 severe samples in a row',
  moderate_anomaly_density: 'many moderate anomalies',
  persistent_shift: 'persistent shift',
  tail_drift: 'tail drift',
  extreme_sample: 'extreme sample',
  recovered: 'recovered',
  new_normal_adopted: 'new normal adopted',
  baseline_reset: 'baseline reset',
};

export const reasonText = (reason: string): string => REASON_TEXT[reason] ?? reason.replace(/_/g, ' ');

export const STATE_TEXT: Record<string, string> = { DRIFT_DETECTED: 'Drift', STABLE: 'Stable', INSUFFICIENT_DATA: 'Learning' };
export const stateText = (state: string): string => STATE_TEXT[state] ?? state;
