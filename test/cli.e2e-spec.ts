import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const BIN = join(__dirname, '..', 'bin', 'driftwatch.js');

/** `driftwatch …` as a user runs it; `--help` needs no build (with one, it also shows the built CLI's options). */
function driftwatch(...args: string[]) {
  const run = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', timeout: 30_000 });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

describe('driftwatch CLI (e2e)', () => {
  it('should list every command with --help and with no arguments', () => {
    for (const args of [['--help'], []]) {
      const sut = driftwatch(...args);
      expect(sut.status).toBe(0);
      for (const command of ['serve', 'replay', 'simulate', 'eval']) expect(sut.stdout).toMatch(new RegExp(`^  ${command} `, 'm'));
    }
  });

  it.each([
    [['serve', '--help'], /usage: driftwatch serve/],
    [['replay', '--help'], /usage: driftwatch replay FILE/],
    [['simulate', '--help'], /usage: driftwatch simulate/i],
    [['eval', '--help'], /driftwatch eval nab DIR/],
    [['eval', 'nab', '--help'], /usage: driftwatch eval nab DIR/],
    [['eval', 'kpi', '--help'], /driftwatch eval kpi/],
    [['help', 'replay'], /usage: driftwatch replay FILE/],
  ])('should answer driftwatch %j with its help and exit 0', (args, text) => {
    const sut = driftwatch(...args);
    expect(sut.status).toBe(0);
    expect(sut.stdout).toMatch(text);
  });

  it('should refuse an unknown command or option with exit code 2 and a one-line reason', () => {
    const unknown = driftwatch('deploy');
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toBe('driftwatch: unknown command "deploy" (commands: serve, replay, simulate, eval; see driftwatch --help)\n');
    const badEval = driftwatch('eval', 'foo');
    expect(badEval.status).toBe(2);
    expect(badEval.stderr).toContain('expected nab or kpi');
    const badServe = driftwatch('serve', '--verbose');
    expect(badServe.status).toBe(2);
    expect(badServe.stderr).toContain('serve: unknown option --verbose');
  });
});
