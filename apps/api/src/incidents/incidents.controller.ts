import { parseTimestamp } from '@app/config';
import { DriftExplainer, Incident, IncidentFinder } from '@app/health';
import { BadRequestException, Controller, Get, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ErrorDto } from '../common/error.dto';
import { DEFAULT_INCIDENTS_LIMIT, IncidentDto, IncidentListDto, IncidentsQueryDto } from './incidents.dto';
import { toIncidentDto } from './incidents.mapper';

@ApiTags('incidents')
@ApiBadRequestResponse({ type: ErrorDto, description: 'Invalid query parameter (one message per parameter)' })
@Controller('v1/incidents')
export class IncidentsController {
  constructor(
    private readonly finder: IncidentFinder,
    private readonly explainer: DriftExplainer,
  ) {}

  @Get()
  @ApiOperation({
    summary: 'Drift onsets across services grouped into incidents, newest first',
    description:
      'An onset (a transition into DRIFT_DETECTED) joins an incident when it starts at most DRIFTWATCH_INCIDENT_WINDOW_MINUTES ' +
      '(sample time) after the incident\'s previous onset, so ten alarms from one outage read as one incident. Each incident ' +
      'names its first mover and its members with their kind. Page backwards with `to=<next_to>` until `next_to` is null.',
  })
  @ApiOkResponse({ type: IncidentListDto })
  list(@Query() query: IncidentsQueryDto): IncidentListDto {
    const fromMs = query.from === undefined ? undefined : parseTimestamp(query.from);
    const toMs = query.to === undefined ? undefined : parseTimestamp(query.to);
    if (fromMs !== undefined && toMs !== undefined && fromMs >= toMs) {
      throw new BadRequestException(['from must be earlier than to']);
    }
    const page = this.finder.find({ fromMs, toMs, limit: query.limit ?? DEFAULT_INCIDENTS_LIMIT });
    return {
      window_minutes: this.explainer.windowMs / 60_000,
      incidents: page.incidents.map((incident: Incident): IncidentDto => toIncidentDto(incident, page.events, this.explainer)),
      next_to: page.nextTo === null ? null : new Date(page.nextTo).toISOString(),
    };
  }
}
