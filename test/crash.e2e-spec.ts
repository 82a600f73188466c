import { loadConfig } from '@app/config';
import { ServiceDetector } from '@app/health';
import { SnapshotCalculator } from '@app/statistics';

interface CrashResult {
  seed: number;
  killAfter: number;
  acked: number;
  rows: number;
  problems: string[];
}
type CrashRound = (options: {
  seed: number;
  engine: object;
  args: string[];
  clients?: number;
  services?: number;
  minKillMs?: number;
  maxKillMs?: number;
}) => Promise<CrashResult>;

// The same crash round as `node scripts/bench/crash-test.js`, reduced. The server runs through
// ts-node rather than from dist, so the test checks the sources even when the build is stale;
// the replay uses the engine from the sources too.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { crashRound } = require('../scripts/bench/crash-test') as { crashRound: CrashRound };

const SERVER_FROM_SOURCES = ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', 'apps/api/src/main.ts'];

describe('Crash (e2e)', () => {
  it('should store every sample answered 202 exactly once, and restore the engine a replay gives, after SIGKILL', async () => {
    const seed = Date.now() % 1_000_000;
    const result = await crashRound({
      seed,
      engine: { ServiceDetector, SnapshotCalculator, loadConfig },
      args: SERVER_FROM_SOURCES,
      clients: 4,
      services: 4,
      minKillMs: 300,
      maxKillMs: 1500,
    });
    // The seed reproduces the traffic and the kill moment: `node scripts/bench/crash-test.js --seed <seed>`.
    expect({ seed, problems: result.problems }).toEqual({ seed, problems: [] });
    expect(result.acked).toBeGreaterThan(0);
    expect(result.rows).toBeGreaterThanOrEqual(result.acked);
  }, 120_000);
});
