import { DRIFT_CONFIG_DEFAULTS } from '@app/config';
import { HealthState, TRANSITION_REASONS } from '@app/health';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsOptional } from 'class-validator';
import { IsEndpoint } from '../telemetry/telemetry.dto';
import { IsTimestamp, TIMESTAMP_DOC } from '../common/is-timestamp';
import { IsIntegerBetween, IsListOf } from '../common/query-validators';
import { DriftExplanationDto } from './explanation.dto';

export const DEFAULT_EVENTS_LIMIT = 100;
export const MAX_EVENTS_LIMIT = 1000;
// Event ids are SQLite rowids; the bound keeps a cursor a safe JavaScript integer.
const MAX_EVENT_ID = Number.MAX_SAFE_INTEGER;
const STATES = Object.values(HealthState) as string[];

export class EventsQueryDto {
  @ApiPropertyOptional({ example: 20, minimum: 1, maximum: MAX_EVENTS_LIMIT, default: DEFAULT_EVENTS_LIMIT, description: 'Events per page' })
  @IsOptional()
  @Type(() => Number)
  @IsIntegerBetween(1, MAX_EVENTS_LIMIT)
  limit?: number;

  @ApiPropertyOptional({
    example: 1042,
    minimum: 1,
    description: 'Cursor: only events older than the event with this id (pass the previous page\'s `next_before`)',
  })
  @IsOptional()
  @Type(() => Number)
  @IsIntegerBetween(1, MAX_EVENT_ID)
  before?: number;

  @ApiPropertyOptional({ example: '2026-01-12T00:00:00Z', description: `Only events at or after this time. ${TIMESTAMP_DOC}` })
  @IsOptional()
  @IsTimestamp()
  since?: string;

  @ApiPropertyOptional({
    example: 'consecutive_severe_anomalies,persistent_shift',
    description: `Only events with this reason (comma-separated for several): ${TRANSITION_REASONS.join(', ')}`,
  })
  @IsOptional()
  @IsListOf(TRANSITION_REASONS)
  reason?: string;

  @ApiPropertyOptional({ example: 'DRIFT_DETECTED', enum: STATES, description: 'Only events into this state (`to`)' })
  @IsOptional()
  @IsListOf(STATES)
  state?: string;
}

/** The per-service route's query: the same filters, and one endpoint of the service. */
export class ServiceEventsQueryDto extends EventsQueryDto {
  @ApiPropertyOptional({ example: 'POST /pay', description: 'Only the transitions of this endpoint of the service (as sent in `endpoint`; URL-encode it)' })
  @IsOptional()
  @IsEndpoint()
  endpoint?: string;
}

/** What `evidence_samples` counts, per reason (the rule that fired decides what is evidence). */
export const EVIDENCE_SAMPLES_DOC =
  'The samples behind the transition; what they are depends on `reason`: ' +
  'consecutive_severe_anomalies: the run of consecutive |z| > DRIFT_ZSCORE_THRESHOLD; ' +
  'moderate_anomaly_density: anomalies among the last DRIFT_MODERATE_WINDOW samples; ' +
  'persistent_shift / tail_drift: the samples since that test began to build evidence (its statistic is `cusum`); ' +
  'extreme_sample: 1; recovered: the run of consecutive calm samples; ' +
  'new_normal_adopted: the drift samples adopted as the new window; ' +
  'baseline_ready: the window samples the baseline was built from; baseline_reset: the window samples forgotten.';

export class DriftEventDto {
  @ApiProperty({ example: 42, description: 'Event id: events are numbered in the order they happened; also the paging cursor (`before`)' }) id: number;
  @ApiProperty({ example: 'payment-authorization-prod' }) service_id: string;
  @ApiProperty({ example: '2026-01-12T10:31:02.100Z', description: 'Time of the triggering sample (sample time)' }) timestamp: string;
  @ApiProperty({
    example: '2026-01-12T10:31:02.350Z',
    nullable: true,
    type: String,
    description: 'When the triggering sample (or the operator action) reached DriftWatch; null for events recorded by a version before it was kept',
  })
  received_at: string | null;
  @ApiProperty({ example: 655, nullable: true, type: Number, description: "Triggering sample's number in the service stream" })
  seq: number | null;
  @ApiProperty({ example: 'STABLE' }) from: string;
  @ApiProperty({ example: 'DRIFT_DETECTED' }) to: string;
  @ApiProperty({
    example: 'consecutive_severe_anomalies',
    enum: TRANSITION_REASONS,
    description: 'Why it happened (README: How detection works)',
  })
  reason: string;
  @ApiProperty({ example: 'latency', nullable: true, type: String }) metric: string | null;
  @ApiProperty({ example: 5, description: EVIDENCE_SAMPLES_DOC }) evidence_samples: number;
  @ApiProperty({ example: 5, deprecated: true, description: 'Deprecated: the same number as `evidence_samples`' }) count: number;
  @ApiProperty({ example: 14.2, nullable: true, type: Number }) max_zscore: number | null;
  @ApiProperty({ example: 12.9, nullable: true, type: Number }) z_latency: number | null;
  @ApiProperty({ example: 0.3, nullable: true, type: Number, description: 'null when the sample had no payload' }) z_payload: number | null;
  @ApiProperty({ example: null, nullable: true, type: Number }) cusum: number | null;
  @ApiProperty({ description: 'Baseline snapshot the samples were scored against', nullable: true, type: Object })
  baseline: unknown;
  @ApiProperty({
    example: 7,
    nullable: true,
    type: Number,
    description: 'The deployment marker a drift is attributed to: it began within DRIFTWATCH_DEPLOYMENT_NAMING_WINDOW_MINUTES after it',
  })
  deployment_id: number | null;
  @ApiProperty({
    type: DriftExplanationDto,
    nullable: true,
    description:
      'Transitions into DRIFT_DETECTED only (null for the others): the kind of drift and hints. Over HTTP it is refined with the ' +
      'episode\'s samples (basis episode, final once it ended); alerts carry what was decided at the onset (basis onset).',
  })
  explanation: DriftExplanationDto | null;
  @ApiPropertyOptional({ example: 'POST /pay', description: "Only for a transition of one of the service's endpoints: which one" })
  endpoint?: string;
}

export class EventListDto {
  @ApiPropertyOptional({ example: 'payment-authorization-prod' }) service_id?: string;
  @ApiProperty({ type: [DriftEventDto] }) events: DriftEventDto[];
  @ApiProperty({
    example: 1017,
    nullable: true,
    type: Number,
    description: 'Pass as `before` to get the next (older) page; null when this page is the last',
  })
  next_before: number | null;
}

export const EVENT_RETENTION_NOTE = `Events are kept ${DRIFT_CONFIG_DEFAULTS.driftEventsRetentionDays} days by default.`;
