export { chooseSeason, fitResidualModel, independentModel, isAggregated, normalScore, NORMAL_SCORE_GRID, ResidualScorer } from './residual-model';
export type { ResidualModel } from './residual-model';
export { expectedBand } from './expected-band';
export type { ExpectedBand } from './expected-band';
export { SeasonalProfile, PeriodProfile, slotAt, PERIOD_MS } from './seasonal-profile';
export type { SeasonKind, SeasonalProfileState, PeriodProfileState } from './seasonal-profile';
