import { SimOptions } from '../apps/simulator/src/options/sim-options';
import { SimOutput } from '../apps/simulator/src/run/sim-output';
import { EXIT_PASS, EXIT_USAGE, simulate, simulateCli } from '../apps/simulator/src/simulate';
import { SimMode } from '../apps/simulator/src/traffic/scenario';
import { startTestApp, TestApp } from './support/test-app';

/** Collects what the simulator prints, so a failure can show its table. */
function bufferOutput(): SimOutput & { text: string } {
  const out = { isTTY: false, text: '', write: (s: string) => void (out.text += s) };
  return out;
}

describe('simulator (e2e, fast mode against the real API)', () => {
  let api: TestApp;

  beforeAll(async () => {
    api = await startTestApp();
  });

  afterAll(async () => {
    await api.close();
  });

  const options = (mode: SimMode, durationSeconds: number): SimOptions => ({
    mode,
    durationSeconds,
    service: `sim-${mode.toLowerCase()}`,
    url: api.baseUrl,
    rate: 20_000,
    seed: 42,
    reset: false,
  });

  it.each([
    [SimMode.NORMAL, 60],
    [SimMode.SPIKE, 90],
    [SimMode.CREEP, 120],
  ])('should pass every %s verdict', async (mode, duration) => {
    const out = bufferOutput();

    const outcome = await simulate(options(mode, duration), out);

    const failed = outcome.result?.verdicts.filter((v) => !v.pass) ?? [];
    expect({ failed, output: failed.length ? out.text : '' }).toEqual({ failed: [], output: '' });
    expect(outcome.exitCode).toBe(EXIT_PASS);
  });

  it('should count SPIKE detection in samples from the first spike sample', async () => {
    const outcome = await simulate({ ...options(SimMode.SPIKE, 90), service: 'sim-spike-count', seed: 7 }, bufferOutput());

    const detect = outcome.result?.verdicts.find((v) => v.criterion.startsWith('DRIFT_DETECTED'));
    expect(detect?.measured).toBe('sample 5 of the spike');
  });

  it('should exit 2 with one line for bad options', async () => {
    const stderr = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);

    const code = await simulateCli(['--mode', 'WOBBLE', '--url', api.baseUrl], bufferOutput());

    expect(code).toBe(EXIT_USAGE);
    expect(stderr).toHaveBeenCalledWith(expect.stringMatching(/^error: --mode must be NORMAL, SPIKE or CREEP, got "WOBBLE"\n$/));
    stderr.mockRestore();
  });

  it('should exit 2 with one line when DriftWatch is unreachable', async () => {
    const stderr = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);

    const code = await simulateCli(['--url', 'http://127.0.0.1:1'], bufferOutput());

    expect(code).toBe(EXIT_USAGE);
    expect(stderr).toHaveBeenCalledWith(expect.stringMatching(/^error: cannot reach DriftWatch at http:\/\/127\.0\.0\.1:1: .*\n$/));
    stderr.mockRestore();
  });
});

describe('simulator against a DriftWatch with API keys (e2e)', () => {
  let api: TestApp;
  beforeAll(async () => {
    api = await startTestApp({ apiKeys: 'ingest:sim-ingest,admin:sim-admin' });
  });
  afterAll(() => api.close());

  it('should pass with an admin key given as --api-key, resetting first', async () => {
    const out = bufferOutput();
    const outcome = await simulate(
      { mode: SimMode.NORMAL, durationSeconds: 60, service: 'sim-keyed', url: api.baseUrl, rate: 20_000, seed: 42, reset: true, apiKey: 'sim-admin' },
      out,
    );
    expect({ code: outcome.exitCode, output: outcome.exitCode === EXIT_PASS ? '' : out.text }).toEqual({ code: EXIT_PASS, output: '' });
  });

  it('should stop on the 401, not pass, without a key', async () => {
    await expect(
      simulate({ mode: SimMode.NORMAL, durationSeconds: 60, service: 'sim-keyless', url: api.baseUrl, rate: 20_000, seed: 42, reset: false }, bufferOutput()),
    ).rejects.toThrow('answered 401');
  });
});
