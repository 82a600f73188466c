import { mulberry32, standardNormal } from '../traffic/prng';

/**
 * Healthy series with structure a detector has to learn rather than alarm on: no
 * anomaly is injected, so every DRIFT_DETECTED on them is a false alarm. They start at midnight
 * UTC, which is the start that made a daily plateau loop before the daily-recurrence relearn.
 */
export interface HealthyPattern {
  readonly name: string;
  readonly spacingMs: number;
  readonly points: number;
  /** A fresh value function for one run (patterns with memory keep it in the closure). */
  makeValue(): ValueAt;
}

/** The value of point `i` at `timeMs`; `random` is the run's seeded stream. */
type ValueAt = (i: number, timeMs: number, random: () => number) => number;

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const PATTERN_EPOCH_MS = Date.UTC(2026, 0, 5); // a Monday, 00:00 UTC
const hourOf = (timeMs: number): number => (timeMs % DAY) / HOUR;

/** A slowly wandering level (AR(1) with a 16-hour time constant at 5-minute points), built per run. */
function wander(): ValueAt {
  let level = 0;
  return (_i, _t, random) => {
    level = 0.995 * level + 0.5 * standardNormal(random);
    return 80 + level + 0.3 * standardNormal(random);
  };
}

export function healthyPatterns(): HealthyPattern[] {
  return [
    {
      name: 'daily batch plateau: 5-min points, 20 ± 1, +30 from 09:00 to 13:00, 14 days',
      spacingMs: 5 * MINUTE,
      points: 14 * 288,
      makeValue: () => (_i, t, random) => 20 + standardNormal(random) + (hourOf(t) >= 9 && hourOf(t) < 13 ? 30 : 0),
    },
    {
      name: 'daily slow hours on a busy service: a request every 2 s, 150 ± 25 ms, 300 ms from 09:00 to 13:00, 5 days',
      spacingMs: 2000,
      points: 5 * 43_200,
      makeValue: () => (_i, t, random) => 150 + 25 * standardNormal(random) + (hourOf(t) >= 9 && hourOf(t) < 13 ? 150 : 0),
    },
    {
      name: 'daily counts with bursts: 5-min points, 40 ± 30 sine, Poisson-like noise, 0.3 % bursts x2-5, 30 days',
      spacingMs: 5 * MINUTE,
      points: 30 * 288,
      makeValue: () => (_i, t, random) => {
        const rate = 40 + 30 * Math.sin((2 * Math.PI * (hourOf(t) - 9)) / 24);
        const count = rate + Math.sqrt(rate) * standardNormal(random);
        return Math.max(0, random() < 0.003 ? count * (2 + 3 * random()) : count);
      },
    },
    {
      name: 'weekly demand: 30-min points, daily double peak, weekends 20 % lower, 60 days',
      spacingMs: 30 * MINUTE,
      points: 60 * 48,
      makeValue: () => (_i, t, random) => {
        const h = hourOf(t);
        const weekday = new Date(t).getUTCDay();
        const base = 15000 + 8000 * Math.sin((2 * Math.PI * (h - 10)) / 24) + 4000 * Math.exp(-((h - 19) ** 2) / 4);
        return (weekday === 0 || weekday === 6 ? 0.8 : 1) * base + 800 * standardNormal(random);
      },
    },
    {
      name: 'slow wander: 5-min points, AR(1) with a 16 h time constant, 30 days',
      spacingMs: 5 * MINUTE,
      points: 30 * 288,
      makeValue: wander,
    },
  ];
}

/** The pattern's points for one seed, in time order. */
export function* patternSeries(pattern: HealthyPattern, seed: number): Generator<[number, number]> {
  const random = mulberry32(seed);
  const value = pattern.makeValue();
  for (let i = 0; i < pattern.points; i++) {
    const timeMs = PATTERN_EPOCH_MS + i * pattern.spacingMs;
    yield [timeMs, value(i, timeMs, random)];
  }
}
