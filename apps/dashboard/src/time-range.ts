/** The time range picker's model: a relative range (`last 1 h`, follows now) or a fixed one. */

export const PRESETS: { key: string; label: string; ms: number }[] = [
  { key: '15m', label: 'Last 15 min', ms: 15 * 60_000 },
  { key: '1h', label: 'Last 1 h', ms: 3_600_000 },
  { key: '6h', label: 'Last 6 h', ms: 6 * 3_600_000 },
  { key: '24h', label: 'Last 24 h', ms: 24 * 3_600_000 },
  { key: '7d', label: 'Last 7 days', ms: 7 * 24 * 3_600_000 },
];

export const DEFAULT_PRESET = '1h';

export type TimeRange = { kind: 'relative'; preset: string; ms: number } | { kind: 'absolute'; fromMs: number; toMs: number };

/** From the address: `range=6h`, or `from` and `to` in ISO (a zoom or a chosen range). */
export function rangeFromParams(params: URLSearchParams): TimeRange {
  const from = Date.parse(params.get('from') ?? '');
  const to = Date.parse(params.get('to') ?? '');
  if (Number.isFinite(from) && Number.isFinite(to) && from < to) return { kind: 'absolute', fromMs: from, toMs: to };
  const preset = PRESETS.find((p) => p.key === params.get('range')) ?? PRESETS.find((p) => p.key === DEFAULT_PRESET)!;
  return { kind: 'relative', preset: preset.key, ms: preset.ms };
}

export function rangeToParams(range: TimeRange, params: URLSearchParams): void {
  params.delete('range');
  params.delete('from');
  params.delete('to');
  if (range.kind === 'relative') params.set('range', range.preset);
  else {
    params.set('from', new Date(range.fromMs).toISOString());
    params.set('to', new Date(range.toMs).toISOString());
  }
}

export function resolveRange(range: TimeRange, now = Date.now()): { fromMs: number; toMs: number } {
  return range.kind === 'relative' ? { fromMs: now - range.ms, toMs: now } : { fromMs: range.fromMs, toMs: range.toMs };
}
