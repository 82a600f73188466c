import { classifyDrift, DriftKind } from './drift-kind';
import { explainEpisode } from './explain-drift';
import { firstEpisode, SETTINGS, Shape } from './synthetic-episodes';

const BEFORE = 1100;
const SEEDS = [1, 2, 3, 4, 5, 6, 7, 8, 9];
const calm = (n: () => number) => ({ latency: 100 + 10 * n(), payload: 20 + 2 * n() });
const spike: Shape = (i, n) => (i >= BEFORE && i < BEFORE + 8 ? { latency: 250 + 10 * n(), payload: 20 + 2 * n() } : calm(n));
const step: Shape = (i, n) => (i >= BEFORE ? { latency: 160 + 10 * n(), payload: 20 + 2 * n() } : calm(n));
const ramp: Shape = (i, n) => (i >= BEFORE ? { latency: 100 + 0.2 * (i - BEFORE) + 10 * n(), payload: 20 + 2 * n() } : calm(n));
// 5 % of requests 3× slower: the median and the bulk of the distribution do not move.
const tail: Shape = (i, n) => (i >= BEFORE && i % 20 === 7 ? { latency: 300 + 10 * n(), payload: 20 + 2 * n() } : calm(n));
// Three times the spread around the same mean.
const variance: Shape = (i, n) => (i >= BEFORE ? { latency: 100 + 30 * n(), payload: 20 + 2 * n() } : calm(n));

const kindsOver = (shape: Shape, after: number): DriftKind[] => SEEDS.map((seed) => classifyDrift(firstEpisode(shape, 5000, after, seed).episode, SETTINGS).kind);

describe('classifyDrift on synthetic shapes run through the detector (9 seeds each)', () => {
  it.each([
    ['a one-off spike', spike, 'spike'],
    ['a step', step, 'level_shift'],
    ['a ramp', ramp, 'gradual'],
    ['a heavier tail with unchanged median', tail, 'tail'],
    ['a variance increase with unchanged mean', variance, 'variance'],
  ] as const)('over the episode (200 samples after the onset, or to its end), %s is %s', (_name, shape, kind) => {
    expect(kindsOver(shape, 200)).toEqual(SEEDS.map(() => kind));
  });

  it('at the onset, a spike and a step look the same (level_shift): the return is not seen yet', () => {
    expect(kindsOver(spike, 0)).toEqual(SEEDS.map(() => 'level_shift'));
    expect(kindsOver(step, 0)).toEqual(SEEDS.map(() => 'level_shift'));
    const { episode } = firstEpisode(spike, 5000, 0);
    expect(classifyDrift(episode, SETTINGS)).toMatchObject({ basis: 'onset', rule: expect.stringContaining('a brief spike cannot be told from a step') });
  });

  it('at the onset, a heavier tail is already a tail and a wider spread is variance on most seeds', () => {
    expect(kindsOver(tail, 0)).toEqual(SEEDS.map(() => 'tail'));
    const kinds = kindsOver(variance, 0);
    expect(kinds.filter((k) => k === 'variance').length).toBeGreaterThanOrEqual(7);
    expect(kinds.every((k) => k === 'variance' || k === 'level_shift')).toBe(true);
  });

  it('reads a drop as a level shift down, and an extreme aggregated sample as a spike', () => {
    const drop: Shape = (i, n) => (i >= BEFORE ? { latency: 40 + 10 * n(), payload: 20 + 2 * n() } : calm(n));
    const { episode } = firstEpisode(drop, 5000, 200);
    expect(classifyDrift(episode, SETTINGS)).toMatchObject({ kind: 'level_shift', direction: 'down' });
    expect(classifyDrift({ ...episode, reason: 'extreme_sample' }, SETTINGS).kind).toBe('spike');
  });

  it('without a reference, decides by the rule that fired', () => {
    const { episode } = firstEpisode(tail, 5000, 0);
    const bare = { ...episode, reference: { latency: null, payload: null } };
    expect(classifyDrift(bare, SETTINGS)).toMatchObject({ kind: 'tail', rule: expect.stringContaining('too few reference samples') });
  });
});

describe('explainEpisode', () => {
  it('is final once the episode ended or has EXPLAIN_EPISODE_SAMPLES after the onset, and the same samples give the same explanation', () => {
    const ended = firstEpisode(spike, 5000, 200).episode;
    expect(ended.ended).toBe(true);
    expect(explainEpisode(ended, SETTINGS)).toMatchObject({ kind: 'spike', final: true, basis: 'episode' });
    const open = firstEpisode(step, 5000, 50).episode;
    expect(explainEpisode(open, SETTINGS)).toMatchObject({ final: false, samples_after_onset: 50 });
    expect(explainEpisode(firstEpisode(step, 5000, 200).episode, SETTINGS)).toMatchObject({ final: true, samples_after_onset: 200 });
    expect(JSON.stringify(explainEpisode(open, SETTINGS))).toBe(JSON.stringify(explainEpisode(firstEpisode(step, 5000, 50).episode, SETTINGS)));
  });
});
