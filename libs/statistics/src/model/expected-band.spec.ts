import { expectedBand } from './expected-band';
import { independentModel, ResidualScorer } from './residual-model';
import type { ResidualModel } from './residual-model';

const HOUR = 3_600_000;

describe(expectedBand.name, () => {
  it('should be the mean ± k·σ for independent traffic with no season, at any time', () => {
    const model = independentModel(100, 10, 125, 100, 1000, true);
    expect(expectedBand(model, 0, 3)).toEqual({ expected: 100, lower: 70, upper: 130 });
    expect(expectedBand(model, 13 * HOUR + 5, 3)).toEqual({ expected: 100, lower: 70, upper: 130 });
  });

  it("should follow the daily shape and widen to the hour's spread, as the scorer does", () => {
    const shape = Array.from({ length: 24 }, (_, h) => (h === 9 ? 50 : h === 3 ? -20 : 0));
    const shapeSpread = Array.from({ length: 24 }, (_, h) => (h === 9 ? 30 : 2));
    const model: ResidualModel = { ...independentModel(100, 10, 125, 100, 1000, true), season: 'daily', bandSeason: 'daily', shape, shapeSpread };
    expect(expectedBand(model, 9 * HOUR + 60_000, 3)).toEqual({ expected: 150, lower: 60, upper: 240 });
    expect(expectedBand(model, 3 * HOUR, 3)).toEqual({ expected: 80, lower: 50, upper: 110 });

    // The first sample the scorer sees carries no residual: its expected value and scale are the band's.
    const scorer = new ResidualScorer(model);
    const z = scorer.score(9 * HOUR + 60_000, 240);
    expect(scorer.lastExpected).toBe(150);
    expect(z).toBeCloseTo(3, 12);
  });
});
