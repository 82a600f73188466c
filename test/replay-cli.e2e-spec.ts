import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DRIFT_CONFIG_DEFAULTS } from '@app/config';

const ROOT = join(__dirname, '..');
const CLI = join(ROOT, 'apps/api/src/cli/replay.ts');
const FIXTURES = join(__dirname, 'fixtures');

/** Runs the replay CLI from source, the way `npm run replay` runs the built one. */
function replay(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const run = spawnSync(process.execPath, ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', CLI, ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, TS_NODE_PROJECT: join(ROOT, 'tsconfig.json') },
  });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

const jsonLines = (text: string): Array<Record<string, unknown>> =>
  text
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Record<string, unknown>);

describe('replay CLI', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'replay-cli-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('should print one JSON line per transition and a summary on stderr', () => {
    const sut = replay(join(FIXTURES, 'replay-spike.csv'));

    expect(sut.status).toBe(0);
    const lines = jsonLines(sut.stdout);
    expect(lines.slice(0, 3).map((l) => [l.to, l.reason])).toEqual([
      ['STABLE', 'baseline_ready'],
      ['DRIFT_DETECTED', 'consecutive_severe_anomalies'],
      ['STABLE', 'recovered'],
    ]);
    expect(lines[0]).toMatchObject({ service_id: 'replay-spike', seq: DRIFT_CONFIG_DEFAULTS.minSamplesForBaseline, timestamp: '2024-03-01T00:01:39.000Z' });
    // The spike starts at row 251 (seq 251): rule 1 fires on its 5th sample.
    expect(lines[1].seq).toBe(250 + DRIFT_CONFIG_DEFAULTS.driftConsecutiveThreshold);
    expect(Object.keys(lines[1]).sort()).toEqual(
      ['count', 'expected', 'from', 'max_zscore', 'metric', 'reason', 'seq', 'service_id', 'timestamp', 'to', 'z_latency', 'z_payload'].sort(),
    );
    expect(sut.stderr).toContain('samples: 900 (1 service)');
    expect(sut.stderr).toContain(`transitions: ${lines.length}`);
    expect(sut.stderr).toContain('bad rows skipped: 0');
  });

  it('should write to --out and name the service with --service', () => {
    const out = join(dir, 'out.jsonl');
    const sut = replay(join(FIXTURES, 'replay-spike.csv'), '--service', 'checkout', '--out', out);
    expect(sut.status).toBe(0);
    expect(sut.stdout).toBe('');
    expect(jsonLines(readFileSync(out, 'utf8')).every((l) => l.service_id === 'checkout')).toBe(true);
  });

  it('should replay JSON lines of several services independently', () => {
    const sut = replay(join(FIXTURES, 'replay-two-services.jsonl'));
    expect(sut.status).toBe(0);
    const ready = jsonLines(sut.stdout).filter((l) => l.reason === 'baseline_ready');
    expect(ready.map((l) => [l.service_id, l.seq])).toEqual([
      ['checkout', DRIFT_CONFIG_DEFAULTS.minSamplesForBaseline],
      ['search', DRIFT_CONFIG_DEFAULTS.minSamplesForBaseline],
    ]);
    expect(sut.stderr).toContain('samples: 600 (2 services)');
  });

  it('should stop at a bad row with exit code 1, or skip it with --skip-bad-rows', () => {
    const file = join(dir, 'bad.csv');
    writeFileSync(file, 'timestamp,value\n2024-01-01 00:00:00,1\n2024-01-01 00:00:01,oops\n2024-01-01 00:00:02,2\n');

    const stopped = replay(file);
    expect(stopped.status).toBe(1);
    expect(stopped.stderr.trim()).toBe('line 3: value "oops" is not a finite number');

    const skipped = replay(file, '--skip-bad-rows');
    expect(skipped.status).toBe(0);
    expect(skipped.stderr).toContain('samples: 2 (1 service)');
    expect(skipped.stderr).toContain('bad rows skipped: 1');
  });

  it.each([[[]], [['--bogus']], [['a', 'b']], [['/no/such/file.csv']], [['x.csv', '--out']]])('should exit 2 with one line for bad usage %j', (args) => {
    const sut = replay(...args);
    expect(sut.status).toBe(2);
    expect(sut.stderr.trim().split('\n')).toHaveLength(1);
  });
});
