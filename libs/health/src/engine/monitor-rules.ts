import type { DetectorConfig } from '@app/config';
import { DETECTION } from '@app/config/detection-constants';
import { ExtremeSampleRule } from './rules/extreme-sample-rule';
import { LevelShiftRule } from './rules/level-shift-rule';
import { ModerateDensityRule } from './rules/moderate-density-rule';
import { SevereRunRule } from './rules/severe-run-rule';
import { TailRateRule } from './rules/tail-rate-rule';

/**
 * The five rules of one metric. A MetricMonitor creates them when it first needs them (its first
 * model, or a restored state): a service still learning its baseline, or one that sent a single
 * sample, never pays the ~350 bytes they take.
 */
export class MonitorRules {
  readonly severe: SevereRunRule;
  readonly moderate: ModerateDensityRule;
  readonly shift = new LevelShiftRule(DETECTION.cusumAllowance, DETECTION.cusumThreshold, DETECTION.cusumClip);
  readonly tail = new TailRateRule(DETECTION.tailQuantile, DETECTION.tailRateRatio, DETECTION.tailThreshold);
  readonly extreme = new ExtremeSampleRule(DETECTION.extremeScore);

  constructor(config: DetectorConfig) {
    this.severe = new SevereRunRule(config.driftZscoreThreshold, config.driftConsecutiveThreshold);
    this.moderate = new ModerateDensityRule(config.driftModerateZscoreThreshold, config.driftModerateCount, config.driftModerateWindow);
  }
}
