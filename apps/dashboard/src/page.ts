/** What main.ts needs of a page: it owns its element and stops its timers when left. */
export interface Page {
  readonly element: HTMLElement;
  dispose(): void;
}

/** How often a page reloads its data (`refresh=` in the address). */
export const REFRESH_CHOICES: { key: string; label: string; ms: number }[] = [
  { key: 'off', label: 'Off', ms: 0 },
  { key: '5s', label: '5 s', ms: 5000 },
  { key: '10s', label: '10 s', ms: 10_000 },
  { key: '30s', label: '30 s', ms: 30_000 },
  { key: '1m', label: '1 min', ms: 60_000 },
];
export const DEFAULT_REFRESH = '10s';

export const refreshMs = (params: URLSearchParams): number =>
  (REFRESH_CHOICES.find((c) => c.key === params.get('refresh')) ?? REFRESH_CHOICES.find((c) => c.key === DEFAULT_REFRESH)!).ms;
