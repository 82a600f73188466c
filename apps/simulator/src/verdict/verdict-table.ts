import { Verdict } from './verdict';

const HEADERS = ['criterion', 'measured', 'limit', 'result'] as const;

/** The end-of-run verdict table, columns aligned for a terminal or a CI log. */
export function formatVerdictTable(title: string, verdicts: readonly Verdict[]): string {
  const rows = verdicts.map((v) => [v.criterion, v.measured, v.limit, v.pass ? 'PASS' : 'FAIL']);
  const widths = HEADERS.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: readonly string[]): string => cells.map((c, i) => c.padEnd(widths[i])).join('  ').trimEnd();
  const rule = widths.map((w) => '-'.repeat(w)).join('  ');
  const passed = verdicts.filter((v) => v.pass).length;
  return [title, line(HEADERS), rule, ...rows.map(line), rule, `${passed}/${verdicts.length} passed`].join('\n') + '\n';
}
