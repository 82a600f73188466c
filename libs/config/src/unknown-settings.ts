import { SETTINGS } from './config-schema';

/**
 * In the DRIFTWATCH_ namespace but not server settings: the README's curl examples read
 * DRIFTWATCH_URL, the dashboard's browser test DRIFTWATCH_CHROMIUM; a shell that exports them
 * must not be warned about them.
 */
const CLIENT_VARIABLES: readonly string[] = ['DRIFTWATCH_URL', 'DRIFTWATCH_CHROMIUM'];

/** Beyond this edit distance a suggestion would be a guess, so the warning names none. */
const MAX_SUGGESTION_DISTANCE = 6;

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length];
}

/** The known setting nearest to `name`, or undefined when none is close enough to be a typo of it. */
export function closestSetting(name: string): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const spec of SETTINGS) {
    const distance = editDistance(name.toUpperCase(), spec.env);
    if (distance < bestDistance) {
      best = spec.env;
      bestDistance = distance;
    }
  }
  return bestDistance <= MAX_SUGGESTION_DISTANCE ? best : undefined;
}

/**
 * One warning per DRIFTWATCH_* variable that no setting reads: a misspelt setting otherwise
 * silently keeps its default (e.g. DRIFTWATCH_API_KEY instead of DRIFTWATCH_API_KEYS).
 * Only the name is shown, never the value (it may be a key).
 */
export function unknownSettingWarnings(env: NodeJS.ProcessEnv): string[] {
  const known = new Set(SETTINGS.map((spec) => spec.env));
  const warnings: string[] = [];
  for (const name of Object.keys(env).sort()) {
    if (!name.toUpperCase().startsWith('DRIFTWATCH_') || known.has(name) || CLIENT_VARIABLES.includes(name)) continue;
    const closest = closestSetting(name);
    warnings.push(
      `Unknown setting ${name} is ignored` + (closest ? ` (did you mean ${closest}?)` : ' (README: Configuration lists every setting)'),
    );
  }
  return warnings;
}
