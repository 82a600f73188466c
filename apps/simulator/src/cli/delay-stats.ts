/** Median and worst of a list of sample counts; `missed` counts runs that never detected. */
export interface DelayStats {
  runs: number;
  missed: number;
  median: number | null;
  worst: number | null;
}

export function delayStats(delays: readonly (number | null)[]): DelayStats {
  const seen = delays.filter((d): d is number => d !== null).sort((a, b) => a - b);
  const mid = seen.length >> 1;
  const median = seen.length === 0 ? null : seen.length % 2 ? seen[mid] : (seen[mid - 1] + seen[mid]) / 2;
  return { runs: delays.length, missed: delays.length - seen.length, median, worst: seen.length ? seen[seen.length - 1] : null };
}

export function formatDelay(stats: DelayStats): string {
  const missed = stats.missed ? `, MISSED in ${stats.missed}/${stats.runs} runs` : '';
  return `median ${stats.median ?? '-'}  worst ${stats.worst ?? '-'} samples over ${stats.runs} seeds${missed}`;
}
