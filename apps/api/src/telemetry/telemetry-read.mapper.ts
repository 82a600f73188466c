import type { TelemetryBucket } from '@app/persistence';
import { TelemetryBucketsRepository } from '@app/persistence';
import { expectedBand } from '@app/statistics';
import type { BaselineSnapshot, ResidualModel } from '@app/statistics';
import type { MetricSeriesDto, TelemetrySeriesDto } from './telemetry-read.dto';
import { formatStep, TelemetryRange } from './telemetry-range-query';

/** Six significant decimals are plenty for ms/kB and keep float noise out of the JSON. */
const round = (x: number): number => Math.round(x * 1e6) / 1e6;
const roundOrNull = (x: number | null): number | null => (x === null ? null : round(x));

function bandColumns(model: ResidualModel | null | undefined, time: number[], zLimit: number): Pick<MetricSeriesDto, 'expected' | 'lower' | 'upper'> {
  if (!model) return { expected: null, lower: null, upper: null };
  const expected: number[] = [];
  const lower: number[] = [];
  const upper: number[] = [];
  for (const t of time) {
    const band = expectedBand(model, t, zLimit);
    expected.push(round(band.expected));
    lower.push(round(band.lower));
    upper.push(round(band.upper));
  }
  return { expected, lower, upper };
}

/** Dense columns (one entry per bucket of the range, empty buckets as null) for a chart. */
export function toTelemetrySeriesDto(
  serviceId: string,
  range: TelemetryRange,
  rows: TelemetryBucket[],
  snapshot: BaselineSnapshot | null,
  zLimit: number,
): TelemetrySeriesDto {
  const n = range.buckets;
  const time = Array.from({ length: n }, (_, i) => range.fromMs + i * range.stepMs);
  const count = new Array<number>(n).fill(0);
  const latency = { min: new Array<number | null>(n).fill(null), mean: new Array<number | null>(n).fill(null), max: new Array<number | null>(n).fill(null), count: new Array<number>(n).fill(0) };
  const payload = { min: new Array<number | null>(n).fill(null), mean: new Array<number | null>(n).fill(null), max: new Array<number | null>(n).fill(null), count: new Array<number>(n).fill(0) };
  for (const row of rows) {
    const i = Math.round((row.startMs - range.fromMs) / range.stepMs);
    if (i < 0 || i >= n) continue;
    count[i] = row.count;
    latency.count[i] = row.count;
    latency.min[i] = round(row.latencyMin);
    latency.mean[i] = round(row.latencyMean);
    latency.max[i] = round(row.latencyMax);
    payload.count[i] = row.payloadCount;
    payload.min[i] = roundOrNull(row.payloadMin);
    payload.mean[i] = roundOrNull(row.payloadMean);
    payload.max[i] = roundOrNull(row.payloadMax);
  }
  const latencyModel = snapshot?.latency.model ?? null;
  const payloadModel = snapshot?.payload?.model ?? null;
  return {
    service_id: serviceId,
    from: new Date(range.fromMs).toISOString(),
    to: new Date(range.toMs).toISOString(),
    step: formatStep(range.stepMs),
    step_ms: range.stepMs,
    source: TelemetryBucketsRepository.usesRollup(range.stepMs) ? 'rollup' : 'samples',
    time,
    count,
    latency: { ...latency, ...bandColumns(latencyModel, time, zLimit) },
    payload: { ...payload, ...bandColumns(payloadModel, time, zLimit) },
    band:
      snapshot && latencyModel
        ? {
            z_limit: zLimit,
            latency_season: latencyModel.season,
            payload_season: payloadModel ? payloadModel.season : null,
            model_updated: new Date(snapshot.computedAtMs).toISOString(),
          }
        : null,
  };
}
