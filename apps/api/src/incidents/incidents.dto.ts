import { DRIFT_CONFIG_DEFAULTS } from '@app/config';
import { DRIFT_KINDS } from '@app/health';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsOptional } from 'class-validator';
import { IsTimestamp, TIMESTAMP_DOC } from '../common/is-timestamp';
import { IsIntegerBetween } from '../common/query-validators';

export const DEFAULT_INCIDENTS_LIMIT = 20;
export const MAX_INCIDENTS_LIMIT = 200;

export class IncidentsQueryDto {
  @ApiPropertyOptional({ example: '2026-01-12T00:00:00Z', description: `Only incidents that started at or after this time (none: no lower bound). ${TIMESTAMP_DOC}` })
  @IsOptional()
  @IsTimestamp()
  from?: string;

  @ApiPropertyOptional({
    example: '2026-01-13T00:00:00Z',
    description: 'Only incidents that started before this time (exclusive; none: no upper bound). Pass the previous page\'s `next_to` for the next, older page.',
  })
  @IsOptional()
  @IsTimestamp()
  to?: string;

  @ApiPropertyOptional({ example: 20, minimum: 1, maximum: MAX_INCIDENTS_LIMIT, default: DEFAULT_INCIDENTS_LIMIT, description: 'Incidents per page' })
  @IsOptional()
  @Type(() => Number)
  @IsIntegerBetween(1, MAX_INCIDENTS_LIMIT)
  limit?: number;
}

export class IncidentMemberDto {
  @ApiProperty({ example: 'orders-db' }) service_id: string;
  @ApiPropertyOptional({ example: 'POST /pay', description: "Only when the drift is on one of the service's endpoints: which one" }) endpoint?: string;
  @ApiProperty({ example: 311, description: 'The drift event of this onset (GET /v1/events/{service_id})' }) event_id: number;
  @ApiProperty({ example: '2026-01-12T10:31:02.100Z', description: 'Onset: time of the sample that raised the drift' }) onset: string;
  @ApiProperty({ example: 'consecutive_severe_anomalies' }) reason: string;
  @ApiProperty({ example: 'latency', nullable: true, type: String }) metric: string | null;
  @ApiProperty({ enum: DRIFT_KINDS, example: 'level_shift', nullable: true, type: String, description: 'Its kind, as in the event\'s explanation' })
  kind: string | null;
  @ApiProperty({ example: '2026-01-12T10:40:12.000Z', nullable: true, type: String, description: 'When its episode ended (recovered, new normal, reset); null while it drifts' })
  ended: string | null;
}

export class IncidentDto {
  @ApiProperty({ example: '2026-01-12T10:31:02.100Z', description: 'The first onset' }) start: string;
  @ApiProperty({ example: '2026-01-12T10:44:30.000Z', nullable: true, type: String, description: 'When the last member\'s episode ended; null while any member still drifts' })
  end: string | null;
  @ApiProperty({ example: false, description: 'Some member still drifts' }) open: boolean;
  @ApiProperty({ type: IncidentMemberDto, description: 'The member whose drift began first (ties: the first recorded)' }) first_mover: IncidentMemberDto;
  @ApiProperty({ example: 10 }) member_count: number;
  @ApiProperty({ type: [IncidentMemberDto], description: 'Oldest onset first' }) members: IncidentMemberDto[];
}

export class IncidentListDto {
  @ApiProperty({ example: DRIFT_CONFIG_DEFAULTS.incidentWindowMinutes, description: 'DRIFTWATCH_INCIDENT_WINDOW_MINUTES: an onset joins an incident when it starts at most this long after its previous onset' })
  window_minutes: number;
  @ApiProperty({ type: [IncidentDto], description: 'Newest first' }) incidents: IncidentDto[];
  @ApiProperty({ example: '2026-01-11T22:05:00.000Z', nullable: true, type: String, description: 'Pass as `to` for the next (older) page; null when this page is the last' })
  next_to: string | null;
}
