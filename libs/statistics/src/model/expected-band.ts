import type { ResidualModel } from './residual-model';
import { PERIOD_MS, slotAt } from './seasonal-profile';

/** What a model expects of a metric at one time, and the band a sample must leave to be severe. */
export interface ExpectedBand {
  expected: number;
  lower: number;
  upper: number;
}

/**
 * The band a chart draws: level + the season's offset at `timeMs`, ± `zLimit` scales, with the
 * scale widened to the slot's spread where a season is in use, as `ResidualScorer.score` does. It
 * leaves out the carried residual (φ · the previous residual), which depends on the sample just
 * before: for per-request traffic φ is 0 and the band is exactly what each sample was scored against.
 */
export function expectedBand(model: ResidualModel, timeMs: number, zLimit: number): ExpectedBand {
  let expected = model.level;
  let scale = model.scale;
  if (model.season !== 'none' && model.shape.length > 0) {
    expected += model.shape[slotAt(model.shape.length, PERIOD_MS[model.season], timeMs)];
    if (model.shapeSpread.length > 0 && model.bandSeason !== 'none') {
      scale = Math.max(scale, model.shapeSpread[slotAt(model.shapeSpread.length, PERIOD_MS[model.bandSeason], timeMs)]);
    }
  }
  return { expected, lower: expected - zLimit * scale, upper: expected + zLimit * scale };
}
