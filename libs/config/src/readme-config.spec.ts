import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SETTINGS } from './config-schema';

/** The README's configuration table is generated from SETTINGS; this keeps the two in step. */
describe('README configuration table', () => {
  const readme = readFileSync(join(__dirname, '../../../README.md'), 'utf8');

  it.each(SETTINGS.map((s) => [s.env, s] as const))('should list %s with its default', (_env, spec) => {
    const shown = spec.default === '' ? '(not set)' : typeof spec.default === 'string' ? `\`${spec.default}\`` : String(spec.default);
    expect(readme).toContain(`| \`${spec.env}\` | ${shown} |`);
  });
});
