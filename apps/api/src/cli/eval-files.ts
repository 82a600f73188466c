import { readdirSync } from 'node:fs';
import { join } from 'node:path';

/** Every CSV under `dir`, recursively, sorted so outputs are stable. */
export function csvFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...csvFiles(path));
    else if (entry.isFile() && entry.name.toLowerCase().endsWith('.csv')) out.push(path);
  }
  return out.sort();
}
