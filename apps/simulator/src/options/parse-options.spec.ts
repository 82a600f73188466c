import { OptionsError, parseOptions } from './parse-options';
import { DEFAULT_SEED, DEFAULT_SERVICE, DEFAULT_URL, SimOptions } from './sim-options';
import { SimMode } from '../traffic/scenario';

function options(argv: string[]): SimOptions {
  const parsed = parseOptions(argv);
  if (parsed.help) throw new Error('unexpected --help');
  return parsed.options;
}

describe(parseOptions.name, () => {
  it('should apply the seed defaults, with the duration of the mode', () => {
    expect(options(['--mode', 'spike'])).toEqual({
      mode: SimMode.SPIKE,
      durationSeconds: 90,
      service: DEFAULT_SERVICE,
      url: DEFAULT_URL,
      rate: 10,
      seed: DEFAULT_SEED,
      reset: false,
    });
  });

  it('should read every option in both --name value and --name=value form', () => {
    const sut = options(['--mode=CREEP', '--duration', '30', '--service=pay', '--url', 'http://h:9/', '--rate=2000', '--seed', '7', '--reset', '--api-key=adm-1']);

    expect(sut).toEqual({ mode: SimMode.CREEP, durationSeconds: 30, service: 'pay', url: 'http://h:9', rate: 2000, seed: 7, reset: true, apiKey: 'adm-1' });
    expect(options(['--api-key', 'k2']).apiKey).toBe('k2');
    expect(() => options(['--api-key', 'a b'])).toThrow('--api-key must be printable characters without spaces');
  });

  it('should answer --help', () => {
    expect(parseOptions(['--mode', 'SPIKE', '--help'])).toEqual({ help: true });
  });

  it.each([
    [['--mode', 'WOBBLE'], '--mode must be NORMAL, SPIKE or CREEP, got "WOBBLE"'],
    [['--duration', '0'], '--duration must be a number from 0.1 to 86400, got "0"'],
    [['--rate', 'fast'], '--rate must be a number from 0.1 to 1000000, got "fast"'],
    [['--seed', '1.5'], '--seed must be an integer, got 1.5'],
    [['--url', 'localhost:8000'], '--url must be http(s), got "localhost:8000"'],
    [['--url', 'nope'], '--url is not a valid URL: "nope"'],
    [['--rate'], 'option --rate needs a value'],
    [['--colour', 'red'], 'unknown option --colour (see --help)'],
    [['SPIKE'], 'unexpected argument "SPIKE" (see --help)'],
  ])('should reject %j with a one-line message', (argv, message) => {
    expect(() => parseOptions(argv)).toThrow(new OptionsError(message));
  });
});
